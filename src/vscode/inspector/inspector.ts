// The inspector's panels: one per session and one per bare token (opening the same one again
// reveals its panel), restored after a reload by a WebviewPanelSerializer from the UI state
// the webview kept (the session id, never a token), kept live by the source's onDidChange.
import * as vscode from 'vscode';
import { fingerprint } from '../../core/sessions/index';
import { INSPECTOR_VIEW_TYPE, parseUiState, type CognitoSideView, type InspectorState, type TokenSlot } from '../../shared/protocol';
import type { Ctx } from '../context';
import type { InspectorSource } from './index';
import { InspectorPanel, type HandleResult, type PanelTarget } from './panel';

const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** What the tests (and only summaries, never token values) can read about one panel. */
export interface InspectorDebugPanel {
  key: string;
  viewType: string;
  title: string;
  visible: boolean;
  ready: boolean;
  /** The panel's HTML (the shell: no token is ever in it) and its CSP. */
  html: string;
  csp: string;
  accepted: number;
  rejected: number;
  statesPosted: number;
  lastRejection?: string;
  lastState?: StateSummary;
  /** How many times the panel asked for a shared secret in its password box (never what was typed). */
  secretPrompts: number;
  /** The tab the last state delivered to the webview asked it to show (the webview then shows it). */
  focusDelivered?: TokenSlot;
}

/** The last state built for a panel, reduced to names, statuses and fingerprints. */
export interface StateSummary {
  target: InspectorState['target'];
  title: string;
  busy: InspectorState['busy'];
  notice?: InspectorState['notice'];
  tabs: {
    slot: TokenSlot;
    present: boolean;
    kind?: string;
    format?: string;
    encrypted: boolean;
    fingerprint?: string;
    validity?: string;
    headerNames: string[];
    claimNames: string[];
    /** Claims that carry an explanation. */
    explainedClaims: string[];
    segmentParts: string[];
    /** Segments whose text was sent (only after a `reveal`). */
    segmentsWithText: number;
    verification?: { ok: boolean; checks: { name: string; status: string }[] };
    /** The last check with a key the user gave: the outcome and the key's description, never the key. */
    keyCheck?: { ok: boolean; signature: string; keyKind: string; keyDescription: string; fromSaved: boolean; checks: { name: string; status: string }[]; error?: string };
    savedKey?: boolean;
  }[];
  /** The kind of key the panel holds in memory, if any. */
  pastedKey?: string;
  history: InspectorState['history'];
  lastError?: { id: string; title: string; docsUrl: string; likelyCauses: number; whatToDo: number };
  /** The tab the last built state asked the webview to show (kept until a ready webview got it). */
  focusSlot?: TokenSlot;
  /** The Cognito side as sent (it holds no token: what Cognito said, and the catalog's explanations). */
  server?: CognitoSideView;
}

/** The production-safe test hooks (exported through the extension's API). */
export interface InspectorTestApi {
  /** Opens (or reveals) a panel and returns its key. */
  open(target: { sessionId: string; slot?: TokenSlot } | { token: string }): Promise<string>;
  debugState(): InspectorDebugPanel[];
  /** Feeds a message to a panel exactly as if its webview had posted it (same validator, same handler). */
  receive(key: string, message: unknown): Promise<HandleResult>;
}

function summarize(state: InspectorState): StateSummary {
  const summary: StateSummary = {
    target: state.target,
    title: state.title,
    busy: { ...state.busy },
    tabs: state.tokens.map((t) => {
      const tab: StateSummary['tabs'][number] = {
        slot: t.slot,
        present: t.present,
        encrypted: t.encrypted,
        headerNames: t.header.map((c) => c.name),
        claimNames: t.claims.map((c) => c.name),
        explainedClaims: t.claims.filter((c) => c.explanation).map((c) => c.name),
        segmentParts: t.segments.map((s) => s.part),
        segmentsWithText: t.segments.filter((s) => s.text !== undefined).length,
      };
      if (t.kind) tab.kind = t.kind;
      if (t.format) tab.format = t.format;
      if (t.fingerprint) tab.fingerprint = t.fingerprint;
      if (t.validity) tab.validity = t.validity.state;
      if (t.verification) tab.verification = { ok: t.verification.ok, checks: t.verification.checks.map((c) => ({ name: c.name, status: c.status })) };
      if (t.keyCheck) {
        const k = t.keyCheck;
        tab.keyCheck = { ok: k.ok, signature: k.signature, keyKind: k.keyKind, keyDescription: k.keyDescription, fromSaved: k.fromSaved, checks: k.checks.map((c) => ({ name: c.name, status: c.status })) };
        if (k.error) tab.keyCheck.error = k.error.code;
      }
      if (t.savedKey !== undefined) tab.savedKey = t.savedKey;
      return tab;
    }),
    history: state.history,
  };
  if (state.notice) summary.notice = state.notice;
  if (state.focusSlot) summary.focusSlot = state.focusSlot;
  if (state.server) summary.server = state.server;
  if (state.pastedKey) summary.pastedKey = state.pastedKey.kind;
  if (state.lastError) {
    const e = state.lastError;
    summary.lastError = { id: e.id, title: e.title, docsUrl: e.docsUrl, likelyCauses: e.likelyCauses.length, whatToDo: e.whatToDo.length };
  }
  return summary;
}

export class Inspector implements vscode.Disposable {
  private readonly panels = new Map<string, InspectorPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private restored = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly source: InspectorSource,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state),
      }),
      source.onDidChange((sessionId) => {
        for (const p of this.panels.values()) {
          if (p.sessionId !== undefined && (sessionId === undefined || p.sessionId === sessionId)) void p.update();
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('cognitoTokenDebugger.clockSkewSeconds')) for (const p of this.panels.values()) void p.update();
      }),
    );
  }

  async showSession(sessionId: string, slot?: TokenSlot): Promise<void> {
    this.openSession(sessionId, slot);
    await this.panels.get(`session:${sessionId}`)?.update();
  }

  async showToken(raw: string): Promise<void> {
    const key = this.openToken(raw);
    await this.panels.get(key)?.update();
  }

  private openSession(sessionId: string, slot?: TokenSlot): string {
    const key = `session:${sessionId}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal(slot);
      return key;
    }
    this.create(key, 'Inspector', { kind: 'session', sessionId }, slot);
    return key;
  }

  private openToken(raw: string): string {
    const token = raw.trim();
    const key = `token:${fingerprint(token)}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return key;
    }
    this.create(key, 'Token', { kind: 'token', raw: token });
    return key;
  }

  private create(key: string, title: string, target: PanelTarget, slot?: TokenSlot): InspectorPanel {
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      title,
      {
        viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
        preserveFocus: false,
      },
      // The webview keeps nothing when hidden: it restores its UI state from getState().
      { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: false, enableFindWidget: true, localResourceRoots: [] },
    );
    return this.attach(panel, target, key, slot);
  }

  private attach(panel: vscode.WebviewPanel, target: PanelTarget, key: string, slot?: TokenSlot): InspectorPanel {
    const inspectorPanel = new InspectorPanel(this.ctx, this.source, panel, target, key, {
      clockSkewSeconds: () => {
        const v = vscode.workspace.getConfiguration('cognitoTokenDebugger').get<number>('clockSkewSeconds', DEFAULT_CLOCK_SKEW_SECONDS);
        return typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, 0), 600) : DEFAULT_CLOCK_SKEW_SECONDS;
      },
      onDidDispose: (p) => {
        if (this.panels.get(p.key) === p) this.panels.delete(p.key);
      },
    });
    this.panels.set(key, inspectorPanel);
    if (slot) inspectorPanel.reveal(slot);
    void inspectorPanel.update();
    this.ctx.log.info(`inspector: opened ${target.kind === 'session' ? `session ${target.sessionId}` : target.kind === 'token' ? 'a token' : 'a restored token panel'}`);
    return inspectorPanel;
  }

  /** After a reload: re-open the session the webview remembered (never a token: none is kept). */
  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const ui = parseUiState(state);
    if (ui?.target === 'session' && ui.sessionId) {
      const key = `session:${ui.sessionId}`;
      if (this.panels.has(key)) {
        // Already open (opened before the restore ran): keep one panel per session.
        panel.dispose();
        return;
      }
      this.ctx.log.info(`inspector: restoring the panel of session ${ui.sessionId}`);
      // The webview restores its own tab and sections from getState().
      await this.attach(panel, { kind: 'session', sessionId: ui.sessionId }, key).update();
    } else {
      await this.attach(panel, { kind: 'lost-token' }, `restored:${++this.restored}`).update();
    }
  }

  readonly testApi: InspectorTestApi = {
    open: async (target) => {
      const key = 'token' in target ? this.openToken(target.token) : this.openSession(target.sessionId, target.slot);
      await this.panels.get(key)?.update();
      return key;
    },
    debugState: () =>
      [...this.panels.values()].map((p) => {
        const d: InspectorDebugPanel = {
          key: p.key,
          viewType: p.panel.viewType,
          title: p.panel.title,
          visible: p.panel.visible,
          ready: p.isReady,
          html: p.html,
          csp: p.csp,
          accepted: p.stats.accepted,
          rejected: p.stats.rejected,
          statesPosted: p.stats.statesPosted,
          secretPrompts: p.secretPrompts,
        };
        if (p.stats.lastRejection) d.lastRejection = p.stats.lastRejection;
        if (p.focusDelivered) d.focusDelivered = p.focusDelivered;
        if (p.state) d.lastState = summarize(p.state);
        return d;
      }),
    receive: async (key, message) => {
      const p = this.panels.get(key);
      if (!p) return { accepted: false, reason: 'no such panel' };
      return p.receive(message);
    },
  };

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
