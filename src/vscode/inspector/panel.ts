// One inspector panel: its HTML, the protocol with its webview (ready handshake, buffering,
// validation, replies by id) and the view state it builds from its session or token.
import * as vscode from 'vscode';
import type { SessionRecord } from '../../core/sessions/index';
import { fingerprint } from '../../core/sessions/index';
import { redactMessage } from '../../core/errors/index';
import {
  describeShape,
  parseWebviewMessage,
  type HostMessage,
  type InspectorState,
  type ServerAction,
  type TokenSlot,
  type VerificationView,
  type WebviewMessage,
  type WebviewRequest,
} from '../../shared/protocol';
import type { Ctx } from '../context';
import { renderHtml } from './html';
import type { InspectorSource } from './index';
import { CognitoSide } from '../server/cognitoSide';
import { KeyTools, type KeyToolsHost } from './keyTools';
import {
  lostTokenState,
  missingSessionState,
  offeredLinks,
  panelTitle,
  sessionState,
  tokenState,
  valueToCopy,
  verificationView,
  type ViewContext,
} from './viewModel';

/** The command each server action of the webview runs (src/vscode/server/serverCommands.ts). */
const SERVER_COMMANDS: Readonly<Record<ServerAction, string>> = {
  sessions: 'cognitoTokenDebugger.showServerSessions',
  user: 'cognitoTokenDebugger.showUser',
  config: 'cognitoTokenDebugger.showClientConfiguration',
  compare: 'cognitoTokenDebugger.compareTokens',
};

/** What a panel shows. A bare token lives in memory only, for the panel's lifetime. */
export type PanelTarget = { kind: 'session'; sessionId: string } | { kind: 'token'; raw: string } | { kind: 'lost-token' };

export interface PanelStats {
  accepted: number;
  rejected: number;
  statesPosted: number;
  /** The log line written for the last rejected message (shape only, no values). */
  lastRejection?: string;
}

export interface PanelOptions {
  clockSkewSeconds: () => number;
  onDidDispose: (panel: InspectorPanel) => void;
}

/** Outcome of one message from the webview, for tests. */
export type HandleResult = { accepted: true; reply?: { ok: boolean; error?: string } } | { accepted: false; reason: string };

export class InspectorPanel implements vscode.Disposable {
  readonly stats: PanelStats = { accepted: 0, rejected: 0, statesPosted: 0 };
  html = '';
  csp = '';
  private ready = false;
  /** Replies waiting for `ready`; the state is not queued: the newest is built on flush. */
  private pendingReplies: HostMessage[] = [];
  private lastState: InspectorState | undefined;
  private readonly verifications = new Map<string, VerificationView>();
  private readonly revealed = new Set<TokenSlot>();
  private readonly busy = { refresh: false, verify: false };
  private notice: InspectorState['notice'];
  private focusSlot: TokenSlot | undefined;
  /** The tab the last state delivered to the webview asked it to show (self-test state only). */
  private lastFocusDelivered: TokenSlot | undefined;
  private updating: Promise<void> | undefined;
  private updateAgain = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** The Cognito side of a session panel (src/vscode/server/cognitoSide.ts), made on first use. */
  private cognitoSide: CognitoSide | undefined;
  /** Copy as header / curl, verify with a pasted key, saved keys (src/vscode/inspector/keyTools.ts). */
  private readonly keyTools: KeyTools;

  constructor(
    private readonly ctx: Ctx,
    private readonly source: InspectorSource,
    readonly panel: vscode.WebviewPanel,
    private target: PanelTarget,
    readonly key: string,
    private readonly options: PanelOptions,
  ) {
    const dist = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'icon.png');
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      panel.onDidChangeViewState(() => {
        // Without retainContextWhenHidden a hidden webview is torn down: messages would be lost.
        // It says `ready` again when it is shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.keyTools = new KeyTools(this.keyToolsHost());
    this.render();
  }

  private keyToolsHost(): KeyToolsHost {
    return {
      log: this.ctx.log,
      secrets: this.ctx.extension.secrets,
      rawToken: (slot) => this.rawToken(slot),
      clockSkewSeconds: () => this.options.clockSkewSeconds(),
      update: () => this.update(),
      bareToken: () => this.target.kind === 'token',
    };
  }

  /** The raw token of one of this panel's slots (read from the session's record), if it has one. */
  private async rawToken(slot: TokenSlot): Promise<string | undefined> {
    if (this.target.kind === 'token') return slot === 'token' ? this.target.raw : undefined;
    if (this.target.kind !== 'session') return undefined;
    const s = (await this.readRecord(this.target.sessionId))?.secrets;
    return slot === 'id' ? s?.idToken : slot === 'access' ? s?.accessToken : slot === 'refresh' ? s?.refreshToken : undefined;
  }

  get sessionId(): string | undefined {
    return this.target.kind === 'session' ? this.target.sessionId : undefined;
  }

  get state(): InspectorState | undefined {
    return this.lastState;
  }

  get secretPrompts(): number {
    return this.keyTools.secretPrompts;
  }

  private cognito(sessionId: string): CognitoSide {
    this.cognitoSide ??= new CognitoSide(this.ctx, this.source, sessionId, () => this.update());
    return this.cognitoSide;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The tab the last state delivered to the webview asked it to show, if any did. */
  get focusDelivered(): TokenSlot | undefined {
    return this.lastFocusDelivered;
  }

  /** Sets the HTML with a fresh nonce (this reloads the webview, which says `ready` again). */
  private render(): void {
    const webview = this.panel.webview;
    const dist = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist');
    const { html, csp } = renderHtml({
      cspSource: webview.cspSource,
      script: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      style: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      codicons: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
      title: this.panel.title,
    });
    this.ready = false;
    this.html = html;
    this.csp = csp;
    webview.html = html;
  }

  reveal(slot?: TokenSlot): void {
    if (slot) {
      this.focusSlot = slot;
      void this.update();
    }
    this.panel.reveal(undefined, false);
  }

  // ─────────────────────────────────────── state ───────────────────────────────────────

  /** Rebuilds the state and posts it (coalesced: at most one build runs, one more follows). */
  update(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.updating) {
      this.updateAgain = true;
      return this.updating;
    }
    const run = async () => {
      do {
        this.updateAgain = false;
        try {
          const state = this.keyTools.decorate(await this.buildState());
          if (this.disposed) return;
          this.lastState = state;
          this.panel.title = panelTitle(state);
          if (this.ready) {
            this.post({ type: 'state', state });
            // The requested tab has now reached the webview. Until then every state carries
            // it: a new panel builds its first states before the webview is ready, and the
            // state it gets on `ready` must still say which tab was asked for.
            if (state.focusSlot !== undefined && state.focusSlot === this.focusSlot) this.focusSlot = undefined;
          }
        } catch (err) {
          this.ctx.log.error('inspector: could not build the panel state', err);
        }
      } while (this.updateAgain && !this.disposed);
    };
    this.updating = run().finally(() => (this.updating = undefined));
    return this.updating;
  }

  private viewContext(): ViewContext {
    const ctx: ViewContext = {
      now: Date.now(),
      clockSkewSeconds: this.options.clockSkewSeconds(),
      verifications: this.verifications,
      revealed: this.revealed,
      busy: this.busy,
    };
    if (this.notice) ctx.notice = this.notice;
    if (this.focusSlot) ctx.focusSlot = this.focusSlot;
    return ctx;
  }

  private async buildState(): Promise<InspectorState> {
    const view = this.viewContext();
    switch (this.target.kind) {
      case 'session': {
        const record = await this.readRecord(this.target.sessionId);
        if (!record) return missingSessionState(this.target.sessionId, view);
        const state = sessionState(record, view);
        state.server = this.cognito(this.target.sessionId).view(record);
        return state;
      }
      case 'token':
        return tokenState(this.target.raw, view);
      case 'lost-token':
        return lostTokenState(view);
    }
  }

  private async readRecord(sessionId: string): Promise<SessionRecord | undefined> {
    try {
      return await this.source.getRecord(sessionId);
    } catch (err) {
      this.ctx.log.error(`inspector: could not read session ${sessionId}`, err);
      return undefined;
    }
  }

  // ─────────────────────────────────────── protocol ───────────────────────────────────────

  private post(message: HostMessage): void {
    if (!this.ready) {
      if (message.type === 'reply') this.pendingReplies.push(message);
      return;
    }
    if (message.type === 'state') this.stats.statesPosted++;
    this.panel.webview.postMessage(message).then(
      (delivered) => {
        if (delivered && message.type === 'state' && message.state.focusSlot !== undefined) this.lastFocusDelivered = message.state.focusSlot;
        if (!delivered && message.type === 'reply') this.pendingReplies.push(message);
      },
      (err: unknown) => this.ctx.log.error('inspector: postMessage failed', err),
    );
  }

  /** Validates and handles one message from the webview (the panel's only entry point). */
  async receive(raw: unknown): Promise<HandleResult> {
    if (this.disposed) return { accepted: false, reason: 'disposed' };
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.stats.rejected++;
      const line = `inspector: dropped a message from the webview (${parsed.reason}${parsed.field ? ` in ${parsed.field}` : ''}): ${describeShape(raw)}`;
      this.stats.lastRejection = line;
      this.ctx.log.warn(line);
      return { accepted: false, reason: parsed.reason };
    }
    this.stats.accepted++;
    const reply = await this.handle(parsed.value);
    return reply ? { accepted: true, reply } : { accepted: true };
  }

  private async handle(message: WebviewMessage): Promise<{ ok: boolean; error?: string } | undefined> {
    if (message.type === 'ready') {
      this.ready = true;
      // The newest state first (built now, so it is current), then replies the webview missed.
      await this.update();
      if (!this.ready) return undefined;
      const replies = this.pendingReplies.splice(0);
      for (const r of replies) this.post(r);
      return undefined;
    }
    try {
      await this.run(message);
      this.post({ type: 'reply', id: message.id, ok: true });
      return { ok: true };
    } catch (err) {
      const text = redactMessage(err instanceof Error ? err.message : String(err));
      this.post({ type: 'reply', id: message.id, ok: false, error: text });
      return { ok: false, error: text };
    }
  }

  private async run(request: WebviewRequest): Promise<void> {
    switch (request.command) {
      case 'refresh':
        return this.refresh();
      case 'verify':
        return this.verify();
      case 'copyValue':
        return this.copyValue(request.slot, request.part, request.name);
      case 'copyToken':
        return this.keyTools.copyToken(request.slot, request.format);
      case 'verifyWithKey':
        return this.keyTools.verifyWithKey(request.slot, request.source, request.source === 'jwks' || request.source === 'pem' ? request.key : undefined);
      case 'savedKey':
        return this.keyTools.savedKey(request.slot, request.op);
      case 'serverLoad':
      case 'serverRevoke': {
        const sessionId = this.sessionId;
        if (!sessionId) throw new Error('This panel shows a token on its own: the Cognito side needs a session.');
        const side = this.cognito(sessionId);
        return request.command === 'serverLoad' ? side.load(request.part) : side.revoke(request.serverSessionId, request.associated);
      }
      case 'server': {
        // The server view's commands on this panel's session (they show their own progress and documents).
        const sessionId = this.sessionId;
        if (!sessionId) throw new Error('This panel shows a token on its own: the server view needs a session.');
        const command = SERVER_COMMANDS[request.action];
        await vscode.commands.executeCommand(command, request.action === 'compare' ? { sessionId, which: 'id' } : sessionId);
        return;
      }
      case 'reveal':
        if (!this.revealed.has(request.slot)) {
          this.revealed.add(request.slot);
          this.ctx.log.info(`inspector: showing the raw ${request.slot} token in the panel, as asked`);
        }
        return this.update();
      case 'openDocs': {
        // Only a link this panel offered (the validator already allowed docs.aws.amazon.com only).
        if (!this.lastState || !offeredLinks(this.lastState).has(request.url)) {
          this.ctx.log.warn('inspector: the webview asked to open a link the panel did not offer; ignored');
          throw new Error('That link is not one the inspector offered.');
        }
        const opened = await vscode.env.openExternal(vscode.Uri.parse(request.url, true));
        if (!opened) throw new Error('The link was not opened.');
        return;
      }
    }
  }

  /** Copies one whole claim or header value (cut for display) of one of this panel's tokens. */
  private async copyValue(slot: TokenSlot, part: 'claim' | 'header', name: string): Promise<void> {
    let raw: string | undefined;
    if (this.target.kind === 'token') raw = slot === 'token' ? this.target.raw : undefined;
    else if (this.target.kind === 'session') {
      const record = await this.readRecord(this.target.sessionId);
      const s = record?.secrets;
      raw = slot === 'id' ? s?.idToken : slot === 'access' ? s?.accessToken : slot === 'refresh' ? s?.refreshToken : undefined;
    }
    const value = valueToCopy(raw, part, name);
    if (value === undefined) throw new Error('That value is not in the token any more.');
    await vscode.env.clipboard.writeText(value);
    // The name and the value come from the token: the log says only how much was copied.
    this.ctx.log.info(`inspector: copied a ${part} value of the ${slot} token (${value.length} characters) to the clipboard, as asked`);
    vscode.window.setStatusBarMessage(`$(clippy) Copied the whole value (${value.length.toLocaleString('en-US')} characters)`, 4000);
  }

  private async refresh(): Promise<void> {
    const sessionId = this.sessionId;
    if (!sessionId) throw new Error('This panel shows a token on its own: there is no session to refresh.');
    if (this.busy.refresh) throw new Error('A refresh is already running.');
    this.busy.refresh = true;
    this.notice = undefined;
    void this.update();
    try {
      await this.source.refresh(sessionId);
    } finally {
      this.busy.refresh = false;
      await this.update();
    }
  }

  private async verify(): Promise<void> {
    if (this.busy.verify) throw new Error('A verification is already running.');
    if (this.target.kind === 'lost-token') throw new Error('There is no token to verify.');
    this.busy.verify = true;
    this.notice = undefined;
    void this.update();
    try {
      if (this.target.kind === 'token') {
        const raw = this.target.raw;
        const report = await this.source.verifyToken(raw);
        this.verifications.set(fingerprint(raw), verificationView(report, Date.now()));
      } else {
        const record = await this.readRecord(this.target.sessionId);
        if (!record) throw new Error('The session no longer exists.');
        const reports = await this.source.verify(this.target.sessionId);
        const at = Date.now();
        if (!reports.id && !reports.access) {
          this.notice = { severity: 'info', text: 'This session holds no ID or access token to verify yet. Refresh it first.' };
        }
        if (reports.id && record.secrets.idToken) this.verifications.set(fingerprint(record.secrets.idToken), verificationView(reports.id, at));
        if (reports.access && record.secrets.accessToken) {
          this.verifications.set(fingerprint(record.secrets.accessToken), verificationView(reports.access, at));
        }
      }
    } catch (err) {
      const text = redactMessage(err instanceof Error ? err.message : String(err));
      this.notice = { severity: 'error', text: `Verification could not run: ${text}` };
      this.ctx.log.error('inspector: verification failed', err);
      throw err;
    } finally {
      this.busy.verify = false;
      await this.update();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    this.pendingReplies = [];
    // Forget the token as soon as the panel goes, and the key the user gave it.
    if (this.target.kind === 'token') this.target = { kind: 'lost-token' };
    this.keyTools.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.options.onDidDispose(this);
  }
}
