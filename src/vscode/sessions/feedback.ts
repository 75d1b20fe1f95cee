// How session work reports back: one notification per failure (the catalog's title, "Show
// Details" -> the inspector on that session, "Open Docs" -> the catalog's documentation page),
// status bar messages for routine success, and token-free summaries that commands return (what
// tests, links and other commands read). Messages are never awaited: a command must not wait
// for the user to dismiss a toast.
import * as vscode from 'vscode';
import type { Explanation } from '../../core/errors/index';
import type { RefreshOutcome, RevokeOutcome } from '../../core/refresh/index';
import type { VerifyReport } from '../../core/token/index';

export const OPEN_INSPECTOR = 'cognitoTokenDebugger.openInspector';
export const EDIT_SESSION = 'cognitoTokenDebugger.editSession';

/** What a refresh command returns: no token, only facts. */
export interface RefreshSummary {
  sessionId: string;
  ok: boolean;
  /** For failures: cognito, transport, precondition, not-persisted, cancelled, session-missing, session-broken. */
  reason?: string;
  operation?: string;
  rotated?: boolean;
  refreshTokenFingerprint?: string;
  latencyMs?: number;
  errorName?: string;
  /** The catalog's title and id for the failure. */
  errorTitle?: string;
  catalogId?: string;
}

/** Outcomes where nothing was sent and no catalog explanation applies. */
export type SkippedRefresh = Extract<RefreshOutcome, { reason: 'session-missing' | 'session-broken' | 'stale-store' | 'busy-elsewhere' | 'already-fresh' | 'resend-unconfirmed' }>;

export function isSkipped(outcome: RefreshOutcome): outcome is SkippedRefresh {
  return !outcome.ok && !('explanation' in outcome);
}

export function summarizeRefresh(outcome: RefreshOutcome): RefreshSummary {
  if (outcome.ok) {
    return {
      sessionId: outcome.sessionId,
      ok: true,
      operation: outcome.operation,
      rotated: outcome.rotated,
      refreshTokenFingerprint: outcome.refreshTokenFingerprint,
      latencyMs: outcome.latencyMs,
    };
  }
  if (isSkipped(outcome)) {
    return { sessionId: outcome.sessionId, ok: false, reason: outcome.reason };
  }
  return {
    sessionId: outcome.sessionId,
    ok: false,
    reason: outcome.reason,
    ...(outcome.operation ? { operation: outcome.operation } : {}),
    latencyMs: outcome.latencyMs,
    errorName: outcome.error.name,
    errorTitle: outcome.explanation.title,
    catalogId: outcome.explanation.id,
  };
}

export interface RevokeSummary {
  sessionId: string;
  ok: boolean;
  reason?: string;
  errorName?: string;
  errorTitle?: string;
  catalogId?: string;
}

export function summarizeRevoke(outcome: RevokeOutcome): RevokeSummary {
  if (outcome.ok) return { sessionId: outcome.sessionId, ok: true };
  if (!('explanation' in outcome)) return { sessionId: outcome.sessionId, ok: false, reason: outcome.reason };
  return {
    sessionId: outcome.sessionId,
    ok: false,
    reason: outcome.reason,
    errorName: outcome.error.name,
    errorTitle: outcome.explanation.title,
    catalogId: outcome.explanation.id,
  };
}

/** A verify report without anything but check results (the report never holds the token). */
export type VerifySummary = Pick<VerifyReport, 'ok' | 'checks' | 'kid' | 'alg' | 'jwksUri' | 'status'> & { error?: string };

export function summarizeVerify(report: VerifyReport): VerifySummary {
  return {
    ok: report.ok,
    status: report.status,
    checks: report.checks,
    ...(report.kid !== undefined ? { kid: report.kid } : {}),
    ...(report.alg !== undefined ? { alg: report.alg } : {}),
    ...(report.jwksUri !== undefined ? { jwksUri: report.jwksUri } : {}),
    ...(report.error ? { error: `${report.error.code}: ${report.error.message}` } : {}),
  };
}

export interface FailureAction {
  title: string;
  run: () => unknown;
}

/**
 * One error notification: `<what failed>: <catalog title>.` with Show Details (the inspector
 * on the session, else the output channel), Open Docs and any extra action. Not awaited.
 */
export function showFailure(
  options: { what: string; explanation: Explanation; sessionId?: string; extra?: FailureAction[]; showLog?: () => void },
): void {
  const { what, explanation, sessionId } = options;
  const extra = options.extra ?? [];
  const buttons = [...extra.map((a) => a.title), 'Show Details', 'Open Docs'];
  const text = `${what}: ${explanation.title}.${explanation.retryable === 'yes' || explanation.retryable === 'with-backoff' ? ' Trying again may work.' : ''}`;
  void vscode.window.showErrorMessage(text, ...buttons).then((choice) => {
    if (choice === undefined) return;
    const action = extra.find((a) => a.title === choice);
    if (action) return action.run();
    if (choice === 'Show Details') {
      if (sessionId !== undefined) return vscode.commands.executeCommand(OPEN_INSPECTOR, sessionId);
      return options.showLog?.();
    }
    if (choice === 'Open Docs') return vscode.env.openExternal(vscode.Uri.parse(explanation.docsUrl));
    return undefined;
  });
}

/** A short-lived message in the status bar, for routine success. */
export function flash(text: string): void {
  vscode.window.setStatusBarMessage(text, 5000);
}
