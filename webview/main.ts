// The Token Inspector's webview: receives states from the host, renders them, sends requests
// (refresh, verify, open a documentation link, reveal a raw token) and keeps its UI state
// (tab, open sections, session id) with setState so it survives being hidden and reloads.
// Only the elements used are imported, to keep the bundle small.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import './inspector.css';
import { relativeTo } from '../src/shared/format';
import { visible } from '../src/shared/visible';
import type { CopyFormat, InspectorState, TokenSlot, UiState } from '../src/shared/protocol';
import { append, icon } from './dom';
import { Host } from './host';
import type { RevokeAssociated, ServerLoadPart } from '../src/shared/protocol';
import { effectiveValidity, renderState, type ToolsMemory, type View } from './render';

/** Sections that start closed: the raw token is shown only when asked for. */
const closedByDefault = (key: string): boolean => key.endsWith(':raw') || key.endsWith(':key') || key === 'page:session';

const root = document.getElementById('app') as HTMLElement;
let state: InspectorState | undefined;
let ui: UiState = { v: 1, target: 'token' };
let localNotice: View['localNotice'];
const revealing = new Set<TokenSlot>();
let lastValidity = '';

// The token tools' memory: search text and key drafts per tab, in memory only (never setState:
// a pasted key or a searched value is not UI state to keep).
const searches = new Map<TokenSlot, string>();
const keyDrafts = new Map<TokenSlot, string>();
const tools: ToolsMemory = {
  query: (slot) => searches.get(slot) ?? '',
  setQuery: (slot, q) => void (q ? searches.set(slot, q) : searches.delete(slot)),
  keyDraft: (slot) => keyDrafts.get(slot) ?? '',
  setKeyDraft: (slot, text) => void (text ? keyDrafts.set(slot, text) : keyDrafts.delete(slot)),
};

// "Copied …", announced: a live region outside #app, so re-renders do not replace it.
const copyStatus = document.createElement('div');
copyStatus.className = 'copy-status';
copyStatus.setAttribute('role', 'status');
copyStatus.setAttribute('aria-live', 'polite');
copyStatus.setAttribute('data-testid', 'copy-status');
document.body.insertBefore(copyStatus, root);
let copyStatusTimer: ReturnType<typeof setTimeout> | undefined;
function announce(text: string): void {
  copyStatus.replaceChildren();
  append(copyStatus, [icon('check'), ' ', text]);
  if (copyStatusTimer !== undefined) clearTimeout(copyStatusTimer);
  copyStatusTimer = setTimeout(() => copyStatus.replaceChildren(), 4_000);
}
const SLOT_NAME: Record<TokenSlot, string> = { id: 'ID token', access: 'access token', refresh: 'refresh token', token: 'token' };
const COPIED: Record<CopyFormat, string> = { raw: '', bearer: ' as an Authorization header', curl: ' as a curl command (replace <URL>)' };

const host = new Host((next) => {
  state = next;
  const target = next.target;
  const sessionId = target.kind === 'session' || target.kind === 'missing-session' ? target.sessionId : undefined;
  ui = { ...ui, target: sessionId ? 'session' : 'token', ...(sessionId ? { sessionId } : {}) };
  if (!sessionId) delete ui.sessionId;
  if (next.focusSlot) ui.tab = next.focusSlot;
  for (const t of next.tokens) if (t.revealed) revealing.delete(t.slot);
  save();
  render();
});

const restored = host.loadUiState();
if (restored) ui = restored;

function save(): void {
  host.saveUiState(ui);
}

function isOpen(key: string): boolean {
  if (ui.open?.includes(key)) return true;
  if (ui.closed?.includes(key)) return false;
  return !closedByDefault(key);
}

function setOpen(key: string, open: boolean): void {
  if (isOpen(key) === open) return;
  const without = (list: string[] | undefined) => (list ?? []).filter((k) => k !== key);
  const defaultOpen = !closedByDefault(key);
  ui = { ...ui, open: without(ui.open), closed: without(ui.closed) };
  if (open !== defaultOpen) (open ? ui.open : ui.closed)?.push(key);
  save();
}

function clearNotice(): void {
  if (!localNotice) return;
  localNotice = undefined;
  render();
}

function failed(what: string) {
  return (err: unknown) => {
    localNotice = { severity: 'error', text: `${what}: ${err instanceof Error ? err.message : String(err)}` };
    render();
  };
}

/** The Cognito side's requests (webview/server.ts). host.ts's RequestBody does not name them, hence the cast: the host validates them like any other. */
type ServerRequestBody = { command: 'serverLoad'; part: ServerLoadPart } | { command: 'serverRevoke'; serverSessionId: string; associated: RevokeAssociated };
const serverRequest = (body: ServerRequestBody): Promise<void> => host.request(body as unknown as Parameters<Host['request']>[0]);

const view = (): View => ({
  now: Date.now(),
  selected: ui.tab,
  isOpen,
  tools,
  ...(localNotice ? { localNotice } : {}),
  actions: {
    refresh: () => {
      clearNotice();
      host.request({ command: 'refresh' }).catch(failed('The refresh did not complete'));
    },
    verify: () => {
      clearNotice();
      host.request({ command: 'verify' }).catch(failed('Verification did not complete'));
    },
    openDocs: (url) => {
      host.request({ command: 'openDocs', url }).catch(failed('The link could not be opened'));
    },
    server: (action) => {
      host.request({ command: 'server', action }).catch(failed('The server view could not be opened'));
    },
    serverLoad: (part) => {
      clearNotice();
      serverRequest({ command: 'serverLoad', part }).catch(failed(part === 'user' ? 'The server sessions and the user could not be loaded' : 'The client configuration could not be loaded'));
    },
    serverRevoke: (serverSessionId, associated) => {
      clearNotice();
      serverRequest({ command: 'serverRevoke', serverSessionId, associated }).catch(failed('The session could not be revoked'));
    },
    reveal: (slot) => {
      if (revealing.has(slot)) return;
      revealing.add(slot);
      host.request({ command: 'reveal', slot }).catch((err: unknown) => {
        revealing.delete(slot);
        failed('The raw token could not be shown')(err);
      });
    },
    copyValue: (slot, part, name) => {
      clearNotice();
      host
        .request({ command: 'copyValue', slot, part, name })
        .then(() => announce(`Copied the value of ${name}`))
        .catch(failed('The value could not be copied'));
    },
    copyToken: (slot, format) => {
      clearNotice();
      host
        .request({ command: 'copyToken', slot, format })
        .then(() => announce(`Copied the ${SLOT_NAME[slot]}${COPIED[format]}`))
        .catch(failed('The token could not be copied'));
    },
    verifyWithKey: (slot, source, key) => {
      clearNotice();
      const body = source === 'jwks' || source === 'pem' ? { command: 'verifyWithKey' as const, slot, source, key: key ?? '' } : { command: 'verifyWithKey' as const, slot, source };
      host.request(body).catch(failed('The check with the key did not complete'));
    },
    savedKey: (slot, op) => {
      clearNotice();
      host
        .request({ command: 'savedKey', slot, op })
        .then(() => announce(op === 'save' ? 'Saved the key in the secret storage' : 'Deleted the saved key'))
        .catch(failed(op === 'save' ? 'The key could not be saved' : 'The saved key could not be deleted'));
    },
    selectTab: (slot) => {
      if (ui.tab === slot) return;
      ui = { ...ui, tab: slot };
      save();
    },
    toggleSection: (key, open) => setOpen(key, open),
  },
});

/** The element to give focus back to after a render: found again by its test id. */
function focusKey(): string | undefined {
  const active = document.activeElement as HTMLElement | null;
  if (!active || active === document.body || !root.contains(active)) return undefined;
  if (active.tagName === 'SUMMARY') {
    const section = active.closest('details[data-section]')?.getAttribute('data-section');
    return section ? `details[data-section="${CSS.escape(section)}"] > summary` : undefined;
  }
  const id = active.closest('[data-testid]')?.getAttribute('data-testid');
  return id ? `[data-testid="${CSS.escape(id)}"]` : undefined;
}

function render(): void {
  if (!state) return;
  const focus = focusKey();
  const scroll = window.scrollY;
  const v = view();
  root.replaceChildren();
  append(root, renderState(state, v));
  root.setAttribute('aria-busy', String(state.busy.refresh || state.busy.verify));
  root.setAttribute('data-target', state.target.kind);
  document.title = visible(state.title);
  lastValidity = validityKey(v.now);
  window.scrollTo(0, scroll);
  if (focus) {
    const el = root.querySelector<HTMLElement>(focus);
    el?.focus({ preventScroll: true });
    // A search or key box keeps its caret at the end of what was typed.
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.setSelectionRange(el.value.length, el.value.length);
  }
  // A raw section that is open (restored, or opened before) asks for its token once.
  for (const t of state.tokens) {
    if (t.present && !t.error && !t.revealed && isOpen(`${t.slot}:raw`)) v.actions.reveal(t.slot);
  }
}

function validityKey(now: number): string {
  return (state?.tokens ?? []).map((t) => effectiveValidity(t, now) ?? '').join(',');
}

/** Relative times move with the clock; a token that expires meanwhile re-renders. */
function tick(): void {
  if (!state) return;
  const now = Date.now();
  if (validityKey(now) !== lastValidity) {
    render();
    return;
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-epoch]')) {
    const epoch = Number(el.getAttribute('data-epoch'));
    if (Number.isFinite(epoch)) el.textContent = `(${relativeTo(epoch, now)})`;
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-expiry]')) {
    const at = Number(el.getAttribute('data-expiry'));
    if (!Number.isFinite(at) || at === 0) continue;
    const rel = relativeTo(at / 1000, now);
    el.textContent = ` · ${at > now ? 'expires' : 'expired'} ${rel}`;
  }
}

setInterval(tick, 5_000);
host.ready();
