// The session commands that are not network work (copy, remove, edit, select, open inspector)
// and the command-level wrappers of refresh, revoke and verify: resolve the session (argument,
// the only one, or a quick pick), confirm what cannot be undone, then act. Every handler returns
// a token-free result so tests and other commands can drive it without UI.
import * as vscode from 'vscode';
import { fingerprint, REFRESH_METHODS, type RefreshMethod, type SettingsPatch } from '../../core/sessions/index';
import type { Ctx } from '../context';
import { findTokenInput } from '../decode/tokenSource';
import { validEndpoint } from '../settings';
import { summarizeVerify, type RefreshSummary, type RevokeSummary, type VerifySummary } from './feedback';
import { refreshAllWithProgress, refreshWithProgress, revokeWithProgress, verifyWithProgress, type SessionVerifySummary } from './networkActions';
import { pickSession, sessionIdOf } from './pickSession';
import { ask, chooseDestructive, confirmDestructive } from './prompts';
import { nameOf, type SessionManager } from './sessionManager';
import { renderVerifyReports } from './verifyReport';

/** What the commands that open the inspector need (the Inspector class of src/vscode/inspector). */
export interface InspectorView {
  /** `slot`: the token tab to show first. */
  showSession(sessionId: string, slot?: 'id' | 'access' | 'refresh'): Promise<void>;
  showToken(raw: string): Promise<void>;
}

/** Options a caller may pass to skip a confirmation it already asked for (tests, scripts). */
interface ConfirmOptions {
  confirm?: boolean;
  /** Revoke Refresh Token: RevokeToken's RevokeAssociatedSessions when the confirmation is skipped (default NONE). */
  associated?: 'NONE' | 'LINKED';
}

/** RevokeToken's RevokeAssociatedSessions, in the words the confirmation uses (the SDK model's RevokeTokenRequest). */
export const REVOKE_TOKEN_ASSOCIATED: Readonly<Record<'NONE' | 'LINKED', string>> = {
  NONE: 'RevokeAssociatedSessions NONE: only this sign-in. Its refresh token and the access tokens issued from it stop working; the refresh token fails with "Refresh Token has been revoked".',
  LINKED:
    'RevokeAssociatedSessions LINKED: also the SSO session (managed login cookie) this sign-in came through, so the browser must sign in again. Other sign-ins that came through that SSO session keep working. No effect without user session tracking or when the sign-in did not come through managed login.',
};

function skipConfirm(options: unknown): boolean {
  return !!options && typeof options === 'object' && (options as ConfirmOptions).confirm === false;
}

function name(sessions: SessionManager, id: string): string {
  const e = sessions.get(id);
  return e ? nameOf(e.kind === 'ok' ? e : { id }) : id;
}

// ---------------------------------------------------------------- refresh / revoke / verify

export async function refreshSessionCommand(ctx: Ctx, sessions: SessionManager, arg: unknown): Promise<RefreshSummary | undefined> {
  const id = await pickSession(sessions, arg, { title: 'Refresh Session' });
  return id === undefined ? undefined : refreshWithProgress(ctx, sessions, id);
}

export function refreshAllCommand(ctx: Ctx, sessions: SessionManager): Promise<RefreshSummary[]> {
  return refreshAllWithProgress(ctx, sessions);
}

export async function revokeCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, options?: unknown): Promise<RevokeSummary | undefined> {
  const id = await pickSession(sessions, arg, { title: 'Revoke Refresh Token' });
  if (id === undefined) return undefined;
  let associated: 'NONE' | 'LINKED' = (options as ConfirmOptions | undefined)?.associated === 'LINKED' ? 'LINKED' : 'NONE';
  if (!skipConfirm(options)) {
    const entry = sessions.get(id);
    // /oauth2/revoke (a token-endpoint session) has no RevokeAssociatedSessions.
    const oauth = entry?.kind === 'ok' && entry.session.refreshMethod === 'TokenEndpoint';
    const placeHolder =
      'Cognito stops accepting this refresh token and the access tokens issued from it. The session stays listed, but refreshing it will fail until you sign in again. This cannot be undone.';
    const picked = await chooseDestructive<'NONE' | 'LINKED'>({
      title: `Revoke the refresh token of ${name(sessions, id)}?`,
      placeHolder,
      keep: 'Keep the refresh token',
      choices: oauth
        ? [{ label: 'Revoke it at Cognito (/oauth2/revoke)', detail: placeHolder, value: 'NONE' }]
        : [
            { label: 'Revoke it at Cognito', detail: REVOKE_TOKEN_ASSOCIATED.NONE, value: 'NONE' },
            { label: 'Revoke it and the SSO session it came through (LINKED)', detail: REVOKE_TOKEN_ASSOCIATED.LINKED, value: 'LINKED' },
          ],
    });
    if (picked === undefined) return { sessionId: id, ok: false, reason: 'cancelled' };
    associated = picked;
  }
  return revokeWithProgress(ctx, sessions, id, associated);
}

export async function verifySessionCommand(ctx: Ctx, sessions: SessionManager, arg: unknown): Promise<SessionVerifySummary | undefined> {
  const id = await pickSession(sessions, arg, { title: 'Verify Session Tokens' });
  return id === undefined ? undefined : verifyWithProgress(ctx, sessions, id);
}

/** "Verify Token": a bare token (the argument, else the selection, cursor, clipboard or an input box). */
/**
 * Verify Token Signature. The key set comes from an AWS issuer's own URL, a stored session's
 * endpoint or the built-in sandbox; for any other issuer nothing is fetched until the user
 * confirms the URL (a token in a workspace file must not make the extension contact a host of
 * its choosing). `options.confirmJwks` answers that question for callers without UI.
 */
export async function verifyTokenCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, options?: unknown): Promise<VerifySummary | undefined> {
  const input = await findTokenInput(arg);
  if (!input) return undefined;
  // The hover that offered this link would stay on top of the report.
  void vscode.commands.executeCommand('editor.action.hideHover');
  const raw = input.text.trim();
  const run = (jwksUri?: string) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Verifying the token against its issuer’s keys…' }, () => sessions.verifyToken(raw, jwksUri));
  let report = await run();
  if (report.status === 'needs-confirmation' && report.jwksUri) {
    const given = options && typeof options === 'object' ? (options as { confirmJwks?: unknown }).confirmJwks : undefined;
    let fetch = given === true;
    if (given === undefined) {
      const choice = await vscode.window.showWarningMessage(
        `Fetch the key set from ${report.jwksUri} to check this token's signature?`,
        { modal: true, detail: "The token's issuer is neither AWS nor the endpoint of a stored session, and it is not verified: only continue if you trust that host." },
        'Fetch Key Set',
      );
      fetch = choice === 'Fetch Key Set';
    }
    if (fetch) report = await run(report.jwksUri);
  }
  const title = report.ok ? 'Signature verified' : report.status === 'failed' ? 'Signature not verified' : 'Signature not checked';
  const uri = ctx.documents.add(title, renderVerifyReports('Token signature check', [['Token', report]]), 'text');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), {
    preview: true,
    viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
  });
  return summarizeVerify(report);
}

// ---------------------------------------------------------------- copy

export type TokenWhich = 'id' | 'access' | 'refresh';

const TOKEN_NAME: Record<TokenWhich, string> = { id: 'ID token', access: 'access token', refresh: 'refresh token' };

export async function copyTokenCommand(
  ctx: Ctx,
  sessions: SessionManager,
  which: TokenWhich,
  arg: unknown,
): Promise<{ ok: boolean; sessionId?: string; token: TokenWhich; fingerprint?: string }> {
  const id = await pickSession(sessions, arg, { title: `Copy ${TOKEN_NAME[which]}` });
  if (id === undefined) return { ok: false, token: which };
  const record = await sessions.getRecord(id);
  const raw = which === 'id' ? record?.secrets.idToken : which === 'access' ? record?.secrets.accessToken : record?.secrets.refreshToken;
  if (raw === undefined) {
    void vscode.window.showWarningMessage(`Cognito: ${name(sessions, id)} has no ${TOKEN_NAME[which]} yet. Refresh it to get one.`, 'Refresh').then((c) =>
      c === 'Refresh' ? vscode.commands.executeCommand('cognitoTokenDebugger.refreshSession', id) : undefined,
    );
    return { ok: false, sessionId: id, token: which };
  }
  await vscode.env.clipboard.writeText(raw);
  const fp = fingerprint(raw);
  ctx.log.info(`copy: the ${TOKEN_NAME[which]} of ${name(sessions, id)} (${fp}) was copied to the clipboard`);
  void vscode.window.showInformationMessage(`Cognito: copied the ${TOKEN_NAME[which]} of ${name(sessions, id)} to the clipboard.`);
  return { ok: true, sessionId: id, token: which, fingerprint: fp };
}

// ---------------------------------------------------------------- remove / select / inspector

export async function removeSessionCommand(sessions: SessionManager, arg: unknown, options?: unknown): Promise<{ removed: boolean; sessionId?: string }> {
  const id = await pickSession(sessions, arg, { title: 'Remove Session', accept: () => true });
  if (id === undefined) return { removed: false };
  if (!skipConfirm(options)) {
    const remove = await confirmDestructive({
      title: `Remove ${name(sessions, id)}?`,
      detail:
        "Its refresh token, client secret, tokens and history are deleted from this machine's secret storage. This does not sign the user out or revoke the token at Cognito (use Revoke Refresh Token for that).",
      keep: 'Keep the session',
      destroy: 'Remove it from this machine',
    });
    if (!remove) return { removed: false, sessionId: id };
  }
  const label = name(sessions, id);
  const removed = await sessions.remove(id);
  if (removed) vscode.window.setStatusBarMessage(`$(trash) Removed ${label}`, 4000);
  return { removed, sessionId: id };
}

export async function selectSessionCommand(sessions: SessionManager, arg: unknown): Promise<string | undefined> {
  const id = await pickSession(sessions, arg, { title: 'Select Session for the Status Bar' });
  if (id !== undefined) sessions.select(id);
  return id;
}

export async function openInspectorCommand(sessions: SessionManager, inspector: InspectorView, arg: unknown): Promise<void> {
  // A token comes from a hover's link: that hover would stay on top of the inspector.
  const fromHover = () => void vscode.commands.executeCommand('editor.action.hideHover');
  if (arg && typeof arg === 'object' && typeof (arg as { token?: unknown }).token === 'string') {
    fromHover();
    return inspector.showToken((arg as { token: string }).token);
  }
  // A string is a session id when one has it; otherwise a token (a link from a hover).
  const asId = sessionIdOf(arg);
  await sessions.ready;
  if (typeof arg === 'string' && asId !== undefined && !sessions.get(asId) && arg.includes('.')) {
    fromHover();
    return inspector.showToken(arg.trim());
  }
  const id = await pickSession(sessions, arg, { title: 'Open Inspector' });
  if (id === undefined) return;
  // A tree node of one token (`{ sessionId, which }`) opens on that token's tab.
  const which = arg && typeof arg === 'object' ? (arg as { which?: unknown }).which : undefined;
  if (which === 'id' || which === 'access' || which === 'refresh') await inspector.showSession(id, which);
  else await inspector.showSession(id);
}

// ---------------------------------------------------------------- edit

export const EDIT_FIELDS = ['label', 'userPoolId', 'clientId', 'region', 'refreshMethod', 'endpoint', 'oauthDomain', 'oauthClientAuth', 'username', 'deviceKey', 'clientSecret'] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

export interface EditResult {
  ok: boolean;
  sessionId?: string;
  changed: EditField[];
  message?: string;
}

const FIELD_TITLE: Record<EditField, string> = {
  label: 'Label',
  userPoolId: 'User pool',
  clientId: 'App client',
  region: 'Region',
  oauthDomain: 'Managed login domain',
  oauthClientAuth: 'Token endpoint client authentication',
  refreshMethod: 'Refresh method',
  endpoint: 'Endpoint',
  username: 'Internal username',
  deviceKey: 'Device key',
  clientSecret: 'Client secret',
};

/** A caller's patch, validated: `null` or "" removes an optional field. */
function readPatch(raw: Record<string, unknown>): { patch: Omit<SettingsPatch, 'at'>; changed: EditField[] } | { error: string } {
  const patch: { -readonly [K in keyof Omit<SettingsPatch, 'at'>]?: Omit<SettingsPatch, 'at'>[K] } = {};
  const changed: EditField[] = [];
  for (const key of Object.keys(raw)) {
    if (key === 'field') continue;
    if (!(EDIT_FIELDS as readonly string[]).includes(key)) return { error: `unknown setting "${key}" (known: ${EDIT_FIELDS.join(', ')})` };
  }
  const text = (key: EditField): string | null | undefined | { error: string } => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (v === null || v === '') return null;
    if (typeof v !== 'string' || v.length > 2048) return { error: `"${key}" must be a string` };
    return v.trim();
  };
  for (const key of EDIT_FIELDS) {
    const v = text(key);
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object') return v;
    changed.push(key);
    switch (key) {
      case 'label':
        if (v === null) return { error: 'a session needs a label' };
        patch.label = v;
        break;
      case 'refreshMethod':
        if (v === null || !REFRESH_METHODS.includes(v as RefreshMethod)) return { error: `"refreshMethod" must be one of ${REFRESH_METHODS.join(', ')}` };
        patch.refreshMethod = v as RefreshMethod;
        break;
      case 'endpoint': {
        if (v === null) {
          patch.endpoint = null;
          break;
        }
        const url = validEndpoint(v);
        if (url === undefined) return { error: '"endpoint" must be an http(s) URL without credentials' };
        patch.endpoint = url;
        break;
      }
      case 'userPoolId': {
        // Cognito's pattern for a user pool id: <region>_<id>; the region is its prefix.
        if (v === null || !/^[a-z]{2}(?:-[a-z]+)+-\d_[0-9a-zA-Z]{1,40}$/.test(v)) return { error: '"userPoolId" must look like us-east-1_AbC123xyz' };
        patch.userPoolId = v;
        break;
      }
      case 'clientId':
        if (v === null || !/^[\w+]{1,128}$/.test(v)) return { error: '"clientId" must be an app client id (letters, digits, + and _)' };
        patch.clientId = v;
        break;
      case 'region':
        if (v === null || !/^[a-z]{2}(?:-[a-z]+)+-\d$/.test(v)) return { error: '"region" must be an AWS Region such as eu-west-1' };
        patch.region = v;
        break;
      case 'oauthDomain': {
        // The token endpoint's origin (https://<prefix>.auth.<region>.amazoncognito.com, a custom
        // domain, or an emulator's http://127.0.0.1:PORT): an origin only, nothing after it.
        if (v === null) {
          patch.oauthDomain = null;
          break;
        }
        const url = validEndpoint(v);
        if (url === undefined || new URL(url).origin !== url.replace(/\/$/, '')) return { error: '"oauthDomain" must be an http(s) origin such as https://example.auth.us-east-1.amazoncognito.com' };
        patch.oauthDomain = new URL(url).origin;
        break;
      }
      case 'oauthClientAuth':
        if (v !== null && v !== 'client_secret_basic' && v !== 'client_secret_post') return { error: '"oauthClientAuth" must be client_secret_basic or client_secret_post' };
        patch.oauthClientAuth = v;
        break;
      case 'username':
      case 'deviceKey':
      case 'clientSecret':
        if (v !== null && /\s/.test(v)) return { error: `"${key}" must not contain spaces` };
        patch[key] = v;
        break;
    }
  }
  // A pool id names its Region: moving a session to another pool moves it to that pool's Region too,
  // unless the caller chose one explicitly (an emulator may not care).
  if (patch.userPoolId !== undefined && patch.region === undefined) {
    const region = patch.userPoolId.slice(0, patch.userPoolId.indexOf('_'));
    patch.region = region;
    if (!changed.includes('region')) changed.push('region');
  }
  return { patch, changed };
}

async function askField(sessions: SessionManager, id: string, field: EditField): Promise<Record<string, unknown> | undefined> {
  const view = sessions.get(id);
  const s = view?.kind === 'ok' ? view.session : undefined;
  const title = `Cognito: Edit ${s ? `"${s.label}"` : 'Session'}: ${FIELD_TITLE[field]}`;
  if (field === 'refreshMethod') {
    const items: (vscode.QuickPickItem & { method: RefreshMethod })[] = [
      { method: 'auto', label: 'Automatic', description: 'GetTokensFromRefreshToken, falling back to InitiateAuth where it is not implemented' },
      { method: 'GetTokensFromRefreshToken', label: 'GetTokensFromRefreshToken', description: 'Required when the app client rotates refresh tokens' },
      { method: 'InitiateAuth', label: 'InitiateAuth (REFRESH_TOKEN_AUTH)', description: 'The older flow; never rotates' },
      { method: 'TokenEndpoint', label: 'Token endpoint (/oauth2/token)', description: 'grant_type=refresh_token at the managed login domain: for sessions signed in through the browser' },
    ];
    const chosen = await vscode.window.showQuickPick(
      items.map((i) => ({ ...i, picked: i.method === s?.refreshMethod })),
      { title, placeHolder: `Now: ${s?.refreshMethod ?? 'auto'}${s?.effectiveMethod ? ` (using ${s.effectiveMethod})` : ''}` },
    );
    return chosen ? { refreshMethod: chosen.method } : undefined;
  }
  const prompts: Record<Exclude<EditField, 'refreshMethod'>, string> = {
    label: 'A name for this session',
    userPoolId: 'User pool id (us-east-1_AbC123xyz). A refresh token works only in the pool and app client that issued it',
    clientId: 'App client id. A refresh token works only with the app client that issued it (a different one answers "Invalid Refresh Token")',
    region: 'AWS Region of the user pool (set from the pool id when you change the pool)',
    oauthDomain: 'Managed login domain of the token endpoint (https://<prefix>.auth.<region>.amazoncognito.com or a custom domain; empty: none)',
    oauthClientAuth: 'How the token endpoint gets the client secret: client_secret_basic (an Authorization header) or client_secret_post (in the body)',
    endpoint: 'Endpoint URL of a Cognito-compatible server (empty: the AWS endpoint of the Region)',
    username: "Cognito's internal username (cognito:username; the sub in pools that sign in by email). Used for SECRET_HASH with InitiateAuth",
    deviceKey: 'Device key from the sign-in (NewDeviceMetadata.DeviceKey), when the pool remembers devices (empty: none)',
    clientSecret: 'App client secret (empty: the app client has none)',
  };
  const currentOf: Partial<Record<EditField, string | undefined>> = {
    label: s?.label,
    userPoolId: s?.userPoolId,
    clientId: s?.clientId,
    region: s?.region,
    endpoint: s?.endpoint,
    oauthDomain: s?.oauthDomain,
    oauthClientAuth: s?.oauthClientAuth,
    username: s?.username,
    deviceKey: s?.deviceKey,
  };
  const current = currentOf[field];
  const answer = await ask({
    field,
    title,
    prompt: prompts[field],
    value: current ?? '',
    password: field === 'clientSecret',
    validate: (v) => {
      const r = readPatch({ [field]: v });
      return 'error' in r ? r.error : undefined;
    },
  });
  return answer === undefined ? undefined : { [field]: answer };
}

export async function editSessionCommand(sessions: SessionManager, arg: unknown, patchArg?: unknown): Promise<EditResult> {
  const id = await pickSession(sessions, arg, { title: 'Edit Session' });
  if (id === undefined) return { ok: false, changed: [] };
  let raw: Record<string, unknown> | undefined = patchArg && typeof patchArg === 'object' ? { ...(patchArg as Record<string, unknown>) } : undefined;
  const onlyField = raw?.['field'];
  if (raw === undefined || (Object.keys(raw).length === 1 && typeof onlyField === 'string')) {
    let field: EditField | undefined = (EDIT_FIELDS as readonly string[]).includes(onlyField as string) ? (onlyField as EditField) : undefined;
    if (field === undefined) {
      const view = sessions.get(id);
      const s = view?.kind === 'ok' ? view : undefined;
      const describe: Record<EditField, string> = {
        label: s?.session.label ?? '',
        userPoolId: s?.session.userPoolId ?? '',
        clientId: s?.session.clientId ?? '',
        region: s?.session.region ?? '',
        oauthDomain: s?.session.oauthDomain ?? 'none',
        oauthClientAuth: s?.session.oauthClientAuth ?? (s?.session.oauthDomain ? 'client_secret_basic' : 'none'),
        refreshMethod: `${s?.session.refreshMethod ?? 'auto'}${s?.session.effectiveMethod ? ` (using ${s.session.effectiveMethod})` : ''}`,
        endpoint: s?.session.endpoint ?? `AWS (${s?.session.region ?? '?'})`,
        username: s?.session.username ?? 'not set',
        deviceKey: s?.session.deviceKey ?? 'none',
        clientSecret: s?.hasClientSecret ? 'set' : 'none',
      };
      const chosen = await vscode.window.showQuickPick(
        EDIT_FIELDS.map((f) => ({ field: f, label: FIELD_TITLE[f], description: describe[f] })),
        { title: `Cognito: Edit ${name(sessions, id)}`, placeHolder: 'Choose what to change' },
      );
      if (!chosen) return { ok: false, sessionId: id, changed: [] };
      field = chosen.field;
    }
    raw = await askField(sessions, id, field);
    if (raw === undefined) return { ok: false, sessionId: id, changed: [] };
  }
  const read = readPatch(raw);
  if ('error' in read) {
    void vscode.window.showErrorMessage(`Cognito: cannot edit ${name(sessions, id)}: ${read.error}.`);
    return { ok: false, sessionId: id, changed: [], message: read.error };
  }
  if (read.changed.length === 0) return { ok: true, sessionId: id, changed: [] };
  try {
    await sessions.update(id, read.patch);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Cognito: cannot edit ${name(sessions, id)}: ${message}`);
    return { ok: false, sessionId: id, changed: [], message };
  }
  vscode.window.setStatusBarMessage(`$(check) Updated ${name(sessions, id)}: ${read.changed.map((f) => FIELD_TITLE[f].toLowerCase()).join(', ')}`, 4000);
  return { ok: true, sessionId: id, changed: read.changed };
}
