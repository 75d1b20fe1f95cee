// The pure part of "Sign In…": reading the command's argument object (how tests and links skip
// the prompts), the texts of the flow and factor pickers, which failures mean "the refresh token
// is dead, sign in again", and which mean "the challenge session ran out". No `vscode` import:
// unit-tested with plain node (test/unit/vscode/authSignIn.test.ts).
import type { FirstFactor, SignInAnswer, SignInFlow } from '../../core/auth/index';
import type { Session, SessionRecord, SessionSecrets } from '../../core/sessions/index';

/** The flows the picker offers: the three API flows and managed login in the browser. */
export type UiFlow = SignInFlow | 'HOSTED_UI';
export const UI_FLOWS: readonly UiFlow[] = ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'USER_AUTH', 'HOSTED_UI'];

export const FLOW_TEXT: Record<UiFlow, { label: string; detail: string }> = {
  USER_SRP_AUTH: { label: 'USER_SRP_AUTH', detail: 'SRP, as Amplify signs in: the password never leaves this machine (default)' },
  USER_PASSWORD_AUTH: { label: 'USER_PASSWORD_AUTH', detail: 'The password is sent to Cognito over TLS (the app client must allow ALLOW_USER_PASSWORD_AUTH)' },
  USER_AUTH: { label: 'USER_AUTH', detail: 'Choice-based: password, SRP, email or SMS code, as the pool offers (ALLOW_USER_AUTH)' },
  HOSTED_UI: { label: 'Managed login in the browser (PKCE)', detail: 'Authorization code with PKCE through the pool\'s domain; the redirect comes back to this editor' },
};

/** What a flow is called in "Signed in as <user> (<flow>)". */
export function flowName(flow: UiFlow): string {
  return flow === 'HOSTED_UI' ? 'managed login' : flow;
}

export const FACTOR_TEXT: Record<FirstFactor, string> = {
  PASSWORD: 'Password',
  PASSWORD_SRP: 'Password (SRP)',
  EMAIL_OTP: 'A code sent by email',
  SMS_OTP: 'A code sent by SMS',
  WEB_AUTHN: 'Passkey: passkeys cannot be used from an editor',
};

const FIRST_FACTORS: readonly FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];

/** Where managed login's redirect comes back: the one-shot loopback listener, or the extension's URI handler. */
export type ManagedLoginRedirect = 'loopback' | 'uri-handler';
export const MANAGED_LOGIN_REDIRECTS: readonly ManagedLoginRedirect[] = ['loopback', 'uri-handler'];

/** The built-in sandbox, or a pool given by id (AWS) or by endpoint and id (an emulator). */
export type PoolChoice = { kind: 'sandbox'; poolId?: string } | { kind: 'pool'; userPoolId: string; region: string; endpoint?: string };

/**
 * The argument object of `cognitoTokenDebugger.signIn` for callers without UI (tests, links).
 * Given fields are not asked; `answers` answer the conversation's prompts in order; when they
 * run out, `then: 'ask'` shows the remaining prompts and the default, `'cancel'`, cancels.
 */
export interface SignInArgs {
  pool?: PoolChoice;
  /** For the sandbox: a demo client's name or id. */
  client?: string;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  flow?: UiFlow;
  preferred?: FirstFactor;
  label?: string;
  answers: SignInAnswer[];
  then: 'ask' | 'cancel';
  /** Managed login. */
  domain?: string;
  scopes?: string[];
  /** The loopback port (0: a random free one); else the setting. */
  port?: number;
  /** Managed login: what the "Open Browser / Copy URL" question is answered with (default: open). */
  browser?: 'open' | 'copy';
  /** Managed login: how long to wait for the redirect, in seconds (default 300). */
  waitSeconds?: number;
  /** Managed login: where the redirect comes back (default: the setting cognitoTokenDebugger.managedLogin.redirect). */
  redirect?: ManagedLoginRedirect;
}

const ANSWER_KINDS = new Set(['password', 'new-password', 'code', 'select', 'device-name']);
const MAX = 2048;

function str(o: Record<string, unknown>, key: string): string | undefined | Error {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX) return new Error(`"${key}" must be a non-empty string`);
  return v.trim();
}

function readAnswer(v: unknown, i: number): SignInAnswer | Error {
  if (!v || typeof v !== 'object') return new Error(`answers[${i}] must be an object`);
  const a = v as Record<string, unknown>;
  const kind = a['kind'];
  if (typeof kind !== 'string' || !ANSWER_KINDS.has(kind)) return new Error(`answers[${i}].kind must be one of ${[...ANSWER_KINDS].join(', ')}`);
  const text = (key: string): string | Error => (typeof a[key] === 'string' && (a[key] as string).length <= MAX ? (a[key] as string) : new Error(`answers[${i}].${key} must be a string`));
  switch (kind) {
    case 'password': {
      const password = text('password');
      return password instanceof Error ? password : { kind, password };
    }
    case 'code': {
      const code = text('code');
      return code instanceof Error ? code : { kind, code };
    }
    case 'select': {
      const option = text('option');
      return option instanceof Error ? option : { kind, option };
    }
    case 'device-name': {
      if (a['name'] === undefined || a['name'] === null) return { kind, name: undefined };
      const name = text('name');
      return name instanceof Error ? name : { kind, name };
    }
    default: {
      const password = text('password');
      if (password instanceof Error) return password;
      const attrs = a['attributes'] ?? {};
      if (!attrs || typeof attrs !== 'object' || Object.values(attrs).some((x) => typeof x !== 'string')) return new Error(`answers[${i}].attributes must map names to strings`);
      return { kind: 'new-password', password, attributes: attrs as Record<string, string> };
    }
  }
}

/** Reads the command's argument; undefined (no argument) means: ask everything. */
export function readSignInArgs(arg: unknown): { args?: SignInArgs } | { error: string } {
  if (arg === undefined || arg === null) return {};
  if (typeof arg !== 'object' || Array.isArray(arg)) return { error: 'the argument must be an object' };
  const o = arg as Record<string, unknown>;
  const args: SignInArgs = { answers: [], then: 'cancel' };
  const pool = o['pool'];
  if (pool === 'sandbox') args.pool = { kind: 'sandbox' };
  else if (pool !== undefined) {
    if (!pool || typeof pool !== 'object') return { error: '"pool" must be "sandbox" or { userPoolId, region?, endpoint? }' };
    const p = pool as Record<string, unknown>;
    const id = str(p, 'userPoolId');
    const endpoint = str(p, 'endpoint');
    const region = str(p, 'region');
    for (const v of [id, endpoint, region]) if (v instanceof Error) return { error: `pool: ${v.message}` };
    if (typeof id !== 'string') return { error: 'pool: "userPoolId" is required' };
    const derived = typeof region === 'string' ? region : id.slice(0, Math.max(0, id.indexOf('_')));
    if (derived === '') return { error: 'pool: the Region cannot be read from the user pool id; give "region"' };
    args.pool = p['sandbox'] === true ? { kind: 'sandbox', poolId: id } : { kind: 'pool', userPoolId: id, region: derived, ...(typeof endpoint === 'string' ? { endpoint } : {}) };
  }
  for (const key of ['client', 'clientId', 'clientSecret', 'username', 'label', 'domain'] as const) {
    const v = str(o, key);
    if (v instanceof Error) return { error: v.message };
    if (v !== undefined) args[key] = v;
  }
  if (args.clientSecret !== undefined && /\s/.test(args.clientSecret)) return { error: 'the client secret must not contain spaces' };
  if (o['flow'] !== undefined) {
    if (!UI_FLOWS.includes(o['flow'] as UiFlow)) return { error: `"flow" must be one of ${UI_FLOWS.join(', ')}` };
    args.flow = o['flow'] as UiFlow;
  }
  if (o['preferred'] !== undefined) {
    if (!FIRST_FACTORS.includes(o['preferred'] as FirstFactor)) return { error: `"preferred" must be one of ${FIRST_FACTORS.join(', ')}` };
    args.preferred = o['preferred'] as FirstFactor;
  }
  if (o['answers'] !== undefined) {
    if (!Array.isArray(o['answers']) || o['answers'].length > 50) return { error: '"answers" must be a list (at most 50)' };
    for (const [i, v] of o['answers'].entries()) {
      const a = readAnswer(v, i);
      if (a instanceof Error) return { error: a.message };
      args.answers.push(a);
    }
  }
  if (o['then'] !== undefined) {
    if (o['then'] !== 'ask' && o['then'] !== 'cancel') return { error: '"then" must be "ask" or "cancel"' };
    args.then = o['then'];
  }
  if (o['scopes'] !== undefined) {
    if (!Array.isArray(o['scopes']) || o['scopes'].some((s) => typeof s !== 'string' || scopeProblem(s) !== undefined)) return { error: '"scopes" must be a list of scope names' };
    args.scopes = o['scopes'] as string[];
  }
  if (o['port'] !== undefined) {
    if (!Number.isInteger(o['port']) || (o['port'] as number) < 0 || (o['port'] as number) > 65535) return { error: '"port" must be 0..65535' };
    args.port = o['port'] as number;
  }
  if (o['browser'] !== undefined) {
    if (o['browser'] !== 'open' && o['browser'] !== 'copy') return { error: '"browser" must be "open" or "copy"' };
    args.browser = o['browser'];
  }
  if (o['redirect'] !== undefined) {
    if (!MANAGED_LOGIN_REDIRECTS.includes(o['redirect'] as ManagedLoginRedirect)) return { error: `"redirect" must be one of ${MANAGED_LOGIN_REDIRECTS.join(', ')}` };
    args.redirect = o['redirect'] as ManagedLoginRedirect;
  }
  if (o['waitSeconds'] !== undefined) {
    if (typeof o['waitSeconds'] !== 'number' || !(o['waitSeconds'] > 0) || o['waitSeconds'] > 3600) return { error: '"waitSeconds" must be 1..3600' };
    args.waitSeconds = o['waitSeconds'];
  }
  return { args };
}

/** RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E, one or more. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function scopeProblem(scope: string): string | undefined {
  return scope.length <= 256 && SCOPE_TOKEN.test(scope) ? undefined : 'A scope is letters, digits and punctuation without quotes, backslashes or spaces, e.g. openid or aws.cognito.signin.user.admin.';
}

/** The scopes typed in one box, space-separated; a message when one is not a scope. */
export function readScopes(text: string): { scopes: string[] } | { error: string } {
  const scopes = text.split(' ').filter((s) => s !== '');
  if (scopes.length === 0) return { error: 'Give at least one scope, e.g. openid.' };
  for (const s of scopes) {
    const problem = scopeProblem(s);
    if (problem !== undefined) return { error: problem };
  }
  return { scopes: [...new Set(scopes)] };
}

/**
 * A managed-login domain: https, or http on a loopback address (the sandbox, an emulator); no
 * path, credentials, query or fragment. Returns the origin, or a message.
 */
export function readDomain(text: string): { domain: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(text.trim().includes('://') ? text.trim() : `https://${text.trim()}`);
  } catch {
    return { error: 'Expected a domain such as https://my-app.auth.us-east-1.amazoncognito.com or auth.example.com.' };
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return { error: 'The domain must use https (http only on 127.0.0.1 or localhost).' };
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return { error: 'Give the domain only, without a path, query or credentials.' };
  return { domain: url.origin };
}

export { refreshTokenIsDead } from '../sessions/deadToken';

/**
 * Whether a failed step means Cognito's challenge session (3 minutes per step) ran out: the
 * prompt's `expiresAt` has passed, or Cognito said so ("Invalid session for the user, session is
 * expired.", which the catalog may explain under its own id).
 */
export function challengeSessionExpired(failure: { explanationId: string; errorName: string; message?: string }, expiresAt: number | undefined, now: number): boolean {
  if (expiresAt !== undefined && now >= expiresAt) return true;
  if (/session[-/ ]?expired/i.test(failure.explanationId)) return true;
  if (failure.errorName !== 'NotAuthorizedException' && failure.errorName !== 'CodeMismatchException' && failure.errorName !== 'ExpiredCodeException') return false;
  const m = (failure.message ?? '').toLowerCase();
  return m.includes('session is expired') || m.includes('session has expired') || m.includes('invalid session for the user');
}

/** A short, safe name of a challenge's destination ("j***@e***.com" as Cognito masks it) for a prompt. */
export function codePromptText(challenge: string, destination: string | undefined, medium: string | undefined): string {
  const where = destination ? ` sent to ${destination.slice(0, 80)}` : medium ? ` sent by ${medium.toLowerCase().slice(0, 20)}` : '';
  switch (challenge) {
    case 'SOFTWARE_TOKEN_MFA':
      return 'The 6-digit code from your authenticator app';
    case 'SMS_MFA':
    case 'SMS_OTP':
      return `The code from the text message${where}`;
    case 'EMAIL_OTP':
      return `The code from the email${where}`;
    default:
      return `The code${where}`;
  }
}

/** A code as typed: digits only (spaces and dashes a user copies along are dropped). */
export function normalizeCode(text: string): string {
  return text.replace(/[\s-]/g, '');
}

export function codeProblem(text: string): string | undefined {
  return /^\d{4,10}$/.test(normalizeCode(text)) ? undefined : 'A code is 4 to 10 digits.';
}

/**
 * The stored session with the new sign-in's tokens: same id, label, creation time, history and
 * user settings (rotation hint, client metadata, the refresh method chosen unless the new
 * sign-in moves to or from the token endpoint); the username of the new sign-in; no last error.
 * The device: the new sign-in's, else the remembered one when the sign-in used it
 * (`usedDevice`), else none (an old device key does not belong to the new refresh token).
 */
export function replacing(old: SessionRecord, fresh: SessionRecord, usedDevice: boolean): SessionRecord {
  const keepDevice = usedDevice && fresh.session.deviceKey === undefined;
  const { deviceKey: oldDevice, ...oldSession } = old.session;
  const oauth = fresh.session.refreshMethod === 'TokenEndpoint' || old.session.refreshMethod === 'TokenEndpoint';
  const session: Session = {
    ...oldSession,
    ...fresh.session,
    id: old.session.id,
    label: old.session.label,
    createdAt: old.session.createdAt,
    refreshMethod: oauth ? fresh.session.refreshMethod : old.session.refreshMethod,
    ...(keepDevice && oldDevice !== undefined ? { deviceKey: oldDevice } : {}),
  };
  const { lastError: _dropped, ...rest } = old;
  void _dropped;
  const secrets: SessionSecrets = {
    ...fresh.secrets,
    ...(fresh.secrets.clientSecret === undefined && old.secrets.clientSecret !== undefined ? { clientSecret: old.secrets.clientSecret } : {}),
    ...(keepDevice && old.secrets.deviceGroupKey !== undefined ? { deviceGroupKey: old.secrets.deviceGroupKey } : {}),
    ...(keepDevice && old.secrets.devicePassword !== undefined ? { devicePassword: old.secrets.devicePassword } : {}),
  };
  return { ...rest, session, secrets, history: old.history };
}

/** The port of the first loopback `/callback` URL a sandbox client lists (when the sandbox reports them). */
export function loopbackCallbackPort(client: unknown): number | undefined {
  const urls = (client as { callbackURLs?: unknown } | null)?.callbackURLs;
  if (!Array.isArray(urls)) return undefined;
  for (const u of urls) {
    if (typeof u !== 'string') continue;
    try {
      const url = new URL(u);
      if (url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.pathname === '/callback' && url.port !== '') return Number(url.port);
    } catch {
      // not a URL: skip
    }
  }
  return undefined;
}
