// Refresh, refresh all, revoke and verify, as the user sees them: a cancellable progress
// notification (the AbortSignal reaches the SDK request), then a status bar message on success
// or one error notification from the catalog. Each returns a token-free summary.
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { flash, showFailure, summarizeRefresh, summarizeRevoke, summarizeVerify, EDIT_SESSION, type FailureAction, type RefreshSummary, type RevokeSummary, type VerifySummary } from './feedback';
import { nameOf, type SessionManager } from './sessionManager';
import type { RefreshOutcome } from '../../core/refresh/index';
import { formatLocalAndUtc } from '../../shared/format';
import { renderVerifyReports } from './verifyReport';
import { refreshTokenIsDead } from './deadToken';

/** Runs `work` under a cancellable progress notification, handing it an AbortSignal. */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    return work(abort.signal, progress).finally(() => sub.dispose());
  });
}

function labelOf(sessions: SessionManager, id: string): string {
  const e = sessions.get(id);
  return e ? nameOf(e.kind === 'ok' ? e : { id }) : id;
}

/** Extra buttons a failure deserves besides Show Details / Open Docs. */
export function fixActions(catalogId: string, sessionId: string): FailureAction[] {
  // A refresh token that will never work again (revoked, expired, reused): a new sign-in is the fix.
  if (refreshTokenIsDead(catalogId) || catalogId === 'transport/response-lost-not-resent') {
    // Dead, or (a lost answer, not re-sent) possibly rotated out: a new sign-in is the safe fix.
    return [{ title: 'Sign In Again', run: () => vscode.commands.executeCommand('cognitoTokenDebugger.signInAgain', sessionId) }];
  }
  if (catalogId === 'NotAuthorizedException/client-secret-missing' || catalogId === 'NotAuthorizedException/secret-hash-mismatch') {
    return [{ title: 'Set Client Secret', run: () => vscode.commands.executeCommand(EDIT_SESSION, sessionId, { field: 'clientSecret' }) }];
  }
  if (catalogId.startsWith('transport/') || catalogId === 'ResourceNotFoundException/user-pool-not-found' || catalogId === 'ResourceNotFoundException/app-client-not-found') {
    return [{ title: 'Edit Session', run: () => vscode.commands.executeCommand(EDIT_SESSION, sessionId) }];
  }
  return [];
}

export interface ReportOptions {
  /** The start of the failure message, given the session's name (default "Refresh of <name> failed"). */
  failed?: (name: string) => string;
  /** No status bar message on success (the caller says something itself). */
  quietSuccess?: boolean;
}

/** Tells the user how a refresh ended (one message), and returns its summary. */
export function reportRefresh(ctx: Ctx, sessions: SessionManager, outcome: RefreshOutcome, options: ReportOptions = {}): RefreshSummary {
  const summary = summarizeRefresh(outcome);
  const name = labelOf(sessions, outcome.sessionId);
  if (outcome.ok) {
    if (!options.quietSuccess) flash(`$(check) ${name} refreshed${outcome.rotated ? ', refresh token rotated' : ''}`);
  } else if (outcome.reason === 'cancelled') {
    flash(`$(circle-slash) Refresh of ${name} cancelled`);
  } else if (outcome.reason === 'session-missing') {
    // Removed (here or in another window) while the refresh ran: the user asked for that.
    flash(`$(trash) The session was removed; its refresh was discarded`);
  } else if (outcome.reason === 'session-broken') {
    void vscode.window.showWarningMessage(`Cognito: the stored session ${name} cannot be read: ${outcome.parseError.message} Repair or remove it.`);
  } else if (outcome.reason === 'already-fresh') {
    if (!options.quietSuccess) flash(`$(check) ${name} was just refreshed in another window`);
  } else if (outcome.reason === 'busy-elsewhere') {
    if (outcome.heldUnsaved) {
      // The stored refresh token may already be rotated out: the other window holds the new one.
      void vscode.window.showWarningMessage(
        `Cognito: another window holds new tokens for ${name} that the secret storage has not saved yet, so the refresh token stored here may no longer work. Nothing was sent from this window. Keep the other window open until it says they were saved, then try again.`,
      );
    } else {
      void vscode.window.showInformationMessage(`Cognito: another window is refreshing ${name} right now; nothing was sent from this one. Try again in a moment.`);
    }
  } else if (outcome.reason === 'stale-store') {
    void vscode.window
      .showWarningMessage(
        `Cognito: this window's copy of the stored sessions is older than what another window saved for ${name} (revision ${outcome.storedRev}, another window wrote ${outcome.publishedRev}). Nothing was sent or saved from it. Reload this window to read the current session.`,
        'Reload Window',
      )
      .then((c) => (c === 'Reload Window' ? vscode.commands.executeCommand('workbench.action.reloadWindow') : undefined));
  } else if (outcome.reason === 'resend-unconfirmed') {
    // Issue 8, item 2: after a lost answer the stored token may be rotated out; sending it is the user's call.
    const id = outcome.sessionId;
    void vscode.window
      .showWarningMessage(
        `Cognito: nothing was sent for ${name}. The answer to its last refresh (${formatLocalAndUtc(Date.parse(outcome.since))}) was lost, and Cognito may have rotated the refresh token then: sending the stored one again would be reuse, which ends the whole sign-in on clients that revoke the token family on reuse. Sign in again for a new token, or send the stored one anyway.`,
        'Sign In Again',
        'Send It Anyway',
      )
      .then((c) =>
        c === 'Sign In Again'
          ? vscode.commands.executeCommand('cognitoTokenDebugger.signInAgain', id)
          : c === 'Send It Anyway'
            ? refreshWithProgress(ctx, sessions, id, { ...options, resendAfterLostResponse: true })
            : undefined,
      );
  } else if (outcome.reason === 'not-persisted') {
    const rotated = outcome.rotated ? ' Cognito rotated the refresh token, so the stored one stops working once the grace period ends.' : '';
    void vscode.window
      .showErrorMessage(
        `Cognito: the new tokens of ${name} could not be saved to the secret storage (${outcome.explanation.title}). They are held in this window only, and saving is retried.${rotated} Keep this window open until it says they were saved.`,
        'Try Saving Now',
      )
      .then(async (c) => {
        if (c !== 'Try Saving Now') return;
        const left = await sessions.flushUnsaved();
        if (left.includes(outcome.sessionId)) void vscode.window.showErrorMessage(`Cognito: the tokens of ${name} still cannot be saved. Keep this window open.`);
        else flash(`$(check) The new tokens of ${name} are saved`);
      });
  } else {
    showFailure({
      what: options.failed ? options.failed(name) : `Refresh of ${name} failed`,
      explanation: outcome.explanation,
      sessionId: outcome.sessionId,
      extra: fixActions(outcome.explanation.id, outcome.sessionId),
      showLog: () => ctx.log.show(),
    });
  }
  return summary;
}

export async function refreshWithProgress(ctx: Ctx, sessions: SessionManager, id: string, options: ReportOptions & { resendAfterLostResponse?: boolean } = {}): Promise<RefreshSummary> {
  const name = labelOf(sessions, id);
  const resend = options.resendAfterLostResponse === true;
  const outcome = await withCancellableProgress(`Refreshing ${name}…`, (signal) => sessions.runRefresh(id, { signal, ...(resend ? { resendAfterLostResponse: true } : {}) }));
  return reportRefresh(ctx, sessions, outcome, options);
}

export async function refreshAllWithProgress(ctx: Ctx, sessions: SessionManager): Promise<RefreshSummary[]> {
  await sessions.ready;
  const ids = sessions.sessions().map((s) => s.id);
  if (ids.length === 0) {
    void vscode.window.showInformationMessage('Cognito: there is no session to refresh.');
    return [];
  }
  const outcomes = await withCancellableProgress(`Refreshing ${ids.length} session${ids.length === 1 ? '' : 's'}…`, async (signal, progress) => {
    let done = 0;
    return Promise.all(
      ids.map(async (id) => {
        const outcome = await sessions.runRefresh(id, { signal, reason: 'refresh all' });
        done += 1;
        progress.report({ increment: 100 / ids.length, message: `${done} of ${ids.length}` });
        return outcome;
      }),
    );
  });
  const summaries = outcomes.map(summarizeRefresh);
  const failed = outcomes.filter((o) => !o.ok && o.reason !== 'cancelled');
  if (failed.length === 0) {
    flash(`$(check) Refreshed ${summaries.filter((s) => s.ok).length} of ${ids.length} sessions`);
  } else {
    const first = failed[0]!;
    const names = failed.map((o) => `${labelOf(sessions, o.sessionId)}${!o.ok && 'explanation' in o ? ` (${o.explanation.title})` : !o.ok ? ` (${o.reason})` : ''}`).join(', ');
    if (failed.length === 1 && !first.ok && 'explanation' in first) {
      showFailure({ what: `Refresh of ${labelOf(sessions, first.sessionId)} failed`, explanation: first.explanation, sessionId: first.sessionId, showLog: () => ctx.log.show() });
    } else {
      void vscode.window.showErrorMessage(`Cognito: ${failed.length} of ${ids.length} sessions did not refresh: ${names}.`, 'Show Details').then((c) =>
        c === 'Show Details' ? vscode.commands.executeCommand('cognitoTokenDebugger.openInspector', first.sessionId) : undefined,
      );
    }
  }
  return summaries;
}

export async function revokeWithProgress(ctx: Ctx, sessions: SessionManager, id: string, associated: 'NONE' | 'LINKED' = 'NONE'): Promise<RevokeSummary> {
  const name = labelOf(sessions, id);
  const outcome = await withCancellableProgress(`Revoking the refresh token of ${name}…`, (signal) => sessions.runRevoke(id, signal, associated));
  const summary = summarizeRevoke(outcome);
  if (outcome.ok) {
    const entry = sessions.get(id);
    const linked = associated === 'LINKED' && !(entry?.kind === 'ok' && entry.session.refreshMethod === 'TokenEndpoint');
    void vscode.window.showInformationMessage(
      `Cognito: the refresh token of ${name} is revoked${linked ? ', with the SSO session it came through (LINKED)' : ''}. Refreshing this session will fail; sign in again for a new one.`,
    );
  } else if ('explanation' in outcome) {
    if (outcome.reason === 'cancelled') flash(`$(circle-slash) Revoke of ${name} cancelled`);
    else showFailure({ what: `Revoking the refresh token of ${name} failed`, explanation: outcome.explanation, sessionId: id, showLog: () => ctx.log.show() });
  } else {
    void vscode.window.showWarningMessage(`Cognito: the session ${name} cannot be revoked (${outcome.reason}).`);
  }
  return summary;
}

export interface SessionVerifySummary {
  sessionId: string;
  id?: VerifySummary;
  access?: VerifySummary;
}

export async function verifyWithProgress(ctx: Ctx, sessions: SessionManager, id: string): Promise<SessionVerifySummary> {
  const name = labelOf(sessions, id);
  const reports = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Verifying the tokens of ${name}…` },
    () => sessions.verify(id),
  );
  const summary: SessionVerifySummary = {
    sessionId: id,
    ...(reports.id ? { id: summarizeVerify(reports.id) } : {}),
    ...(reports.access ? { access: summarizeVerify(reports.access) } : {}),
  };
  const parts = [reports.id ? ['ID token', reports.id] : undefined, reports.access ? ['access token', reports.access] : undefined].filter(
    (p): p is [string, NonNullable<typeof reports.id>] => p !== undefined,
  );
  const showChecks = async () => {
    const uri = ctx.documents.add(`Signature checks ${name.replace(/"/g, '')}`, renderVerifyReports(`Signature checks of ${name}`, parts), 'text');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  };
  if (parts.length === 0) {
    void vscode.window.showWarningMessage(`Cognito: ${name} holds no ID or access token to verify yet. Refresh it first.`, 'Refresh').then((c) =>
      c === 'Refresh' ? vscode.commands.executeCommand('cognitoTokenDebugger.refreshSession', id) : undefined,
    );
  } else if (parts.every(([, r]) => r.ok)) {
    void vscode.window.showInformationMessage(`Cognito: the ${parts.map(([n]) => n).join(' and ')} of ${name} verified against the user pool's keys.`, 'Show Checks').then((c) =>
      c === 'Show Checks' ? showChecks() : undefined,
    );
  } else {
    const bad = parts.filter(([, r]) => !r.ok);
    const reason = (r: (typeof parts)[number][1]) => r.checks.find((c) => c.status === 'fail')?.detail ?? r.error?.message ?? 'not verified';
    void vscode.window
      .showWarningMessage(`Cognito: ${bad.map(([n, r]) => `the ${n} of ${name} did not verify: ${reason(r)}`).join('; ')}`, 'Show Checks')
      .then((c) => (c === 'Show Checks' ? showChecks() : undefined));
  }
  return summary;
}
