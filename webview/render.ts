// Renders an InspectorState into DOM. Every element a test needs has a stable `data-testid`
// (ids are taken over by the tab elements, so tests should not rely on them):
//
//   inspector-root, inspector-title, refresh-button, verify-button, notice
//   explanation-card (+ explanation-title, -name, -what, -message, -causes, -steps, -retry, -docs)
//   token-tabs, tab-<slot>, panel-<slot>              slot: id | access | refresh | token
//   validity-<slot>, facts-<slot>, notes-<slot>
//   checks-<slot> (+ check-<slot>-<check> rows, data-status pass|fail|skip), verify-note-<slot>
//   claims-<slot> (+ claim-<slot>-<name> rows, data-claim), header-<slot> (+ header-<slot>-<name>)
//   raw-<slot> (+ segments with data-part), raw-reveal-<slot>
//   history (+ history-list, history-entry rows with data-outcome, data-rotated, data-operation)
//   session-details
//   token tools: copy-token-<slot>, copy-bearer-<slot>, copy-curl-<slot>; copy-claim-<slot>-<name> and
//   copy-header-<slot>-<name> (a button per row); claim-search-<slot>, claim-count-<slot>;
//   key-section-<slot> (+ key-input-<slot>, key-verify-<slot>, key-secret-<slot>, key-saved-<slot>,
//   key-save-<slot>, key-forget-<slot>, key-verdict-<slot>, key-checks-<slot> with
//   key-check-<slot>-<check> rows)
import { formatLatency, formatLocalAndUtc, relativeTo } from '../src/shared/format';
import type {
  CheckView,
  ClaimRow,
  CopyFormat,
  KeySource,
  SavedKeyOp,
  ExplanationView,
  HistoryEntryView,
  InspectorState,
  SegmentView,
  ServerAction,
  ServerLoadPart,
  RevokeAssociated,
  TokenSlot,
  TokenView,
  ValidityStateView,
} from '../src/shared/protocol';
import { visible } from '../src/shared/visible';
import { append, h, icon, type Child } from './dom';
import { cognitoSide } from './server';
import { claimCountText, matchesClaim } from './filter';

export interface Actions {
  refresh(): void;
  verify(): void;
  openDocs(url: string): void;
  reveal(slot: TokenSlot): void;
  copyValue(slot: TokenSlot, part: 'claim' | 'header', name: string): void;
  selectTab(slot: TokenSlot): void;
  toggleSection(key: string, open: boolean): void;
  /** The server view (session panels): Show Server Sessions, Show User, Show Client Configuration, Compare Tokens. */
  server?(action: ServerAction): void;
  /** The Cognito side (webview/server.ts): load a part, revoke another server-side session (after the webview's confirmation). */
  serverLoad?(part: ServerLoadPart): void;
  serverRevoke?(serverSessionId: string, associated: RevokeAssociated): void;
  /** The host copies the token (as it is, as a header, as curl) to the clipboard. */
  copyToken?(slot: TokenSlot, format: CopyFormat): void;
  /** A JWKS or PEM key pasted in the panel; `secret` (the host asks in a password box) and `saved` carry none. */
  verifyWithKey?(slot: TokenSlot, source: KeySource, key?: string): void;
  savedKey?(slot: TokenSlot, op: SavedKeyOp): void;
}

/** What the webview keeps in memory across renders for the token tools (never persisted with setState). */
export interface ToolsMemory {
  /** The claims search text of a tab. */
  query(slot: TokenSlot): string;
  setQuery(slot: TokenSlot, query: string): void;
  /** The key text being pasted in a tab's key box (public keys only). */
  keyDraft(slot: TokenSlot): string;
  setKeyDraft(slot: TokenSlot, text: string): void;
}

const SERVER_BUTTONS: readonly (readonly [ServerAction, string, string, string])[] = [
  ['sessions', 'Server sessions', 'server', "List the user's sessions as Cognito keeps them (ListUserSessions)"],
  ['user', 'User', 'account', 'Read the user: attributes, MFA and status (GetUser)'],
  ['config', 'Client configuration', 'settings-gear', "Read the app client's and pool's real configuration (needs AWS credentials)"],
  ['compare', 'Compare', 'diff', 'Compare one of these tokens with another token'],
];

export interface View {
  now: number;
  selected: TokenSlot | undefined;
  isOpen(key: string): boolean;
  /** A message from the webview itself (a request that failed), shown like a host notice. */
  localNotice?: { severity: 'info' | 'warning' | 'error'; text: string };
  actions: Actions;
  tools?: ToolsMemory;
}

const CHECK_LABEL: Record<string, { label: string; claims: string }> = {
  format: { label: 'Format', claims: 'header' },
  signature: { label: 'Signature', claims: 'alg, kid' },
  issuer: { label: 'Issuer', claims: 'iss' },
  token_use: { label: 'Token use', claims: 'token_use' },
  audience: { label: 'Audience', claims: 'aud / client_id' },
  expiry: { label: 'Expiry', claims: 'exp' },
  not_before: { label: 'Not before', claims: 'nbf, iat' },
};

/** Which verification check speaks for a claim (its row shows that check's result). */
const CLAIM_CHECK: Record<string, string> = {
  iss: 'issuer',
  token_use: 'token_use',
  aud: 'audience',
  client_id: 'audience',
  exp: 'expiry',
  nbf: 'not_before',
  iat: 'not_before',
  alg: 'signature',
  kid: 'signature',
};

const STATUS_ICON: Record<string, string> = { pass: 'pass', fail: 'error', skip: 'circle-slash' };
const STATUS_TEXT: Record<string, string> = { pass: 'passed', fail: 'failed', skip: 'skipped' };

const VALIDITY_TEXT: Record<ValidityStateView, string> = {
  valid: 'Valid',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
  'no-expiry': 'No expiry',
  unknown: 'Validity unknown',
  revoked: 'Revoked',
};

// ───────────────────────────────────────── helpers ─────────────────────────────────────────

/** Local time with UTC beside it, "2026-12-01 14:05:09 (local, UTC+01:00) · 13:05:09 UTC", and a relative part that the ticker keeps current. */
export function timeEl(epochSeconds: number, now: number): HTMLElement {
  const ms = epochSeconds * 1000;
  const iso = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : '';
  return h(
    'time',
    { datetime: iso, title: iso ? `${iso} (UTC)` : undefined },
    formatLocalAndUtc(ms),
    ' ',
    h('span', { class: 'relative', 'data-epoch': epochSeconds }, `(${relativeTo(epochSeconds, now)})`),
  );
}

/** Validity as the webview sees it now: a token whose expiry passed since the state was built is expired. */
export function effectiveValidity(t: TokenView, now: number): ValidityStateView | undefined {
  const v = t.validity;
  if (!v) return undefined;
  if (v.state === 'revoked') return 'revoked';
  if (v.expiresAt !== undefined && v.state !== 'expired' && now >= v.expiresAt + v.clockSkewSeconds * 1000) return 'expired';
  return v.state;
}

function validityPhrase(t: TokenView, now: number): string {
  const v = t.validity;
  if (!v) return '';
  const state = effectiveValidity(t, now) ?? v.state;
  if (v.expiresAt !== undefined && (state === 'valid' || state === 'expired')) {
    const rel = relativeTo(v.expiresAt / 1000, now);
    return state === 'valid' ? `expires ${rel}` : `expired ${rel}`;
  }
  if (state === 'not-yet-valid' && v.validFrom !== undefined) return `valid from ${relativeTo(v.validFrom / 1000, now)}`;
  if (state === 'revoked' && v.revoked) return `revoked ${relativeTo(Date.parse(v.revoked.at) / 1000, now)}`;
  return '';
}

function section(key: string, view: View, title: Child, testid: string, ...body: Child[]): HTMLElement {
  const details = h('details', { 'data-section': key, 'data-testid': `section-${key.replace(':', '-')}`, open: view.isOpen(key) });
  const summary = h('summary', {}, h('span', { class: 'summary-title' }, title));
  details.append(summary, h('div', { class: 'section-body', 'data-testid': testid }, ...body.flat()));
  details.addEventListener('toggle', () => view.actions.toggleSection(key, (details as HTMLDetailsElement).open));
  return details;
}

function button(testid: string, label: string, iconName: string, onClick: () => void, opts: { secondary?: boolean; disabled?: boolean; ariaLabel?: string; busy?: boolean } = {}): HTMLElement {
  const b = h(
    'vscode-button',
    {
      'data-testid': testid,
      icon: iconName,
      secondary: opts.secondary,
      disabled: opts.disabled,
      'icon-spin': opts.busy,
      'aria-label': opts.ariaLabel,
      'aria-disabled': opts.disabled ? 'true' : undefined,
    },
    label,
  );
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

// ───────────────────────────────────────── header ─────────────────────────────────────────

function toolbar(state: InspectorState, view: View): HTMLElement {
  const s = state.session;
  const subtitle =
    s !== undefined
      ? `${s.userPoolId} · client ${s.clientId} · ${s.region}${s.endpoint ? ` · ${s.endpoint}` : ''}`
      : state.target.kind === 'token'
        ? 'A token on its own (not a stored session)'
        : '';
  const actions: HTMLElement[] = [];
  if (state.target.kind === 'session') {
    actions.push(
      button('refresh-button', state.busy.refresh ? 'Refreshing…' : 'Refresh', 'refresh', view.actions.refresh, {
        disabled: state.busy.refresh,
        busy: state.busy.refresh,
        ariaLabel: 'Refresh the session (exchange its refresh token for new tokens)',
      }),
    );
  }
  if (state.target.kind === 'session' || state.target.kind === 'token') {
    actions.push(
      button('verify-button', state.busy.verify ? 'Verifying…' : 'Verify signatures', 'workspace-trusted', view.actions.verify, {
        secondary: state.target.kind === 'session',
        disabled: state.busy.verify,
        busy: state.busy.verify,
        ariaLabel: "Verify the signatures and claims against the user pool's public keys",
      }),
    );
  }
  const server = view.actions.server;
  if (state.target.kind === 'session' && server) {
    for (const [action, label, iconName, ariaLabel] of SERVER_BUTTONS) {
      actions.push(button(`server-${action}-button`, label, iconName, () => server(action), { secondary: true, ariaLabel }));
    }
  }
  return h(
    'header',
    { class: 'toolbar' },
    h('div', { class: 'heading' }, h('h1', { 'data-testid': 'inspector-title' }, state.title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Inspector actions' }, actions),
  );
}

function notice(n: { severity: 'info' | 'warning' | 'error'; text: string } | undefined): HTMLElement {
  // Always present (empty when there is nothing to say) so screen readers announce changes.
  const el = h('div', { class: `notice${n ? ` notice-${n.severity}` : ''}`, role: n?.severity === 'error' ? 'alert' : 'status', 'aria-live': 'polite', 'data-testid': 'notice' });
  if (n) el.append(icon(n.severity === 'error' ? 'error' : n.severity === 'warning' ? 'warning' : 'info'), ' ', n.text);
  return el;
}

// ─────────────────────────────────────── explanation ───────────────────────────────────────

function explanationCard(e: ExplanationView, view: View): HTMLElement {
  const meta: Child[] = [h('code', { 'data-testid': 'explanation-name' }, e.name)];
  if (e.operation) meta.push(' · ', e.operation);
  if (e.httpStatus !== undefined) meta.push(' · HTTP ', e.httpStatus);
  if (e.at) meta.push(' · ', timeEl(Date.parse(e.at) / 1000, view.now));
  if (e.requestId) meta.push(' · request id ', h('code', {}, e.requestId));
  const hints = new Set(e.hints);
  return h(
    'section',
    { class: 'card explanation', 'data-testid': 'explanation-card', 'data-error-id': e.id, 'aria-labelledby': 'explanation-title' },
    h('h2', { id: 'explanation-title', 'data-testid': 'explanation-title' }, icon('error', 'error-icon'), ' Last failure: ', e.title),
    h('p', { class: 'meta' }, meta),
    h('p', { 'data-testid': 'explanation-what' }, e.whatHappened),
    e.message ? h('blockquote', { 'data-testid': 'explanation-message' }, e.message) : null,
    h('h3', {}, 'Likely causes'),
    h(
      'ol',
      { 'data-testid': 'explanation-causes' },
      e.likelyCauses.map((c) => h('li', { class: hints.has(c) ? 'hint' : undefined }, hints.has(c) ? [h('strong', {}, 'From your settings: '), c] : c)),
    ),
    h('h3', {}, 'What to do'),
    h('ol', { 'data-testid': 'explanation-steps' }, e.whatToDo.map((s) => h('li', {}, s))),
    e.retryAdvice ? h('p', { class: 'retry', 'data-testid': 'explanation-retry' }, h('strong', {}, 'Retry: '), e.retryAdvice) : null,
    h(
      'div',
      { class: 'card-actions' },
      button('explanation-docs', 'Open the AWS documentation', 'link-external', () => view.actions.openDocs(e.docsUrl), {
        secondary: true,
        ariaLabel: `Open the AWS documentation for ${e.name} in the browser`,
      }),
      h('span', { class: 'url' }, e.docsUrl),
    ),
  );
}

// ───────────────────────────────────────── tokens ─────────────────────────────────────────

function checkIconFor(claim: string, t: TokenView): HTMLElement | null {
  const name = CLAIM_CHECK[claim];
  const check = name ? t.verification?.checks.find((c) => c.name === name) : undefined;
  if (!check) return null;
  const label = `${CHECK_LABEL[check.name]?.label ?? check.name} check ${STATUS_TEXT[check.status] ?? check.status}`;
  return h('span', { class: `check-mark status-${check.status}`, role: 'img', 'aria-label': label, title: `${label}: ${check.detail}` }, icon(STATUS_ICON[check.status] ?? 'question'));
}

function claimTable(slot: TokenSlot, kind: 'claim' | 'header', rows: ClaimRow[], t: TokenView, view: View): HTMLElement {
  const caption = kind === 'claim' ? 'Claims' : 'Header';
  return h(
    'table',
    { class: 'claims', 'data-testid': kind === 'claim' ? `claims-${slot}` : `header-${slot}` },
    h('caption', { class: 'visually-hidden' }, `${caption} of the ${t.label}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Meaning'))),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          // The name in attributes (for tests and focus) with its hidden characters escaped too.
          {
            'data-testid': `${kind === 'claim' ? 'claim' : 'header'}-${slot}-${visible(r.name)}`,
            'data-claim': visible(r.name),
            'data-source': r.source,
            hidden: kind === 'claim' && !matchesClaim(r, view.tools?.query(slot) ?? ''),
          },
          h('th', { scope: 'row', class: 'claim-name' }, h('code', {}, r.name), ' ', checkIconFor(r.name, t), r.source === 'cognito' ? h('span', { class: 'tag' }, 'Cognito') : null),
          h(
            'td',
            { class: 'claim-value' },
            h('code', {}, r.value),
            copyRowButton(slot, kind, r, view),
            r.epochSeconds !== undefined ? h('div', { class: 'human-time' }, timeEl(r.epochSeconds, view.now)) : null,
            r.fullLength !== undefined ? cutNote(slot, kind, r, view) : null,
          ),
          h('td', { class: 'claim-meaning' }, r.explanation ?? (r.source === 'custom' ? 'A custom claim (added by a pre token generation Lambda or another issuer).' : '')),
        ),
      ),
    ),
  );
}

/** Under a value cut for display: how long it is, and a button that copies it whole. */
function cutNote(slot: TokenSlot, kind: 'claim' | 'header', r: ClaimRow, view: View): HTMLElement {
  const total = (r.fullLength ?? 0).toLocaleString('en-US');
  return h(
    'div',
    { class: 'cut-note muted', 'data-testid': `cut-${slot}-${kind}` },
    `Cut for display: ${total} characters in all. `,
    r.name.length <= 256
      ? button(`copy-${slot}-${kind}`, 'Copy whole value', 'copy', () => view.actions.copyValue(slot, kind, r.name), {
          secondary: true,
          ariaLabel: `Copy the whole value (${total} characters) to the clipboard`,
        })
      : null,
  );
}

function checksView(t: TokenView, view: View): Child[] {
  const v = t.verification;
  if (!v) {
    return [
      h(
        'p',
        { class: 'muted', 'data-testid': `verify-note-${t.slot}` },
        t.verifyNote ?? "Not checked yet. Verify fetches the user pool's public keys (JWKS) and checks the signature, then each claim.",
      ),
    ];
  }
  const failed = v.checks.filter((c) => c.status === 'fail').length;
  const unchecked = v.status === 'unchecked' || v.status === 'needs-confirmation';
  const summary = v.ok
    ? h('p', { class: 'verdict status-pass', 'data-testid': `verdict-${t.slot}` }, icon('verified'), ' Signature valid, no check failed.')
    : unchecked
      ? h(
          'p',
          { class: 'verdict status-skip', 'data-testid': `verdict-${t.slot}`, 'data-status': 'unchecked' },
          icon('question'),
          v.error?.code === 'jwks-unreachable'
            ? [' Could not check: keys unreachable at ', h('code', {}, v.jwksUri ?? 'the issuer'), v.error.cause ? ` (${v.error.cause}).` : '.', ' This says nothing against the token.']
            : ` Could not check the signature${v.error ? ` (${v.error.message})` : ''}.`,
        )
      : h('p', { class: 'verdict status-fail', 'data-testid': `verdict-${t.slot}` }, icon('unverified'), ` Not verified: ${failed} check${failed === 1 ? '' : 's'} failed${v.error ? ` (${v.error.message})` : ''}.`);
  const facts: Child[] = [];
  if (v.alg) facts.push(`alg ${v.alg}`);
  if (v.kid) facts.push(` · kid ${v.kid}`);
  if (v.jwksUri) facts.push(' · keys from ', h('code', {}, v.jwksUri));
  facts.push(' · checked ', timeEl(v.at / 1000, view.now));
  return [
    summary,
    h('p', { class: 'meta' }, facts),
    h(
      'table',
      { class: 'checks', 'data-testid': `checks-${t.slot}` },
      h('caption', { class: 'visually-hidden' }, `Signature and claim checks of the ${t.label}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Check'), h('th', { scope: 'col' }, 'Claims'), h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Detail'))),
      h('tbody', {}, v.checks.map((c) => checkRow(t.slot, c))),
    ),
  ];
}

function checkRow(slot: TokenSlot, c: CheckView): HTMLElement {
  const label = CHECK_LABEL[c.name] ?? { label: c.name, claims: '' };
  return h(
    'tr',
    { 'data-testid': `check-${slot}-${c.name}`, 'data-status': c.status },
    h('th', { scope: 'row' }, label.label),
    h('td', {}, h('code', {}, label.claims)),
    h('td', { class: `status-${c.status}` }, icon(STATUS_ICON[c.status] ?? 'question'), ' ', STATUS_TEXT[c.status] ?? c.status),
    h('td', {}, c.detail),
  );
}

function rawView(t: TokenView): Child[] {
  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Parts of the token' },
    t.segments.map((s) => h('li', { class: `seg-${s.part}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), `${s.label} (${s.length} characters)`)),
  );
  const intro = h(
    'p',
    { class: 'muted' },
    t.encrypted
      ? 'An encrypted token (JWE) has five parts separated by dots: header, encrypted key, initialization vector, ciphertext and authentication tag.'
      : 'A signed token (JWS) has three parts separated by dots: header, payload and signature, each base64url-encoded.',
  );
  if (!t.revealed) {
    return [
      intro,
      legend,
      h('p', { class: 'muted', 'data-testid': `raw-pending-${t.slot}` }, 'Loading the raw token…'),
    ];
  }
  const pre = h('pre', { class: 'raw', 'data-testid': `raw-${t.slot}`, tabindex: 0, 'aria-label': `The raw ${t.label}` });
  t.segments.forEach((s: SegmentView, i) => {
    if (i > 0) pre.append(h('span', { class: 'dot' }, '.'));
    pre.append(h('span', { class: `seg seg-${s.part}`, 'data-part': s.part, title: `${s.label} (${s.length} characters)` }, s.text ?? ''));
  });
  return [intro, legend, pre, h('p', { class: 'muted' }, `${t.length} characters in all. This view is only in this panel; it is never logged or stored.`)];
}

// ─────────────────────────────────────── token tools ───────────────────────────────────────

const COPY_BUTTONS: readonly (readonly [CopyFormat, string, string])[] = [
  ['raw', 'Copy token', 'Copy the token to the clipboard'],
  ['bearer', 'Copy as header', 'Copy the token as an Authorization: Bearer header line'],
  ['curl', 'Copy as curl', 'Copy a curl command that sends the token (replace <URL> with your API)'],
];

/** Copy buttons for the whole token: the host writes it to the clipboard (the webview never holds it for this). */
function tokenCopyBar(t: TokenView, view: View): HTMLElement | null {
  const copy = view.actions.copyToken;
  if (!copy) return null;
  // A refresh token is never sent in an Authorization header.
  const formats = t.slot === 'refresh' ? COPY_BUTTONS.filter(([f]) => f === 'raw') : COPY_BUTTONS;
  return h(
    'div',
    { class: 'token-tools', role: 'toolbar', 'aria-label': `Copy the ${t.label}` },
    formats.map(([format, label, aria]) => button(`copy-${format === 'raw' ? 'token' : format}-${t.slot}`, label, 'copy', () => copy(t.slot, format), { secondary: true, ariaLabel: `${aria} (${t.label})` })),
  );
}

/** A small copy button in a value cell: the host copies the whole value (names up to 256 characters, as the protocol allows). */
function copyRowButton(slot: TokenSlot, kind: 'claim' | 'header', r: ClaimRow, view: View): HTMLElement | null {
  if (r.name.length > 256) return null;
  // Its accessible name is text inside it (token text stays out of attributes).
  const b = button(`copy-${kind}-${slot}-${visible(r.name)}`, '', 'copy', () => view.actions.copyValue(slot, kind, r.name), { secondary: true });
  b.append(h('span', { class: 'visually-hidden' }, 'Copy the value of ', r.name));
  return b;
}

/** The claims table with a search field over it: name and value, case-insensitive, plain text. */
function searchableClaims(slot: TokenSlot, t: TokenView, view: View): Child[] {
  const table = claimTable(slot, 'claim', t.claims, t, view);
  const tools = view.tools;
  if (!tools) return [table];
  const query = tools.query(slot);
  const count = h('span', { class: 'claim-count muted', role: 'status', 'aria-live': 'polite', 'data-testid': `claim-count-${slot}` }, claimCountText(t.claims, query));
  const input = h('input', {
    type: 'search',
    class: 'claim-search',
    'data-testid': `claim-search-${slot}`,
    'aria-label': `Search the claims of the ${t.label} by name or value (Escape clears)`,
    placeholder: 'Search claims',
    spellcheck: 'false',
    autocomplete: 'off',
    maxlength: 256,
    value: query,
  }) as HTMLInputElement;
  const apply = () => {
    const q = input.value;
    tools.setQuery(slot, q);
    const rows = table.querySelectorAll('tbody > tr');
    t.claims.forEach((r, i) => rows[i]?.toggleAttribute('hidden', !matchesClaim(r, q)));
    count.textContent = claimCountText(t.claims, q);
  };
  input.addEventListener('input', apply);
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || input.value === '') return;
    e.preventDefault();
    e.stopPropagation();
    input.value = '';
    apply();
  });
  return [h('div', { class: 'claim-search-bar' }, input, ' ', count), table];
}

function keyCheckRow(slot: TokenSlot, c: CheckView): HTMLElement {
  const label = CHECK_LABEL[c.name] ?? { label: c.name, claims: '' };
  return h(
    'tr',
    { 'data-testid': `key-check-${slot}-${c.name}`, 'data-status': c.status },
    h('th', { scope: 'row' }, label.label),
    h('td', { class: `status-${c.status}` }, icon(STATUS_ICON[c.status] ?? 'question'), ' ', STATUS_TEXT[c.status] ?? c.status),
    h('td', {}, c.detail),
  );
}

/** Verify with a key the user gives: a JWKS or PEM pasted here, a secret asked by the host, or the saved key. */
function keyTools(t: TokenView, view: View): Child[] {
  const slot = t.slot;
  const verify = view.actions.verifyWithKey;
  const saved = view.actions.savedKey;
  if (!verify) return [];
  const draft = view.tools?.keyDraft(slot) ?? '';
  const box = h('textarea', {
    class: 'key-input',
    'data-testid': `key-input-${slot}`,
    'aria-label': 'A public key to verify with: a JWKS (JSON) or a PEM public key (-----BEGIN PUBLIC KEY-----)',
    placeholder: '{"keys": [...]}  or  -----BEGIN PUBLIC KEY-----',
    rows: 5,
    spellcheck: 'false',
    autocomplete: 'off',
    maxlength: 65536,
  }) as HTMLTextAreaElement;
  box.value = draft;
  box.addEventListener('input', () => view.tools?.setKeyDraft(slot, box.value));
  const buttons: HTMLElement[] = [
    button(
      `key-verify-${slot}`,
      'Verify with this key',
      'key',
      () => {
        const text = box.value;
        if (text.trim() === '') {
          box.focus();
          return;
        }
        verify(slot, text.trimStart().startsWith('-----BEGIN') ? 'pem' : 'jwks', text);
      },
      { ariaLabel: 'Verify the signature with the JWKS or PEM public key in the box' },
    ),
    button(`key-secret-${slot}`, 'Verify with a shared secret…', 'lock', () => verify(slot, 'secret'), {
      secondary: true,
      ariaLabel: 'Verify an HS256, HS384 or HS512 signature with a shared secret, typed in a password box of VS Code (never in this panel)',
    }),
  ];
  if (t.savedKey) {
    buttons.push(button(`key-saved-${slot}`, 'Verify with the saved key', 'verified', () => verify(slot, 'saved'), { secondary: true, ariaLabel: "Verify with the key saved for this token's issuer" }));
    if (saved) buttons.push(button(`key-forget-${slot}`, 'Forget the saved key', 'trash', () => saved(slot, 'forget'), { secondary: true, ariaLabel: "Delete the key saved for this token's issuer from the secret storage" }));
  }
  const k = t.keyCheck;
  const canSave = saved && k && k.signature !== 'error' && !k.fromSaved;
  if (canSave) {
    buttons.push(button(`key-save-${slot}`, 'Save key', 'save', () => saved(slot, 'save'), { secondary: true, ariaLabel: "Save the key that verified this token in VS Code's secret storage, for tokens from this issuer" }));
  }
  const out: Child[] = [
    h(
      'p',
      { class: 'muted' },
      "Check the signature with a key you give, offline: for tokens that are not Cognito's, or without network. The key stays in this panel's memory until it closes, unless you save it (VS Code's secret storage, for tokens from this issuer).",
    ),
    box,
    h('div', { class: 'key-actions' }, buttons),
  ];
  if (k) {
    const failed = k.checks.filter((c) => c.status === 'fail').map((c) => CHECK_LABEL[c.name]?.label ?? c.name);
    const verdict =
      k.signature === 'error'
        ? h('p', { class: 'verdict status-skip', 'data-testid': `key-verdict-${slot}`, 'data-status': 'error' }, icon('warning'), ` Not checked: ${k.error?.message ?? 'the key could not be used'}.`)
        : k.ok
          ? h('p', { class: 'verdict status-pass', 'data-testid': `key-verdict-${slot}`, 'data-status': 'pass' }, icon('verified'), ' Signature verified with the ', k.keyDescription, '.')
          : k.signature === 'invalid'
            ? h('p', { class: 'verdict status-fail', 'data-testid': `key-verdict-${slot}`, 'data-status': 'fail' }, icon('unverified'), ' Invalid signature: not signed with the ', k.keyDescription, ', or changed since.')
            : h('p', { class: 'verdict status-fail', 'data-testid': `key-verdict-${slot}`, 'data-status': 'fail' }, icon('unverified'), ` Signature valid, but ${failed.join(', ').toLowerCase()} failed.`);
    const meta: Child[] = [];
    if (k.alg) meta.push(`alg ${k.alg}`);
    if (k.kid) meta.push(` · kid ${k.kid}`);
    meta.push(k.fromSaved ? ' · the saved key' : '', ' · checked ', timeEl(k.at / 1000, view.now));
    out.push(verdict, h('p', { class: 'meta' }, meta));
    if (k.checks.length > 0) {
      out.push(
        h(
          'table',
          { class: 'checks key-checks', 'data-testid': `key-checks-${slot}` },
          h('caption', { class: 'visually-hidden' }, `Checks of the ${t.label} with the given key`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Check'), h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Detail'))),
          h('tbody', {}, k.checks.map((c) => keyCheckRow(slot, c))),
        ),
      );
    }
  }
  return out;
}

function tokenPanel(t: TokenView, view: View): HTMLElement {
  const slot = t.slot;
  const panel = h('vscode-tab-panel', { 'data-testid': `panel-${slot}`, 'data-slot': slot });
  if (!t.present) {
    panel.append(h('p', { class: 'muted empty', 'data-testid': `empty-${slot}` }, `This session holds no ${t.label.toLowerCase()}. Refresh the session to get one.`));
    return panel;
  }
  if (t.error) {
    panel.append(
      h('p', { class: 'notice notice-warning', 'data-testid': `error-${slot}` }, icon('warning'), ` This ${t.label.toLowerCase()} is not a readable JWT: ${t.error}`),
      h('p', { class: 'muted' }, `${t.length} characters${t.fingerprint ? `, fingerprint ${t.fingerprint}` : ''}.`),
    );
    return panel;
  }
  const state = effectiveValidity(t, view.now);
  const phrase = validityPhrase(t, view.now);
  append(panel, [
    h(
      'p',
      { class: `validity validity-${state ?? 'unknown'}`, 'data-testid': `validity-${slot}`, 'data-state': state ?? 'unknown' },
      icon(state === 'valid' ? 'pass' : state === 'expired' || state === 'revoked' ? 'error' : t.encrypted ? 'lock' : 'warning'),
      ' ',
      h('strong', {}, state === 'revoked' ? (t.encrypted ? 'Encrypted · Revoked' : 'Revoked') : t.encrypted ? 'Encrypted' : VALIDITY_TEXT[state ?? 'unknown']),
      phrase ? h('span', { 'data-expiry': t.validity?.expiresAt ?? '' }, ` · ${phrase}`) : null,
      t.validity?.withinSkew ? ` (within the ${t.validity.clockSkewSeconds} s clock-skew tolerance)` : null,
      t.fingerprint ? h('span', { class: 'fingerprint', title: 'A one-way fingerprint of the token (what the history shows)' }, ` · fingerprint ${t.fingerprint}`) : null,
    ),
    tokenCopyBar(t, view),
    h('dl', { class: 'facts', 'data-testid': `facts-${slot}` }, t.facts.map((f) => [h('dt', {}, f.label), h('dd', {}, f.value)])),
    t.notes.length > 0 ? h('ul', { class: 'notes', 'data-testid': `notes-${slot}` }, t.notes.map((n) => h('li', {}, icon('info'), ' ', n))) : null,
    section(`${slot}:checks`, view, 'Signature check', `checks-section-${slot}`, checksView(t, view)),
    t.claims.length > 0 ? section(`${slot}:claims`, view, `Claims (${t.claims.length})`, `claims-section-${slot}`, searchableClaims(slot, t, view)) : null,
    section(`${slot}:header`, view, `Header (${t.header.length})`, `header-section-${slot}`, claimTable(slot, 'header', t.header, t, view)),
    t.format === 'jws' && !t.unsigned && view.actions.verifyWithKey ? section(`${slot}:key`, view, 'Verify with a key', `key-section-${slot}`, keyTools(t, view)) : null,
  ]);
  const raw = section(`${slot}:raw`, view, 'Raw token', `raw-section-${slot}`, rawView(t));
  raw.addEventListener('toggle', () => {
    if ((raw as HTMLDetailsElement).open && !t.revealed) view.actions.reveal(slot);
  });
  panel.append(raw);
  return panel;
}

function tabHeader(t: TokenView, view: View): HTMLElement {
  const state = effectiveValidity(t, view.now);
  const badgeText = !t.present ? 'none' : t.error ? 'unreadable' : state === 'revoked' ? 'revoked' : t.encrypted ? 'encrypted' : state === 'valid' ? 'valid' : state ? VALIDITY_TEXT[state].toLowerCase() : '';
  return h(
    'vscode-tab-header',
    { slot: 'header', 'data-testid': `tab-${t.slot}`, 'data-slot': t.slot, 'aria-label': `${t.label}${badgeText ? `, ${badgeText}` : ''}` },
    t.label,
    badgeText ? h('vscode-badge', { slot: 'content-after', class: `badge-${state ?? 'none'}` }, badgeText) : null,
  );
}

function tokenTabs(state: InspectorState, view: View): HTMLElement | null {
  if (state.tokens.length === 0) return null;
  const slots = state.tokens.map((t) => t.slot);
  const firstPresent = state.tokens.find((t) => t.present)?.slot;
  const wanted = view.selected && slots.includes(view.selected) ? view.selected : (firstPresent ?? slots[0]);
  const index = Math.max(0, slots.indexOf(wanted as TokenSlot));
  const tabs = h('vscode-tabs', { 'data-testid': 'token-tabs', 'selected-index': index, 'aria-label': 'Tokens' });
  for (const t of state.tokens) tabs.append(tabHeader(t, view));
  for (const t of state.tokens) tabs.append(tokenPanel(t, view));
  tabs.addEventListener('vsc-tabs-select', (e) => {
    const i = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
    const slot = slots[i];
    if (slot) view.actions.selectTab(slot);
  });
  // The element selects with Enter; Space selects too, as for any tab (ARIA practices).
  tabs.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (e.key !== ' ' || target?.tagName !== 'VSCODE-TAB-HEADER') return;
    e.preventDefault();
    const slot = target.getAttribute('data-slot') as TokenSlot | null;
    const i = slot ? slots.indexOf(slot) : -1;
    if (i >= 0) {
      tabs.setAttribute('selected-index', String(i));
      view.actions.selectTab(slots[i] as TokenSlot);
    }
  });
  return tabs;
}

// ───────────────────────────────────────── history ─────────────────────────────────────────

function historyEntry(e: HistoryEntryView, i: number, view: View): HTMLElement {
  const ok = e.outcome === 'success';
  const rotation =
    e.operation === 'RevokeToken'
      ? h('span', {}, 'Revoked ', h('code', {}, e.oldFingerprint))
      : e.operation === 'GlobalSignOut'
        ? h('span', {}, 'Signed out everywhere: revoked ', h('code', {}, e.oldFingerprint))
      : e.rotated
        ? h('span', { class: 'rotated' }, icon('sync'), ' Rotated ', h('code', {}, e.oldFingerprint), ' → ', h('code', {}, e.newFingerprint ?? '?'))
        : h('span', {}, ok ? 'Not rotated: kept ' : 'Sent ', h('code', {}, e.oldFingerprint));
  return h(
    'li',
    {
      class: `entry ${ok ? 'entry-success' : 'entry-error'}`,
      'data-testid': 'history-entry',
      'data-index': i,
      'data-outcome': e.outcome,
      'data-rotated': String(e.rotated),
      'data-operation': e.operation,
    },
    h('span', { class: `marker status-${ok ? 'pass' : 'fail'}`, role: 'img', 'aria-label': ok ? 'Succeeded' : 'Failed' }, icon(ok ? 'pass' : 'error')),
    h(
      'div',
      { class: 'entry-body' },
      h('div', { class: 'entry-head' }, h('strong', {}, e.operation), ' · ', timeEl(Date.parse(e.at) / 1000, view.now), ' · ', h('span', { title: 'Latency' }, formatLatency(e.latencyMs))),
      h('div', {}, rotation),
      e.errorName
        ? h(
            'div',
            { class: 'entry-error-text' },
            h('code', {}, e.errorName),
            e.errorTitle ? `: ${e.errorTitle}` : '',
            e.httpStatus !== undefined ? ` (HTTP ${e.httpStatus})` : '',
            e.errorMessage ? h('div', { class: 'muted' }, e.errorMessage) : null,
          )
        : null,
      e.notes.length > 0 ? h('ul', { class: 'entry-notes' }, e.notes.map((n) => h('li', { 'data-note': n.code }, n.text))) : null,
      e.requestId ? h('div', { class: 'muted' }, 'Request id ', h('code', {}, e.requestId)) : null,
    ),
  );
}

function history(state: InspectorState, view: View): HTMLElement | null {
  if (state.target.kind !== 'session') return null;
  return h(
    'section',
    { class: 'history', 'data-testid': 'history', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, icon('history'), ' Rotation history'),
    state.history.length === 0
      ? h('p', { class: 'muted', 'data-testid': 'history-empty' }, 'No refresh yet. Refresh the session to see the refresh token rotate.')
      : h('ol', { class: 'timeline', 'data-testid': 'history-list', 'aria-label': 'Refreshes, newest first' }, state.history.map((e, i) => historyEntry(e, i, view))),
  );
}

function sessionDetails(state: InspectorState, view: View): HTMLElement | null {
  const s = state.session;
  if (!s) return null;
  const rows: [string, string][] = [
    ['Label', s.label],
    ['Region', s.region],
    ['User pool', s.userPoolId],
    ['App client', s.clientId],
    ['Client secret', s.hasClientSecret ? 'Stored (in SecretStorage)' : 'None'],
    ['Refresh method', s.effectiveMethod && s.effectiveMethod !== s.refreshMethod ? `${s.refreshMethod} (using ${s.effectiveMethod})` : s.refreshMethod],
    ['Refresh token rotation', s.rotation],
  ];
  if (s.endpoint) rows.push(['Endpoint', s.endpoint]);
  if (s.username) rows.push(['Username', s.username]);
  return section(
    'page:session',
    view,
    'Session settings',
    'session-details',
    h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('p', { class: 'muted' }, 'Updated ', timeEl(Date.parse(s.updatedAt) / 1000, view.now)),
  );
}

// ─────────────────────────────────────────── all ───────────────────────────────────────────

export function renderState(state: InspectorState, view: View): Child[] {
  return [
    toolbar(state, view),
    notice(view.localNotice ?? state.notice),
    state.lastError ? explanationCard(state.lastError, view) : null,
    tokenTabs(state, view),
    cognitoSide(state, view),
    history(state, view),
    sessionDetails(state, view),
  ];
}
