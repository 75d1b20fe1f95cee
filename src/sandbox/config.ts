// The sandbox configuration: its types and its validation.
//
// Field names follow the Cognito API where one exists (ExplicitAuthFlows,
// RefreshTokenRotation, EnableTokenRevocation, PreventUserExistenceErrors), in
// camelCase because the file is written by people, not by the SDK.

import { parseFaultSpec, type FaultSpec } from './faults';
import {
  CLIENT_OAUTH_KEYS, POOL_SESSION_KEYS, readClientOAuth, readIamCredentials, readPoolSessions, ROOT_IAM_KEYS,
  type ClientOAuthConfig, type IamCredentialConfig, type PoolSessionConfig,
} from './sessions/config';
import { readPreTokenGeneration, type PreTokenGenerationConfig } from './triggers/pre-token-generation';
import { POOL_SIGN_IN_KEYS, readPoolSignIn, readUserSignIn, USER_SIGN_IN_KEYS, type PoolSignInConfig, type UserSignInConfig } from './sign-in/config';

/** Values of ExplicitAuthFlowsType (SDK: dist-types/models/enums.d.ts). */
export const EXPLICIT_AUTH_FLOWS = [
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  // Legacy values: Cognito refuses a client that mixes them with ALLOW_* values.
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
] as const;
export type ExplicitAuthFlow = (typeof EXPLICIT_AUTH_FLOWS)[number];

export interface RefreshTokenRotationConfig {
  feature: 'ENABLED' | 'DISABLED';
  /** 0..60 (RefreshTokenRotationType.RetryGracePeriodSeconds). Default 0. */
  retryGracePeriodSeconds?: number;
}

export interface TokenValidityConfig {
  /** Default 3600. Cognito allows 5 min .. 1 day; the sandbox allows any positive value for demos. */
  accessTokenSeconds?: number;
  /** Default 3600. Same range as the access token in Cognito. */
  idTokenSeconds?: number;
  /** Default 30 days. Cognito allows 60 min .. 10 years. */
  refreshTokenSeconds?: number;
}

export interface AppClientConfig extends ClientOAuthConfig {
  name: string;
  clientId: string;
  /** null for a public client. */
  clientSecret: string | null;
  explicitAuthFlows: ExplicitAuthFlow[];
  refreshTokenRotation?: RefreshTokenRotationConfig;
  tokenValidity?: TokenValidityConfig;
  /** Default true, as for clients created since 2021 (UserPoolClientType.EnableTokenRevocation). */
  enableTokenRevocation?: boolean;
  /** Default true, as for new clients: unknown users get NotAuthorizedException. */
  preventUserExistenceErrors?: boolean;
  /**
   * Whether presenting a rotated-out refresh token after its grace period also
   * revokes every refresh token of that sign-in (the "token family"). Cognito's
   * behaviour here is unverified, so it is a switch; default false.
   */
  revokeFamilyOnReuse?: boolean;
}

export interface UserConfig extends UserSignInConfig {
  /** The internal user name: the `cognito:username` claim and the `username` claim of the access token. */
  username: string;
  password: string;
  sub: string;
  /** Standard and custom attributes (`custom:tenant`), as Cognito stores them. */
  attributes?: Record<string, string | boolean>;
  groups?: string[];
}

export interface PoolConfig extends PoolSignInConfig, PoolSessionConfig {
  /** `<region>_<alphanumerics>`, e.g. `us-east-1_AbCdEf123`. */
  id: string;
  name: string;
  /** Attributes a user may also sign in with (UsernameAttributes / AliasAttributes). Only `email` is supported. */
  signInAliases?: 'email'[];
  clients: AppClientConfig[];
  users: UserConfig[];
  /**
   * The `iss` of this pool's tokens. "local" (the default): `<endpoint>/<poolId>`,
   * so `<iss>/.well-known/jwks.json` is the sandbox's own key set and any
   * verifier that follows the issuer finds it. "aws":
   * `https://cognito-idp.<region>.amazonaws.com/<poolId>`, what a backend's
   * production verifier (aws-jwt-verify's CognitoJwtVerifier) insists on; the
   * key set is still served only locally, so the verifier must be given it
   * (e.g. `cacheJwks`). See README.md, "Issuer".
   */
  issuer?: 'local' | 'aws';
  /**
   * A simulated pre token generation Lambda trigger (triggers/pre-token-generation.ts):
   * claims added, overridden or suppressed, scopes, groups, by event version.
   * POST /__sandbox/pre-token-generation replaces it at run time.
   */
  preTokenGeneration?: PreTokenGenerationConfig;
}

export interface SandboxConfig {
  region: string;
  pools: PoolConfig[];
  /** Operations the sandbox answers as unknown, like a local emulator that lacks them. */
  unsupportedOperations?: string[];
  /** Faults active from the start (same shape as the control endpoint takes). */
  faults?: FaultSpec[];
  /** AWS access keys the IAM-authorized (admin) operations accept (sessions/config.ts). */
  iamCredentials?: IamCredentialConfig[];
}

/** Thrown when a configuration is not usable; `problems` lists every issue found. */
export class SandboxConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid sandbox config:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SandboxConfigError';
  }
}

// Patterns from the API reference (ClientIdType, ClientSecretType, UserPoolIdType).
const CLIENT_ID = /^[\w+]{1,128}$/;
const CLIENT_SECRET = /^[\w+]{24,64}$/;
const POOL_ID = /^([\w-]+)_[0-9a-zA-Z]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const MAX_GRACE_SECONDS = 60;

/**
 * Checks an untyped value (parsed JSON) and returns it as a SandboxConfig, or
 * throws SandboxConfigError listing every problem with its path.
 */
export function validateConfig(raw: unknown): SandboxConfig {
  const problems: string[] = [];
  const v = new Reader(problems);
  const root = v.object(raw, 'config');
  if (!root) throw new SandboxConfigError(problems);

  const region = v.string(root.region, 'region', REGION, 'a region such as us-east-1') ?? '';
  const pools = (v.array(root.pools, 'pools') ?? []).map((p, i) => readPool(v, p, `pools[${i}]`, region));
  if (pools.length === 0 && Array.isArray(root.pools)) problems.push('pools: needs at least one pool');

  const unsupportedOperations = root.unsupportedOperations === undefined
    ? undefined
    : (v.array(root.unsupportedOperations, 'unsupportedOperations') ?? []).map((o, i) =>
      v.string(o, `unsupportedOperations[${i}]`, /^[A-Za-z]+$/, 'an operation name') ?? '');

  const faults = root.faults === undefined
    ? undefined
    : (v.array(root.faults, 'faults') ?? []).flatMap((f, i) => {
      try {
        return [parseFaultSpec(f)];
      } catch (e) {
        problems.push(`faults[${i}]: ${(e as Error).message}`);
        return [];
      }
    });

  checkUnique(problems, pools.map((p) => p.id), 'pool id');
  checkUnique(problems, pools.flatMap((p) => p.clients.map((c) => c.clientId)), 'clientId');
  const iam = readIamCredentials(problems, root);
  v.unknownKeys(root, 'config', ['region', 'pools', 'unsupportedOperations', 'faults', ...ROOT_IAM_KEYS]);

  if (problems.length > 0) throw new SandboxConfigError(problems);
  return { region, pools, unsupportedOperations, faults, ...iam };
}

function readPool(v: Reader, raw: unknown, path: string, region: string): PoolConfig {
  const o = v.object(raw, path) ?? {};
  const id = v.string(o.id, `${path}.id`, POOL_ID, 'a pool id such as us-east-1_AbCdEf123') ?? '';
  const prefix = POOL_ID.exec(id)?.[1];
  if (prefix && region && prefix !== region) v.problems.push(`${path}.id: must start with the region "${region}_"`);
  const name = v.string(o.name, `${path}.name`) ?? '';
  let signInAliases: 'email'[] | undefined;
  if (o.signInAliases !== undefined) {
    signInAliases = (v.array(o.signInAliases, `${path}.signInAliases`) ?? []).flatMap((a, i) => {
      if (a === 'email') return ['email' as const];
      v.problems.push(`${path}.signInAliases[${i}]: only "email" is supported`);
      return [];
    });
  }
  const clients = (v.array(o.clients, `${path}.clients`) ?? []).map((c, i) => readClient(v, c, `${path}.clients[${i}]`));
  const users = (v.array(o.users, `${path}.users`) ?? []).map((u, i) => readUser(v, u, `${path}.users[${i}]`));
  if (clients.length === 0 && Array.isArray(o.clients)) v.problems.push(`${path}.clients: needs at least one app client`);
  if (users.length === 0 && Array.isArray(o.users)) v.problems.push(`${path}.users: needs at least one user`);
  checkUnique(v.problems, users.map((u) => u.username), `user name in ${path}`);
  checkUnique(v.problems, users.map((u) => u.sub), `user sub in ${path}`);
  if (signInAliases?.includes('email')) {
    const emails = users.flatMap((u) => (typeof u.attributes?.email === 'string' ? [u.attributes.email.toLowerCase()] : []));
    checkUnique(v.problems, emails, `email in ${path}`);
  }
  let issuer: 'local' | 'aws' | undefined;
  if (o.issuer !== undefined) {
    if (o.issuer === 'local' || o.issuer === 'aws') issuer = o.issuer;
    else v.problems.push(`${path}.issuer: must be "local" (tokens name the sandbox) or "aws" (tokens name https://cognito-idp.<region>.amazonaws.com/<poolId>)`);
  }
  const signIn = readPoolSignIn(v.problems, o, path);
  const sessions = readPoolSessions(v.problems, o, path);
  const preTokenGeneration = o.preTokenGeneration === undefined
    ? undefined
    : readPreTokenGeneration(v.problems, o.preTokenGeneration, `${path}.preTokenGeneration`, clients.map((c) => c.clientId));
  v.unknownKeys(o, path, ['id', 'name', 'signInAliases', 'clients', 'users', 'issuer', 'preTokenGeneration', ...POOL_SIGN_IN_KEYS, ...POOL_SESSION_KEYS]);
  return {
    id, name, signInAliases, clients, users, ...(issuer ? { issuer } : {}), ...signIn, ...sessions,
    ...(preTokenGeneration ? { preTokenGeneration } : {}),
  };
}

function readClient(v: Reader, raw: unknown, path: string): AppClientConfig {
  const o = v.object(raw, path) ?? {};
  const name = v.string(o.name, `${path}.name`) ?? '';
  const clientId = v.string(o.clientId, `${path}.clientId`, CLIENT_ID, 'letters, digits, _ or +, at most 128') ?? '';
  let clientSecret: string | null = null;
  if (o.clientSecret !== null) {
    clientSecret = v.string(o.clientSecret, `${path}.clientSecret`, CLIENT_SECRET, 'null, or 24 to 64 letters, digits, _ or +') ?? null;
  }
  const flows = (v.array(o.explicitAuthFlows, `${path}.explicitAuthFlows`) ?? []).flatMap((f, i) => {
    if (typeof f === 'string' && (EXPLICIT_AUTH_FLOWS as readonly string[]).includes(f)) return [f as ExplicitAuthFlow];
    v.problems.push(`${path}.explicitAuthFlows[${i}]: must be one of ${EXPLICIT_AUTH_FLOWS.join(', ')}`);
    return [];
  });
  const legacy = flows.filter((f) => !f.startsWith('ALLOW_'));
  if (legacy.length > 0 && legacy.length < flows.length) {
    v.problems.push(`${path}.explicitAuthFlows: do not mix ALLOW_* values with legacy values (${legacy.join(', ')}); Cognito refuses that too`);
  }

  let refreshTokenRotation: RefreshTokenRotationConfig | undefined;
  if (o.refreshTokenRotation !== undefined) {
    const r = v.object(o.refreshTokenRotation, `${path}.refreshTokenRotation`) ?? {};
    const feature = r.feature === 'ENABLED' || r.feature === 'DISABLED' ? r.feature : undefined;
    if (!feature) v.problems.push(`${path}.refreshTokenRotation.feature: must be "ENABLED" or "DISABLED"`);
    const grace = r.retryGracePeriodSeconds === undefined
      ? undefined
      : v.integer(r.retryGracePeriodSeconds, `${path}.refreshTokenRotation.retryGracePeriodSeconds`, 0, MAX_GRACE_SECONDS);
    v.unknownKeys(r, `${path}.refreshTokenRotation`, ['feature', 'retryGracePeriodSeconds']);
    refreshTokenRotation = { feature: feature ?? 'DISABLED', retryGracePeriodSeconds: grace };
    // Developer guide, "Refresh tokens": rotation is not compatible with
    // REFRESH_TOKEN_AUTH, and you must remove that flow from the client to turn
    // rotation on. A config asking for both describes a client Cognito would not have.
    if (feature === 'ENABLED' && flows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
      v.problems.push(`${path}: refresh token rotation cannot be ENABLED together with ALLOW_REFRESH_TOKEN_AUTH (Cognito requires removing that flow to enable rotation)`);
    }
  }

  let tokenValidity: TokenValidityConfig | undefined;
  if (o.tokenValidity !== undefined) {
    const t = v.object(o.tokenValidity, `${path}.tokenValidity`) ?? {};
    const seconds = (key: string) => (t[key] === undefined ? undefined : v.integer(t[key], `${path}.tokenValidity.${key}`, 1, 10 * 365 * 86400));
    tokenValidity = {
      accessTokenSeconds: seconds('accessTokenSeconds'),
      idTokenSeconds: seconds('idTokenSeconds'),
      refreshTokenSeconds: seconds('refreshTokenSeconds'),
    };
    v.unknownKeys(t, `${path}.tokenValidity`, ['accessTokenSeconds', 'idTokenSeconds', 'refreshTokenSeconds']);
  }

  const enableTokenRevocation = v.optionalBoolean(o.enableTokenRevocation, `${path}.enableTokenRevocation`);
  const preventUserExistenceErrors = v.optionalBoolean(o.preventUserExistenceErrors, `${path}.preventUserExistenceErrors`);
  const revokeFamilyOnReuse = v.optionalBoolean(o.revokeFamilyOnReuse, `${path}.revokeFamilyOnReuse`);
  const oauth = readClientOAuth(v.problems, o, path);
  v.unknownKeys(o, path, ['name', 'clientId', 'clientSecret', 'explicitAuthFlows', 'refreshTokenRotation', 'tokenValidity',
    'enableTokenRevocation', 'preventUserExistenceErrors', 'revokeFamilyOnReuse', ...CLIENT_OAUTH_KEYS]);
  return {
    name, clientId, clientSecret, explicitAuthFlows: flows, refreshTokenRotation, tokenValidity,
    enableTokenRevocation, preventUserExistenceErrors, revokeFamilyOnReuse, ...oauth,
  };
}

function readUser(v: Reader, raw: unknown, path: string): UserConfig {
  const o = v.object(raw, path) ?? {};
  const username = v.string(o.username, `${path}.username`) ?? '';
  const password = v.string(o.password, `${path}.password`) ?? '';
  const sub = v.string(o.sub, `${path}.sub`) ?? '';
  let attributes: Record<string, string | boolean> | undefined;
  if (o.attributes !== undefined) {
    const a = v.object(o.attributes, `${path}.attributes`) ?? {};
    attributes = {};
    for (const [k, val] of Object.entries(a)) {
      if (k === 'sub') v.problems.push(`${path}.attributes.sub: set the user's sub with "sub", not as an attribute`);
      else if (typeof val === 'string' || typeof val === 'boolean') attributes[k] = val;
      else v.problems.push(`${path}.attributes.${k}: must be a string or a boolean`);
    }
  }
  const groups = o.groups === undefined
    ? undefined
    : (v.array(o.groups, `${path}.groups`) ?? []).map((g, i) => v.string(g, `${path}.groups[${i}]`) ?? '');
  const signIn = readUserSignIn(v.problems, o, path, attributes);
  v.unknownKeys(o, path, ['username', 'password', 'sub', 'attributes', 'groups', ...USER_SIGN_IN_KEYS]);
  return { username, password, sub, attributes, groups, ...signIn };
}

function checkUnique(problems: string[], values: string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) problems.push(`duplicate ${what}: "${value}"`);
    seen.add(value);
  }
}

/** Small typed readers that record a problem and return undefined on a mismatch. */
class Reader {
  constructor(readonly problems: string[]) {}

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.problems.push(`${path}: must be an object`);
    return undefined;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.problems.push(`${path}: must be an array`);
    return undefined;
  }

  string(value: unknown, path: string, pattern?: RegExp, expected?: string): string | undefined {
    if (typeof value !== 'string' || value.length === 0) {
      this.problems.push(`${path}: must be a non-empty string`);
      return undefined;
    }
    if (pattern && !pattern.test(value)) {
      this.problems.push(`${path}: must be ${expected ?? `a string matching ${pattern}`}`);
      return undefined;
    }
    return value;
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problems.push(`${path}: must be an integer from ${min} to ${max}`);
    return undefined;
  }

  optionalBoolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || typeof value === 'boolean') return value;
    this.problems.push(`${path}: must be true or false`);
    return undefined;
  }

  unknownKeys(o: Record<string, unknown>, path: string, known: string[]): void {
    for (const key of Object.keys(o)) {
      if (!known.includes(key)) this.problems.push(`${path}.${key}: unknown setting (known: ${known.join(', ')})`);
    }
  }
}
