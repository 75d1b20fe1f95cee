// Optional auto-refresh (setting `autoRefresh.enabled`): one timer, for the selected session,
// due `autoRefresh.secondsBeforeExpiry` before its access token expires. It goes through the
// same core refresh (single-flight: a manual refresh at the same moment shares the request).
// One attempt per access token, and at most one per session a minute, so a failure or a token
// that lives shorter than the margin cannot turn into a loop.
// Several windows run this same timer on the same session (they share SecretStorage). Each adds
// its own random delay (up to 20 s, within the margin), the core holds a cross-window lease
// while refreshing, and the refresh is made only while the stored access token is still the one
// this window saw expiring: the first window refreshes, the others find it done.
import type * as vscode from 'vscode';
import type { Ctx } from '../context';
import { onDidChangeSettings, readSettings } from '../settings';
import { reportRefresh } from './networkActions';
import type { SessionManager } from './sessionManager';

const MIN_INTERVAL_MS = 60_000;
/** Timers longer than this are re-armed (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 60 * 60 * 1000;

export class AutoRefresh implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** `<session id>:<access token exp>` already attempted. */
  private readonly attempted = new Set<string>();
  private readonly lastRun = new Map<string, number>();
  private due: { sessionId: string; at: number } | undefined;
  /** This window's random delay after the due time, chosen once. */
  private jitterMs: number | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly sessions: SessionManager,
  ) {
    this.subscriptions.push(
      onDidChangeSettings(() => this.schedule()),
      sessions.onDidChange(() => this.schedule()),
      sessions.onDidChangeSelection(() => this.schedule()),
    );
    this.schedule();
  }

  /** When the next auto-refresh is due (tests, the status bar tooltip). */
  next(): { sessionId: string; at: number } | undefined {
    return this.due;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.due = undefined;
    const settings = readSettings().autoRefresh;
    if (!settings.enabled) return;
    const id = this.sessions.selectedId();
    const view = id === undefined ? undefined : this.sessions.get(id);
    if (!view || view.kind !== 'ok' || view.accessToken.expiresAt === undefined) return;
    if (this.sessions.busyWith(view.id)) return; // rescheduled when it finishes
    const key = `${view.id}:${view.accessToken.expiresAt}`;
    if (this.attempted.has(key)) return;
    const earliest = (this.lastRun.get(view.id) ?? 0) + MIN_INTERVAL_MS;
    const jitter = (this.jitterMs ??= Math.floor(Math.random() * Math.min(20_000, (settings.secondsBeforeExpiry * 1000) / 4)));
    let at = Math.max(view.accessToken.expiresAt - settings.secondsBeforeExpiry * 1000, earliest);
    // Already due (a token shorter-lived than the margin, a window opened late): at once.
    if (at > Date.now()) at += jitter;
    this.due = { sessionId: view.id, at };
    const wait = Math.max(0, at - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (wait > MAX_TIMER_MS || Date.now() < at) this.schedule();
      else void this.run(view.id, key, view.accessToken.fingerprint);
    }, Math.min(wait, MAX_TIMER_MS));
  }

  private async run(id: string, key: string, accessFingerprint: string | undefined): Promise<void> {
    this.attempted.add(key);
    this.lastRun.set(id, Date.now());
    this.due = undefined;
    const outcome = await this.sessions.runRefresh(id, { reason: 'auto-refresh', ...(accessFingerprint ? { ifAccessToken: accessFingerprint } : {}) });
    // Quiet on success (the status bar shows the new countdown); one notification on failure.
    reportRefresh(this.ctx, this.sessions, outcome, { failed: (n) => `Auto-refresh of ${n} failed`, quietSuccess: true });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
