// "Add Session" and "Repair Session": one paste box read by the core's parseSessionPaste, then
// only the questions the paste left open (user pool id prefilled with the default Region,
// Region, app client id; an optional client secret), then the first refresh. Nothing is stored
// from a paste that cannot be read; a session whose first refresh fails is kept, with the
// explanation, so its settings can be fixed. The paste is never logged or shown back.
import * as vscode from 'vscode';
import {
  applyAnswers,
  parseSessionPaste,
  validateClientId,
  validateRegion,
  validateUserPoolId,
  type PasteKind,
  type SessionDraft,
} from '../../core/import/index';
import { REFRESH_METHODS, sessionFromAuthenticationResult, type RefreshMethod } from '../../core/sessions/index';
import type { Ctx } from '../context';
import { readSettings, validEndpoint } from '../settings';
import type { RefreshSummary } from './feedback';
import { refreshWithProgress } from './networkActions';
import { pickSession } from './pickSession';
import { ask, askPaste } from './prompts';
import { nameOf, type SessionManager } from './sessionManager';

/** What a caller (a test, a hover link, another command) may pass instead of answering prompts. */
export interface AddSessionArgs {
  paste: string;
  label?: string;
  region?: string;
  userPoolId?: string;
  clientId?: string;
  clientSecret?: string;
  endpoint?: string;
  refreshMethod?: RefreshMethod;
  deviceKey?: string;
  username?: string;
  /** Run the first refresh right away (default true). */
  refresh?: boolean;
}

export type AddSessionResult =
  | { ok: true; sessionId: string; label: string; kind: PasteKind; notes: string[]; endpoint?: string; firstRefresh?: RefreshSummary }
  | { ok: false; reason: 'cancelled' | 'unreadable' | 'invalid'; message: string; recognised?: string; expected?: string };

const MAX_LABEL = 120;
const STRING_FIELDS = ['label', 'region', 'userPoolId', 'clientId', 'clientSecret', 'endpoint', 'deviceKey', 'username'] as const;

function readArgs(arg: unknown): { args?: AddSessionArgs } | { error: string } {
  if (arg === undefined || arg === null) return {};
  if (typeof arg === 'string') return arg.trim() === '' ? {} : { args: { paste: arg } };
  if (typeof arg !== 'object') return { error: 'the argument must be the pasted text or an object with a "paste" field' };
  const o = arg as Record<string, unknown>;
  if (typeof o['paste'] !== 'string') return { error: 'the argument has no "paste" text' };
  const args: AddSessionArgs = { paste: o['paste'] };
  for (const key of STRING_FIELDS) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '' || v.length > 2048) return { error: `"${key}" must be a non-empty string` };
    args[key] = v.trim();
  }
  if (o['refreshMethod'] !== undefined) {
    if (!REFRESH_METHODS.includes(o['refreshMethod'] as RefreshMethod)) return { error: `"refreshMethod" must be one of ${REFRESH_METHODS.join(', ')}` };
    args.refreshMethod = o['refreshMethod'] as RefreshMethod;
  }
  if (o['refresh'] !== undefined) {
    if (typeof o['refresh'] !== 'boolean') return { error: '"refresh" must be true or false' };
    args.refresh = o['refresh'];
  }
  if (args.clientSecret !== undefined && /\s/.test(args.clientSecret)) return { error: 'the client secret must not contain spaces' };
  return { args };
}

function invalid(message: string): AddSessionResult {
  void vscode.window.showErrorMessage(`Cognito: cannot add the session: ${message}`);
  return { ok: false, reason: 'invalid', message };
}

export async function addSessionCommand(
  ctx: Ctx,
  sessions: SessionManager,
  arg: unknown,
  options: { replaceId?: string; title?: string } = {},
): Promise<AddSessionResult> {
  const title = options.title ?? 'Cognito: Add Session';
  const verb = options.replaceId ? 'repair' : 'add';
  const given = readArgs(arg);
  if ('error' in given) {
    ctx.log.warn(`${verb}: rejected the command's argument: ${given.error}`);
    return invalid(given.error);
  }
  const args = given.args;
  const settings = readSettings();

  // 1. The paste.
  let draft: SessionDraft;
  let alternatives: SessionDraft[] = [];
  if (args) {
    const result = parseSessionPaste(args.paste);
    if (!result.ok) {
      ctx.log.warn(`${verb}: the paste is not a session: it holds ${result.recognised}; nothing was stored`);
      void vscode.window.showErrorMessage(`Cognito: nothing was added. ${result.message}`);
      return { ok: false, reason: 'unreadable', message: result.message, recognised: result.recognised, expected: result.expected };
    }
    draft = result.draft;
    alternatives = result.alternatives ?? [];
  } else {
    const result = await askPaste({
      title,
      prompt: 'A refresh token, an AuthenticationResult or `aws cognito-idp initiate-auth` output, or an Amplify localStorage dump',
      check: (text) => {
        const r = parseSessionPaste(text);
        if (r.ok) return { ok: true, value: r };
        ctx.log.info(`${verb}: a paste was not usable: it holds ${r.recognised}`);
        return { ok: false, message: r.message };
      },
    });
    if (!result) return cancelled(ctx, verb);
    draft = result.draft;
    alternatives = result.alternatives ?? [];
    if (alternatives.length > 0) {
      const all = [draft, ...alternatives];
      const chosen = await vscode.window.showQuickPick(
        all.map((d, i) => ({ i, label: d.label ?? d.username ?? `Session ${i + 1}`, description: [d.userPoolId, d.clientId].filter(Boolean).join(' · ') })),
        { title, placeHolder: 'The paste holds several sessions: choose one' },
      );
      if (!chosen) return cancelled(ctx, verb);
      draft = all[chosen.i] ?? draft;
    }
  }
  if (alternatives.length > 0 && args) ctx.log.info(`${verb}: the paste holds ${alternatives.length + 1} sessions; using the first`);

  // 2. Where it lives: an explicit endpoint, the issuer's (a local emulator), or the setting.
  let endpoint: string | undefined;
  if (args?.endpoint !== undefined) {
    endpoint = validEndpoint(args.endpoint);
    if (endpoint === undefined) return invalid('"endpoint" must be an http(s) URL without credentials');
  } else {
    endpoint = draft.endpoint ?? settings.endpointOverride;
  }
  draft = endpoint !== undefined ? { ...draft, endpoint } : draft;
  const answered = applyAnswers(draft, {
    ...(args?.region !== undefined ? { region: args.region } : {}),
    ...(args?.userPoolId !== undefined ? { userPoolId: args.userPoolId } : {}),
    ...(args?.clientId !== undefined ? { clientId: args.clientId } : {}),
  });
  if (answered.invalid) return invalid(Object.values(answered.invalid).join(' '));
  draft = answered;
  ctx.log.info(
    `${verb}: paste read as ${draft.kind}; region ${draft.region ?? '?'}, pool ${draft.userPoolId ?? '?'}, client ${draft.clientId ?? '?'}` +
      `${draft.endpoint ? `, endpoint ${draft.endpoint}` : ''}${draft.missing.length ? `; asking for ${draft.missing.join(', ')}` : ''}`,
  );
  for (const note of draft.notes) ctx.log.info(`${verb}: note: ${note}`);

  // 3. Only what is still missing.
  const validation = () => ({ ...(draft.endpoint ? { endpoint: draft.endpoint } : {}), ...(draft.region ? { region: draft.region } : {}) });
  if (draft.missing.includes('userPoolId')) {
    const value = `${draft.region ?? settings.defaultRegion}_`;
    const answer = await ask({
      field: 'userPoolId',
      title,
      prompt: 'User pool id (its Region comes with it), e.g. us-east-1_AbC123def',
      value,
      cursorAtEnd: true,
      validate: (v) => validateUserPoolId(v, validation()),
    });
    if (answer === undefined) return cancelled(ctx, verb);
    draft = applyAnswers(draft, { userPoolId: answer });
  }
  if (draft.missing.includes('region')) {
    const answer = await ask({ field: 'region', title, prompt: 'AWS Region of the user pool', value: settings.defaultRegion, validate: (v) => validateRegion(v, validation()) });
    if (answer === undefined) return cancelled(ctx, verb);
    draft = applyAnswers(draft, { region: answer });
  }
  if (draft.missing.includes('clientId')) {
    const answer = await ask({ field: 'clientId', title, prompt: 'App client id (the aud claim of an ID token)', validate: validateClientId });
    if (answer === undefined) return cancelled(ctx, verb);
    draft = applyAnswers(draft, { clientId: answer });
  }
  const { region, userPoolId, clientId } = draft;
  if (region === undefined || userPoolId === undefined || clientId === undefined) {
    return invalid(`still missing: ${draft.missing.join(', ')}`);
  }
  let clientSecret = args?.clientSecret;
  if (!args) {
    const answer = await ask({
      field: 'clientSecret',
      title,
      prompt: 'App client secret, only if the app client has one (press Enter to skip)',
      password: true,
      validate: (v) => (/\s/.test(v.trim()) ? 'A client secret has no spaces.' : undefined),
    });
    if (answer === undefined) return cancelled(ctx, verb);
    clientSecret = answer.trim() === '' ? undefined : answer.trim();
  }

  // 4. Store, then the first refresh.
  const who = args?.label ?? draft.label ?? `${draft.username ?? clientId} @ ${userPoolId}`;
  const label = who.length > MAX_LABEL ? `${who.slice(0, MAX_LABEL - 1)}…` : who;
  const created = sessionFromAuthenticationResult({
    ...(options.replaceId ? { id: options.replaceId } : {}),
    label,
    region,
    userPoolId,
    clientId,
    ...(draft.endpoint ? { endpoint: draft.endpoint } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(args?.refreshMethod ? { refreshMethod: args.refreshMethod } : {}),
    ...((args?.deviceKey ?? draft.deviceKey) ? { deviceKey: args?.deviceKey ?? draft.deviceKey } : {}),
    ...((args?.username ?? draft.username) ? { username: args?.username ?? draft.username } : {}),
    authenticationResult: {
      RefreshToken: draft.secrets.refreshToken,
      IdToken: draft.secrets.idToken,
      AccessToken: draft.secrets.accessToken,
      ExpiresIn: draft.secrets.expiresIn,
    },
    now: Date.now(),
  });
  if (!created.ok) return invalid(created.message);
  const id = created.record.session.id;
  await sessions.add(created.record);
  sessions.select(id);
  const name = nameOf({ id, session: created.record.session });

  const base = { ok: true as const, sessionId: id, label, kind: draft.kind, notes: draft.notes, ...(draft.endpoint ? { endpoint: draft.endpoint } : {}) };
  if (args?.refresh === false) {
    void vscode.window.showInformationMessage(`Cognito: ${verb === 'repair' ? 'repaired' : 'added'} ${name}.`);
    return base;
  }
  const firstRefresh = await refreshWithProgress(ctx, sessions, id, {
    failed: (n) => `${n} was ${verb === 'repair' ? 'repaired' : 'added'} and kept, but its first refresh failed`,
    quietSuccess: true,
  });
  if (firstRefresh.ok) {
    void vscode.window.showInformationMessage(`Cognito: ${verb === 'repair' ? 'repaired' : 'added'} ${name}; its first refresh worked${firstRefresh.rotated ? ' and rotated the refresh token' : ''}.`);
  }
  return { ...base, firstRefresh };
}

function cancelled(ctx: Ctx, verb: string): AddSessionResult {
  ctx.log.info(`${verb}: cancelled; nothing was stored`);
  return { ok: false, reason: 'cancelled', message: 'Cancelled: nothing was stored.' };
}

/** "Repair Session": re-paste a session whose stored value cannot be read; it keeps its id. */
export async function repairSessionCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, args?: unknown): Promise<AddSessionResult> {
  const id = await pickSession(sessions, arg, {
    title: 'Repair Session',
    accept: (e) => e.kind === 'broken',
    none: 'Every stored session can be read: there is nothing to repair.',
  });
  if (id === undefined) return { ok: false, reason: 'cancelled', message: 'No session to repair was chosen.' };
  return addSessionCommand(ctx, sessions, args, { replaceId: id, title: 'Cognito: Repair Session' });
}
