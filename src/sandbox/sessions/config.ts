// The sandbox config's settings for managed login (per app client), session
// tracking (per pool) and the IAM credentials the admin operations accept (at
// the top level). config.ts calls the readers below from its own readers.
//
// Names follow the Cognito API (UserPoolClientType.CallbackURLs,
// AllowedOAuthFlows, ...; GetUserPoolSessionConfiguration's
// UserSessionTracking and TokenSession.MaxPerUser), in camelCase.

/** OAuthFlowType (SDK: dist-types/models/enums.d.ts). */
export const OAUTH_FLOWS = ['code', 'implicit', 'client_credentials'] as const;
export type OAuthFlow = (typeof OAUTH_FLOWS)[number];

export interface ClientOAuthConfig {
  /** Where managed login may send the browser back to; matched exactly (scheme, host, port, path, query). */
  callbackURLs?: string[];
  logoutURLs?: string[];
  /** Default: none (managed login is off for the client). */
  allowedOAuthFlows?: OAuthFlow[];
  /** e.g. ["openid", "email", "profile", "aws.cognito.signin.user.admin"]. */
  allowedOAuthScopes?: string[];
  /** Must be true for any OAuth flow to work (Cognito's switch of the same name). Default false. */
  allowedOAuthFlowsUserPoolClient?: boolean;
  /** Default ["COGNITO"]. The sandbox has no federation: only COGNITO signs anyone in. */
  supportedIdentityProviders?: string[];
  /**
   * GetUserPoolClientSessionConfiguration's SSOSession.MaxValidityMinutes, 0..129600: how long after the
   * fresh authentication this client signs a browser in silently from its SSO session cookie (0: never).
   * Default 60 (the documented default).
   */
  ssoSessionMaxValidityMinutes?: number;
}

export interface PoolSessionConfig {
  /** GetUserPoolSessionConfiguration.UserSessionTracking. Default DISABLED, as for a pool that never set it. */
  userSessionTracking?: 'ENABLED' | 'DISABLED';
  /** TokenSession.MaxPerUser, 1..100. Default 20. */
  maxSessionsPerUser?: number;
  /**
   * Sandbox-only: how many sessions one ListUserSessions / AdminListUserSessions
   * page holds. Default 125 (AdminListUserSessions' documented page). Set it low to
   * exercise NextToken.
   */
  sessionsPageSize?: number;
}

/**
 * An AWS access key the admin (IAM-authorized) operations accept. The sandbox
 * does not check SigV4 signatures: it reads the access key id from the
 * `Authorization` header's Credential and looks it up here.
 */
export interface IamCredentialConfig {
  accessKeyId: string;
  /** Not checked; kept so a config can hand the same pair to an SDK client. */
  secretAccessKey?: string;
  /** The IAM principal named in AccessDeniedException messages. Default arn:aws:iam::123456789012:user/sandbox. */
  principalArn?: string;
  /** Allowed actions, e.g. ["cognito-idp:DescribeUserPoolClient"], or ["cognito-idp:*"]. Default: every action. */
  allow?: string[];
}

export const CLIENT_OAUTH_KEYS = [
  'callbackURLs', 'logoutURLs', 'allowedOAuthFlows', 'allowedOAuthScopes', 'allowedOAuthFlowsUserPoolClient',
  'supportedIdentityProviders', 'ssoSessionMaxValidityMinutes',
];
export const POOL_SESSION_KEYS = ['userSessionTracking', 'maxSessionsPerUser', 'sessionsPageSize'];
export const ROOT_IAM_KEYS = ['iamCredentials'];

type Raw = Record<string, unknown>;

function stringList(problems: string[], value: unknown, path: string, check?: (s: string) => string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be an array of strings`);
    return undefined;
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0) return void problems.push(`${path}[${i}]: must be a non-empty string`);
    const bad = check?.(item);
    if (bad) return void problems.push(`${path}[${i}]: ${bad}`);
    out.push(item);
  });
  return out;
}

function integer(problems: string[], value: unknown, path: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${path}: must be an integer from ${min} to ${max}`);
  return undefined;
}

/** A callback URL Cognito would take: an absolute URL without a fragment (http only for localhost/loopback in Cognito; the sandbox takes any). */
function callbackUrlProblem(url: string): string | undefined {
  if (url.length > 1024) return 'must be at most 1024 characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (parsed.hash !== '' || url.includes('#')) return 'must not have a fragment';
  return undefined;
}

export function readClientOAuth(problems: string[], o: Raw, path: string): ClientOAuthConfig {
  const out: ClientOAuthConfig = {};
  const callbacks = stringList(problems, o.callbackURLs, `${path}.callbackURLs`, callbackUrlProblem);
  if (callbacks) out.callbackURLs = callbacks;
  const logouts = stringList(problems, o.logoutURLs, `${path}.logoutURLs`, callbackUrlProblem);
  if (logouts) out.logoutURLs = logouts;
  const flows = stringList(problems, o.allowedOAuthFlows, `${path}.allowedOAuthFlows`, (f) =>
    ((OAUTH_FLOWS as readonly string[]).includes(f) ? undefined : `must be one of ${OAUTH_FLOWS.join(', ')}`));
  if (flows) out.allowedOAuthFlows = flows as OAuthFlow[];
  const scopes = stringList(problems, o.allowedOAuthScopes, `${path}.allowedOAuthScopes`, (s) =>
    // ScopeType: printable ASCII without space, quote or backslash.
    (/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s) ? undefined : 'must be a scope name without spaces, quotes or backslashes'));
  if (scopes) out.allowedOAuthScopes = scopes;
  if (o.allowedOAuthFlowsUserPoolClient !== undefined) {
    if (typeof o.allowedOAuthFlowsUserPoolClient === 'boolean') out.allowedOAuthFlowsUserPoolClient = o.allowedOAuthFlowsUserPoolClient;
    else problems.push(`${path}.allowedOAuthFlowsUserPoolClient: must be true or false`);
  }
  const idps = stringList(problems, o.supportedIdentityProviders, `${path}.supportedIdentityProviders`);
  if (idps) out.supportedIdentityProviders = idps;
  // ClientSSOSessionConfigType.MaxValidityMinutes: 0 (never reuse silently) to 129,600 (90 days).
  const sso = integer(problems, o.ssoSessionMaxValidityMinutes, `${path}.ssoSessionMaxValidityMinutes`, 0, 129600);
  if (sso !== undefined) out.ssoSessionMaxValidityMinutes = sso;
  if (out.allowedOAuthFlows?.includes('code') && (out.callbackURLs ?? []).length === 0) {
    problems.push(`${path}.allowedOAuthFlows: "code" needs at least one callbackURLs entry (Cognito requires a callback URL for it)`);
  }
  if (out.allowedOAuthFlows?.includes('client_credentials') && out.allowedOAuthFlows.length > 1) {
    problems.push(`${path}.allowedOAuthFlows: "client_credentials" cannot be combined with other flows (Cognito refuses that)`);
  }
  return out;
}

export function readPoolSessions(problems: string[], o: Raw, path: string): PoolSessionConfig {
  const out: PoolSessionConfig = {};
  if (o.userSessionTracking !== undefined) {
    if (o.userSessionTracking === 'ENABLED' || o.userSessionTracking === 'DISABLED') out.userSessionTracking = o.userSessionTracking;
    else problems.push(`${path}.userSessionTracking: must be "ENABLED" or "DISABLED"`);
  }
  const max = integer(problems, o.maxSessionsPerUser, `${path}.maxSessionsPerUser`, 1, 100);
  if (max !== undefined) out.maxSessionsPerUser = max;
  const page = integer(problems, o.sessionsPageSize, `${path}.sessionsPageSize`, 1, 125);
  if (page !== undefined) out.sessionsPageSize = page;
  return out;
}

const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

export function readIamCredentials(problems: string[], root: Raw): { iamCredentials?: IamCredentialConfig[] } {
  if (root.iamCredentials === undefined) return {};
  if (!Array.isArray(root.iamCredentials)) {
    problems.push('iamCredentials: must be an array');
    return {};
  }
  const out: IamCredentialConfig[] = [];
  root.iamCredentials.forEach((raw, i) => {
    const path = `iamCredentials[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return void problems.push(`${path}: must be an object`);
    const c = raw as Raw;
    if (typeof c.accessKeyId !== 'string' || !ACCESS_KEY_ID.test(c.accessKeyId)) {
      return void problems.push(`${path}.accessKeyId: must be 16 to 128 upper-case letters and digits, like AKIASANDBOX0000000001`);
    }
    const cred: IamCredentialConfig = { accessKeyId: c.accessKeyId };
    if (c.secretAccessKey !== undefined) {
      if (typeof c.secretAccessKey === 'string' && c.secretAccessKey.length > 0) cred.secretAccessKey = c.secretAccessKey;
      else problems.push(`${path}.secretAccessKey: must be a non-empty string`);
    }
    if (c.principalArn !== undefined) {
      if (typeof c.principalArn === 'string' && c.principalArn.startsWith('arn:')) cred.principalArn = c.principalArn;
      else problems.push(`${path}.principalArn: must be an ARN`);
    }
    const allow = stringList(problems, c.allow, `${path}.allow`, (a) =>
      (/^cognito-idp:[A-Za-z*]+$/.test(a) ? undefined : 'must be an action such as cognito-idp:DescribeUserPoolClient or cognito-idp:*'));
    if (allow) cred.allow = allow;
    for (const key of Object.keys(c)) {
      if (!['accessKeyId', 'secretAccessKey', 'principalArn', 'allow'].includes(key)) problems.push(`${path}.${key}: unknown setting (known: accessKeyId, secretAccessKey, principalArn, allow)`);
    }
    if (out.some((o) => o.accessKeyId === cred.accessKeyId)) problems.push(`${path}.accessKeyId: duplicate "${cred.accessKeyId}"`);
    out.push(cred);
  });
  return { iamCredentials: out };
}
