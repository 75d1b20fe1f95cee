// The server view's commands: Show Server Sessions, Revoke Server Session…, Sign Out
// Everywhere…, Show User, Show Client Configuration and Compare Tokens. Each resolves its
// session (argument, the only one, or a pick), asks what it must (prompts skipped by an
// argument object), calls the core (src/core/server), shows the answer as a read-only
// plain-text document, and returns a token-free summary that tests and links can read.
// Failures are the catalog's explanations: an expired or revoked access token offers Refresh
// Session, a missing IAM permission names the action to allow.
import * as vscode from 'vscode';
import { compareTokens } from '../../core/server/compare';
import {
  adminGetUser,
  ASSOCIATED_EXPLAINED,
  getUser,
  GLOBAL_SIGN_OUT_EXPLAINED,
  globalSignOut,
  revokeUserSession,
} from '../../core/server/operations';
import type { ServerFailure, ServerResult, UserSessionView } from '../../core/server/types';
import type { SessionRecord } from '../../core/sessions/index';
import { findTokenAt, findTokens } from '../../core/token/index';
import { MAX_TOKEN_LENGTH } from '../../core/token/limits';
import type { Ctx } from '../context';
import { showFailure, type FailureAction } from '../sessions/feedback';
import { pickSession, sessionIdOf } from '../sessions/pickSession';
import { confirmDestructive } from '../sessions/prompts';
import { nameOf, type SessionManager } from '../sessions/sessionManager';
import { chooseCredentials, describeChoice, migrateChoice, rememberChoice, type CredentialChoice } from './credentials';
import { findingLines, renderClientConfig, renderComparison, renderUser, renderUserSessions, sessionDescription, sessionLabel } from './render';
import { configFailures, failureContext, findingsFor, iamClient, listForRecord, readConfiguration, readCredentials, rememberRefreshTokenValidity, userClient, type InMemoryCredentials } from './serverOps';
import { forgetServerSessions, rememberServerSessions } from './serverTree';

const EXPIRED_ID = 'NotAuthorizedException/access-token-expired';
const REVOKED_ID = 'NotAuthorizedException/access-token-revoked';

/** A failure as the summaries carry it: no token, no message beyond the catalog's. */
export interface FailureSummary {
  operation: string;
  catalogId: string;
  title: string;
  missingPermission?: { action: string; resource?: string };
}

export interface ServerCommandResult {
  ok: boolean;
  sessionId?: string;
  /** Why nothing was asked of Cognito: cancelled, no-access-token, session-missing. */
  reason?: string;
  failure?: FailureSummary;
  /** The document shown (a cognito-token: URI). */
  uri?: string;
}

export interface ServerSessionsResult extends ServerCommandResult {
  tracking?: string;
  note?: string;
  sessions?: UserSessionView[];
}

// ---------------------------------------------------------------- what the UI last showed (tests)

export interface ServerUiShown {
  readonly kind: 'pick' | 'confirm' | 'document' | 'failure';
  readonly title: string;
  /** Item labels of a pick, or the first line of a document; never a token. */
  readonly items: readonly string[];
  readonly at: number;
}

let lastUi: ServerUiShown | undefined;

export function lastServerUi(): ServerUiShown | undefined {
  return lastUi;
}

function shown(kind: ServerUiShown['kind'], title: string, items: readonly string[]): void {
  lastUi = { kind, title, items: [...items], at: Date.now() };
}

// ---------------------------------------------------------------- helpers

function options(arg: unknown, extra: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (arg && typeof arg === 'object') Object.assign(out, arg as Record<string, unknown>);
  if (extra && typeof extra === 'object') Object.assign(out, extra as Record<string, unknown>);
  return out;
}

function label(sessions: SessionManager, id: string): string {
  const e = sessions.get(id);
  return e ? nameOf(e.kind === 'ok' ? e : { id }) : id;
}

function summarizeFailure(f: ServerFailure): FailureSummary {
  return {
    operation: f.operation,
    catalogId: f.explanation.id,
    title: f.explanation.title,
    ...(f.missingPermission ? { missingPermission: { ...f.missingPermission } } : {}),
  };
}

function failureActions(ctx: Ctx, sessions: SessionManager, f: ServerFailure, sessionId: string): FailureAction[] {
  const id = f.explanation.id;
  if (id === EXPIRED_ID) return [{ title: 'Refresh Session', run: () => vscode.commands.executeCommand('cognitoTokenDebugger.refreshSession', sessionId) }];
  if (id === REVOKED_ID) {
    return [
      { title: 'Refresh Session', run: () => vscode.commands.executeCommand('cognitoTokenDebugger.refreshSession', sessionId) },
      { title: 'Sign In Again', run: () => vscode.commands.executeCommand('cognitoTokenDebugger.signInAgain', sessionId) },
    ];
  }
  if (id === 'client/no-aws-credentials' || id === 'service/invalid-aws-credentials') {
    return [{ title: 'Choose Other Credentials', run: async () => {
      await rememberChoice(ctx, sessions, sessionId, undefined);
      return vscode.commands.executeCommand('cognitoTokenDebugger.showClientConfiguration', sessionId);
    } }];
  }
  if (f.missingPermission) {
    const statement = JSON.stringify({ Effect: 'Allow', Action: f.missingPermission.action, Resource: f.missingPermission.resource ?? '*' });
    return [{ title: 'Copy Policy Statement', run: () => vscode.env.clipboard.writeText(statement) }];
  }
  return [];
}

function report(ctx: Ctx, sessions: SessionManager, what: string, f: ServerFailure, sessionId: string): FailureSummary {
  shown('failure', `${what}: ${f.explanation.title}`, [f.explanation.id]);
  ctx.log.warn(`server view: ${what}: ${f.explanation.title} [${f.explanation.id}]`);
  showFailure({ what: `${what} (${label(sessions, sessionId)})`, explanation: f.explanation, extra: failureActions(ctx, sessions, f, sessionId), showLog: () => ctx.log.show() });
  return summarizeFailure(f);
}

async function openText(ctx: Ctx, title: string, text: string): Promise<string> {
  const uri = ctx.documents.add(title, text, 'text');
  shown('document', title, [text.split('\n', 1)[0] ?? '']);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
    preview: true,
    viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
  });
  return uri.toString();
}

interface Resolved {
  readonly id: string;
  readonly record: SessionRecord;
  readonly name: string;
}

/** The session (argument or pick) and its stored record; tells the user when it has no access token. */
async function resolve(sessions: SessionManager, arg: unknown, title: string): Promise<Resolved | ServerCommandResult> {
  const id = await pickSession(sessions, arg, { title });
  if (id === undefined) return { ok: false, reason: 'cancelled' };
  const record = await sessions.getRecord(id);
  if (!record) return { ok: false, sessionId: id, reason: 'session-missing' };
  const name = label(sessions, id);
  if (record.secrets.accessToken === undefined) {
    void vscode.window.showWarningMessage(`Cognito: ${name} holds no access token yet. Refresh it first.`, 'Refresh Session').then((c) =>
      c === 'Refresh Session' ? vscode.commands.executeCommand('cognitoTokenDebugger.refreshSession', id) : undefined,
    );
    return { ok: false, sessionId: id, reason: 'no-access-token' };
  }
  return { id, record, name };
}

function isResolved(r: Resolved | ServerCommandResult): r is Resolved {
  return 'record' in r;
}

function accessOf(r: Resolved): string {
  // resolve() checked it is there.
  return r.record.secrets.accessToken as string;
}

function progress<T>(title: string, work: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work);
}

// ---------------------------------------------------------------- Show Server Sessions

/** `arg`: a session id, tree node or `{ sessionId, credentials? }`. */
export async function showServerSessionsCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, extra?: unknown): Promise<ServerSessionsResult> {
  const r = await resolve(sessions, arg, 'Show Server Sessions');
  if (!isResolved(r)) return r;
  const opts = options(arg, extra);
  const credentials = readCredentials(opts['credentials']);
  const result = await progress(`Listing the server-side sessions of ${r.name}…`, () => listForRecord(ctx, r.record, credentials));
  if (result === undefined) return { ok: false, sessionId: r.id, reason: 'no-access-token' };
  rememberServerSessions(r.id, result);
  if (!result.ok) return { ok: false, sessionId: r.id, failure: report(ctx, sessions, 'Listing the server-side sessions failed', result.failure, r.id) };
  const view = result.value;
  const uri = opts['show'] === false ? undefined : await openText(ctx, `Server sessions ${r.name.replace(/"/g, '')}`, renderUserSessions(r.name, view, Date.now()));
  return {
    ok: true,
    sessionId: r.id,
    tracking: view.tracking,
    ...(view.note ? { note: view.note } : {}),
    sessions: [...view.sessions],
    ...(uri ? { uri } : {}),
  };
}

// ---------------------------------------------------------------- Revoke Server Session…

export interface RevokeServerSessionResult extends ServerCommandResult {
  serverSessionId?: string;
  associated?: 'NONE' | 'LINKED';
}

/**
 * `arg`: a session, a tree node of a server session (`{ sessionId, key }`), or
 * `{ sessionId, serverSessionId, associated: 'NONE' | 'LINKED', confirm: false }` (no prompts).
 */
export async function revokeServerSessionCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, extra?: unknown): Promise<RevokeServerSessionResult> {
  const r = await resolve(sessions, arg, 'Revoke Server Session');
  if (!isResolved(r)) return r;
  const opts = options(arg, extra);
  let target = typeof opts['serverSessionId'] === 'string' ? opts['serverSessionId'] : opts['type'] === 'serverSession' && typeof opts['key'] === 'string' ? opts['key'] : undefined;
  let targetView: UserSessionView | undefined;
  if (target === undefined) {
    const listed = await progress(`Listing the server-side sessions of ${r.name}…`, () => listForRecord(ctx, r.record));
    if (listed === undefined) return { ok: false, sessionId: r.id, reason: 'no-access-token' };
    rememberServerSessions(r.id, listed);
    if (!listed.ok) return { ok: false, sessionId: r.id, failure: report(ctx, sessions, 'Listing the server-side sessions failed', listed.failure, r.id) };
    const others = listed.value.sessions.filter((s) => !s.isCurrent);
    if (others.length === 0) {
      const why = listed.value.note ?? 'Cognito lists no other session of this user (a session cannot revoke itself: use Revoke Refresh Token or Sign Out Everywhere).';
      shown('pick', 'Revoke Server Session', []);
      void vscode.window.showInformationMessage(`Cognito: nothing to revoke for ${r.name}. ${why}`);
      return { ok: false, sessionId: r.id, reason: 'no-other-session' };
    }
    const now = Date.now();
    const items = others.map((s) => ({ label: sessionLabel(s), description: sessionDescription(s, now), session: s }));
    const title = `Cognito: Revoke a server-side session of ${r.name}`;
    shown('pick', title, items.map((i) => i.label));
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Choose the session to revoke (this session is not listed: it cannot revoke itself)', ignoreFocusOut: true, matchOnDescription: true });
    if (!picked) return { ok: false, sessionId: r.id, reason: 'cancelled' };
    target = picked.session.sessionId;
    targetView = picked.session;
  }
  let associated: 'NONE' | 'LINKED' | undefined = opts['associated'] === 'LINKED' || opts['associated'] === 'NONE' ? opts['associated'] : undefined;
  if (associated === undefined) {
    const items = [
      { label: 'Only this session (NONE)', detail: ASSOCIATED_EXPLAINED.NONE, value: 'NONE' as const },
      { label: 'This session and the sessions linked to it (LINKED)', detail: ASSOCIATED_EXPLAINED.LINKED, value: 'LINKED' as const },
    ];
    const title = 'Cognito: RevokeAssociatedSessions';
    shown('pick', title, items.map((i) => i.label));
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: `What to revoke with ${targetView ? sessionLabel(targetView) : target}`, ignoreFocusOut: true });
    if (!picked) return { ok: false, sessionId: r.id, reason: 'cancelled', serverSessionId: target };
    associated = picked.value;
  }
  if (opts['confirm'] !== false) {
    const title = `Revoke the server-side session ${target}?`;
    shown('confirm', title, ['Keep the session', 'Revoke it at Cognito']);
    const ok = await confirmDestructive({
      title,
      detail: `${ASSOCIATED_EXPLAINED[associated]} Whoever holds those tokens must sign in again. This cannot be undone.`,
      keep: 'Keep the session',
      destroy: 'Revoke it at Cognito',
    });
    if (!ok) return { ok: false, sessionId: r.id, reason: 'cancelled', serverSessionId: target, associated };
  }
  const client = await userClient(r.record.session);
  const chosen = associated;
  const sessionToRevoke = target;
  let result: ServerResult<{ sessionId: string; associated: 'NONE' | 'LINKED' }>;
  try {
    result = await progress(`Revoking the server-side session ${sessionToRevoke}…`, () =>
      revokeUserSession(client, accessOf(r), sessionToRevoke, chosen, failureContext(r.record.session)),
    );
  } finally {
    client.destroy();
  }
  forgetServerSessions(); // every session of the user listed it
  if (!result.ok) return { ok: false, sessionId: r.id, serverSessionId: target, associated, failure: report(ctx, sessions, 'Revoking the server-side session failed', result.failure, r.id) };
  ctx.log.info(`server view: RevokeUserSession ${target} (${associated}) for ${r.name}: revoked`);
  void vscode.window.showInformationMessage(`Cognito: the server-side session ${target} is revoked${associated === 'LINKED' ? ', with the sessions linked to it' : ''}. Its refresh token no longer works.`);
  return { ok: true, sessionId: r.id, serverSessionId: target, associated };
}

// ---------------------------------------------------------------- Sign Out Everywhere…

export interface GlobalSignOutResult extends ServerCommandResult {
  /** After signing out: the session's refresh, which Cognito then refuses (the session shows revoked). */
  refreshAfter?: { ok: boolean; catalogId?: string };
}

/** `arg`: a session, or `{ sessionId, confirm: false, checkRefresh?: true }`. */
export async function globalSignOutCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, extra?: unknown): Promise<GlobalSignOutResult> {
  const r = await resolve(sessions, arg, 'Sign Out Everywhere');
  if (!isResolved(r)) return r;
  const opts = options(arg, extra);
  if (opts['confirm'] !== false) {
    const title = `Sign the user of ${r.name} out everywhere?`;
    shown('confirm', title, ['Stay signed in', 'Sign out everywhere (GlobalSignOut)']);
    const ok = await confirmDestructive({
      title,
      detail: `${GLOBAL_SIGN_OUT_EXPLAINED} The session stays listed here and shows as revoked.`,
      keep: 'Stay signed in',
      destroy: 'Sign out everywhere (GlobalSignOut)',
    });
    if (!ok) return { ok: false, sessionId: r.id, reason: 'cancelled' };
  }
  const client = await userClient(r.record.session);
  let result: ServerResult<{ signedOut: true }>;
  const started = Date.now();
  try {
    result = await progress(`Signing the user of ${r.name} out everywhere…`, () => globalSignOut(client, accessOf(r), failureContext(r.record.session)));
  } finally {
    client.destroy();
  }
  const latencyMs = Date.now() - started;
  forgetServerSessions(); // every session of the user is signed out
  if (!result.ok) return { ok: false, sessionId: r.id, failure: report(ctx, sessions, 'Sign out everywhere failed', result.failure, r.id) };
  ctx.log.info(`server view: GlobalSignOut for ${r.name}: signed out`);
  // The stored refresh token is dead now: the history says so, and the tree, status bar and
  // inspector show the session revoked (one rule, src/shared/revocation.ts), without asking
  // Cognito. `checkRefresh: true` also makes one refresh, which Cognito answers as revoked.
  await sessions.recordSignOut(r.id, latencyMs).catch((err: unknown) => ctx.log.warn(`server view: the sign-out could not be recorded in the history (${String(err)})`));
  let refreshAfter: GlobalSignOutResult['refreshAfter'];
  if (opts['checkRefresh'] === true) {
    const outcome = await sessions.runRefresh(r.id, { reason: 'after sign-out everywhere' });
    refreshAfter = outcome.ok ? { ok: true } : 'explanation' in outcome ? { ok: false, catalogId: outcome.explanation.id } : { ok: false };
  }
  void vscode.window.showInformationMessage(
    `Cognito: the user of ${r.name} is signed out everywhere. Every refresh token of the user is revoked; access tokens stop working with Cognito but still pass offline checks until they expire. Sign in again for new tokens.`,
  );
  return { ok: true, sessionId: r.id, ...(refreshAfter ? { refreshAfter } : {}) };
}

// ---------------------------------------------------------------- Show User

export interface ShowUserResult extends ServerCommandResult {
  username?: string;
  attributeNames?: string[];
  mfaEnabled?: string[];
  status?: string;
}

/** `arg`: a session, or `{ sessionId, credentials? }` (AdminGetUser for the status when credentials were chosen or given). */
export async function showUserCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, extra?: unknown): Promise<ShowUserResult> {
  const r = await resolve(sessions, arg, 'Show User');
  if (!isResolved(r)) return r;
  const opts = options(arg, extra);
  const credentials = readCredentials(opts['credentials']);
  const { session } = r.record;
  const client = await userClient(session);
  const result = await progress(`Reading the user of ${r.name}…`, async () => {
    try {
      return await getUser(client, accessOf(r), failureContext(session));
    } finally {
      client.destroy();
    }
  });
  if (!result.ok) return { ok: false, sessionId: r.id, failure: report(ctx, sessions, 'Reading the user failed', result.failure, r.id) };
  const user = result.value;
  // The status (CONFIRMED, FORCE_CHANGE_PASSWORD, ...) only AdminGetUser gives: with credentials chosen for this session.
  const choice = await migrateChoice(ctx, sessions, session);
  let status: Awaited<ReturnType<typeof adminGetUser>> | undefined;
  if (choice || credentials) {
    const admin = await iamClient(session, choice ?? { kind: 'default' }, credentials);
    try {
      status = await adminGetUser(admin, session.userPoolId, user.username, failureContext(session));
    } finally {
      admin.destroy();
    }
  }
  const statusView = status === undefined ? undefined : status.ok ? status.value : status.failure;
  const uri = await openText(ctx, `User ${r.name.replace(/"/g, '')}`, renderUser(r.name, user, statusView));
  return {
    ok: true,
    sessionId: r.id,
    uri,
    username: user.username,
    attributeNames: user.attributes.map((a) => a.name),
    mfaEnabled: [...user.mfa.enabled],
    ...(status?.ok && status.value.status ? { status: status.value.status } : {}),
  };
}

// ---------------------------------------------------------------- Show Client Configuration

export interface ClientConfigResult extends ServerCommandResult {
  credentials?: string;
  rotation?: { enabled: boolean; graceSeconds?: number };
  explicitAuthFlows?: string[];
  deviceRemembering?: string;
  tracking?: string;
  /** Operations that failed, with their catalog ids. */
  failures?: FailureSummary[];
  /** What the configuration says about the session's last error and behaviour (configExplain ids). */
  findings?: string[];
}

/**
 * `arg`: a session, or `{ sessionId, profile?: string | null, credentials? }`: `profile` answers
 * the credential question (null or "" = the default chain) and is remembered as the choice;
 * `credentials` are used for this call only (tests, the sandbox's demo key) and never stored.
 */
export async function showClientConfigurationCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, extra?: unknown): Promise<ClientConfigResult> {
  const id = await pickSession(sessions, arg, { title: 'Show Client Configuration' });
  if (id === undefined) return { ok: false, reason: 'cancelled' };
  const record = await sessions.getRecord(id);
  if (!record) return { ok: false, sessionId: id, reason: 'session-missing' };
  const name = label(sessions, id);
  const opts = options(arg, extra);
  const credentials: InMemoryCredentials | undefined = readCredentials(opts['credentials']);
  let choice: CredentialChoice | undefined;
  if ('profile' in opts) {
    const p = opts['profile'];
    choice = p === null || p === '' ? { kind: 'default' } : typeof p === 'string' ? { kind: 'profile', name: p.trim() } : undefined;
    if (choice) await rememberChoice(ctx, sessions, id, choice);
  }
  if (!choice && !credentials) choice = await chooseCredentials(ctx, sessions, record.session, name);
  if (!choice && !credentials) return { ok: false, sessionId: id, reason: 'cancelled' };
  const using = credentials ? 'credentials given to the command' : describeChoice(choice ?? { kind: 'default' });
  const { session } = record;
  const sections = await progress(`Reading the configuration of ${name}'s app client…`, () => readConfiguration(session, choice ?? { kind: 'default' }, credentials));
  await rememberRefreshTokenValidity(ctx, sessions, record, sections);
  const failures = configFailures(sections);
  const allFailed = failures.length === 4;
  const findings = findingsFor(record, sections);
  const extraLines = findingLines(record, findings);
  const uri = await openText(ctx, `Client configuration ${name.replace(/"/g, '')}`, renderClientConfig(name, using, sections, extraLines));
  const summaries = failures.map(summarizeFailure);
  if (failures.length > 0) {
    // One notification: the first failure (every section's explanation is in the document).
    report(ctx, sessions, allFailed ? 'Reading the client configuration failed' : `Part of the client configuration could not be read`, failures[0]!, id);
  }
  const c = 'explanation' in sections.client ? undefined : sections.client;
  const p = 'explanation' in sections.pool ? undefined : sections.pool;
  const ps = 'explanation' in sections.poolSessions ? undefined : sections.poolSessions;
  return {
    ok: !allFailed,
    sessionId: id,
    uri,
    findings: findings.map((f) => f.id),
    credentials: credentials ? 'in-memory' : choice?.kind === 'profile' ? `profile:${choice.name}` : 'default',
    ...(c ? { rotation: { ...c.rotation }, explicitAuthFlows: [...c.explicitAuthFlows] } : {}),
    ...(p ? { deviceRemembering: p.deviceRemembering } : {}),
    ...(ps ? { tracking: ps.tracking } : {}),
    ...(summaries.length ? { failures: summaries } : {}),
  };
}

// ---------------------------------------------------------------- Compare Tokens

/** One side of a comparison. */
export type TokenRef =
  | { readonly sessionId: string; readonly which: 'id' | 'access' }
  | { readonly token: string }
  | { readonly source: 'cursor' };

export interface CompareResult {
  ok: boolean;
  reason?: string;
  uri?: string;
  a?: string;
  b?: string;
  kinds?: [string, string];
  findings?: string[];
  changed?: string[];
}

function tokenUnderCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const doc = editor.document;
  if (!editor.selection.isEmpty) {
    const found = findTokens(doc.getText(editor.selection), { maxTokens: 1 })[0];
    if (found) return found.raw;
  }
  const offset = doc.offsetAt(editor.selection.active);
  const from = Math.max(0, offset - MAX_TOKEN_LENGTH);
  const text = doc.getText(new vscode.Range(doc.positionAt(from), doc.positionAt(offset + MAX_TOKEN_LENGTH)));
  return findTokenAt(text, offset - from)?.raw;
}

function readRef(v: unknown): TokenRef | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o['token'] === 'string') return { token: o['token'] };
  if (o['source'] === 'cursor') return { source: 'cursor' };
  if (typeof o['sessionId'] === 'string' && (o['which'] === 'id' || o['which'] === 'access')) return { sessionId: o['sessionId'], which: o['which'] };
  return undefined;
}

async function tokenOf(sessions: SessionManager, ref: TokenRef): Promise<{ raw?: string; name: string }> {
  if ('token' in ref) return { raw: ref.token.trim(), name: 'the pasted token' };
  if ('source' in ref) return { ...(tokenUnderCursor() !== undefined ? { raw: tokenUnderCursor() as string } : {}), name: 'the token under the cursor' };
  const record = await sessions.getRecord(ref.sessionId);
  const raw = ref.which === 'id' ? record?.secrets.idToken : record?.secrets.accessToken;
  return { ...(raw !== undefined ? { raw } : {}), name: `the ${ref.which === 'id' ? 'ID' : 'access'} token of ${label(sessions, ref.sessionId)}` };
}

async function pickRef(sessions: SessionManager, step: 1 | 2, first?: string): Promise<TokenRef | undefined> {
  await sessions.ready;
  type Item = vscode.QuickPickItem & { ref?: TokenRef; paste?: true };
  const items: Item[] = [];
  for (const s of sessions.sessions()) {
    if (s.idToken.present) items.push({ label: `$(account) ${s.session.label}: ID token`, description: s.session.clientId, ref: { sessionId: s.id, which: 'id' } });
    if (s.accessToken.present) items.push({ label: `$(key) ${s.session.label}: access token`, description: s.session.clientId, ref: { sessionId: s.id, which: 'access' } });
  }
  if (tokenUnderCursor() !== undefined) items.push({ label: '$(symbol-text) The token under the cursor', ref: { source: 'cursor' } });
  items.push({ label: '$(clippy) Paste a token…', paste: true });
  const title = `Cognito: Compare Tokens (${step}/2)`;
  shown('pick', title, items.map((i) => i.label));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: step === 1 ? 'The first (earlier) token' : `The second token, to compare with ${first ?? 'the first'}`, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.ref) return picked.ref;
  const text = await vscode.window.showInputBox({ title, prompt: 'Paste an ID or access token (a JWT)', password: true, ignoreFocusOut: true });
  return text === undefined || text.trim() === '' ? undefined : { token: text.trim() };
}

/** `arg`: `{ a: TokenRef, b: TokenRef }`, or a session / tree node for the first side; the rest is asked. */
export async function compareTokensCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, extra?: unknown): Promise<CompareResult> {
  const opts = options(arg, extra);
  let a = readRef(opts['a']);
  let b = readRef(opts['b']);
  if (a === undefined) {
    const id = sessionIdOf(arg);
    const which = opts['which'] === 'access' ? 'access' : opts['which'] === 'id' ? 'id' : undefined;
    if (id !== undefined && which !== undefined && sessions.get(id)) a = { sessionId: id, which };
  }
  a ??= await pickRef(sessions, 1);
  if (a === undefined) return { ok: false, reason: 'cancelled' };
  const first = await tokenOf(sessions, a);
  b ??= await pickRef(sessions, 2, first.name);
  if (b === undefined) return { ok: false, reason: 'cancelled' };
  const second = await tokenOf(sessions, b);
  if (first.raw === undefined || second.raw === undefined) {
    const missing = first.raw === undefined ? first.name : second.name;
    void vscode.window.showWarningMessage(`Cognito: Compare Tokens: there is no ${missing.replace(/^the /, '')}.`);
    return { ok: false, reason: 'no-token', a: first.name, b: second.name };
  }
  const cmp = compareTokens(first.raw, second.raw);
  const uri = await openText(ctx, 'Token comparison', renderComparison(first.name, second.name, cmp));
  ctx.log.info(`compare: ${first.name} with ${second.name}: ${cmp.claims.changes.filter((c) => c.kind !== 'kept').length} claims differ, findings ${cmp.findings.map((f) => f.id).join(', ') || 'none'}`);
  return {
    ok: true,
    uri,
    a: first.name,
    b: second.name,
    kinds: [cmp.a.kind, cmp.b.kind],
    findings: cmp.findings.map((f) => f.id),
    changed: cmp.claims.changes.filter((c) => c.kind !== 'kept').map((c) => c.claim),
  };
}
