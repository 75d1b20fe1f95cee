// The sandbox's live state: pools with their keys and users, app clients, the
// refresh-token store, and the clock everything reads.

import { createHash, randomUUID } from 'node:crypto';
import type { AppClientConfig, PoolConfig, SandboxConfig, UserConfig } from './config';
import { generatePoolKeys, type PoolKeys } from './keys';
import { RefreshTokenStore, type SignInSession } from './refresh-store';
import type { RequestInfo } from './sessions/request-info';
import { SsoSessionStore, type SsoSnapshot } from './sessions/sso';
import { enforceSessionLimit, recordActivity } from './sessions/tracking';
import { SignInRuntime, type SignInSnapshot } from './sign-in/runtime';
import { accessTokenClaims, API_ACCESS_TOKEN_SCOPE, idTokenClaims, signJwt } from './tokens';
import { applyToUserTokens } from './triggers/pre-token-generation';
import { OverridesRuntime, type OverridesSnapshot } from './triggers/runtime';

const DEFAULT_ACCESS_SECONDS = 3600;
const DEFAULT_ID_SECONDS = 3600;
export const DEFAULT_REFRESH_SECONDS = 30 * 86400;

export class PoolRuntime {
  private readonly byUsername = new Map<string, UserConfig>();
  private readonly byEmail = new Map<string, UserConfig>();

  /** The `iss` of this pool's tokens (see PoolConfig.issuer). */
  readonly issuer: string;
  /** Where this sandbox serves the pool's key set, whatever the issuer. */
  readonly jwksUri: string;

  constructor(readonly config: PoolConfig, readonly keys: PoolKeys, region: string, endpoint: string) {
    this.issuer = config.issuer === 'aws' ? awsIssuer(region, config.id) : `${endpoint}/${config.id}`;
    this.jwksUri = `${endpoint}/${config.id}/.well-known/jwks.json`;
    for (const user of config.users) {
      this.byUsername.set(user.username, user);
      const email = user.attributes?.email;
      if (config.signInAliases?.includes('email') && typeof email === 'string') this.byEmail.set(email.toLowerCase(), user);
    }
  }

  /** The user a sign-in name refers to: the user name, or an email when the pool allows it. */
  userForSignIn(name: string): UserConfig | undefined {
    return this.byUsername.get(name) ?? this.byEmail.get(name.toLowerCase());
  }

  user(username: string): UserConfig | undefined {
    return this.byUsername.get(username);
  }

  /** The name a person types at sign-in: the email when the pool signs in with it. */
  signInNameOf(user: UserConfig): string {
    const email = user.attributes?.email;
    return this.config.signInAliases?.includes('email') && typeof email === 'string' ? email : user.username;
  }
}

/** Cognito's issuer for a user pool (developer guide, "Verifying a JSON Web Token"). */
export function awsIssuer(region: string, poolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
}

export interface ClientRuntime {
  pool: PoolRuntime;
  config: AppClientConfig;
}

export function rotates(client: AppClientConfig): boolean {
  return client.refreshTokenRotation?.feature === 'ENABLED';
}

export function graceSecondsOf(client: AppClientConfig): number {
  return rotates(client) ? (client.refreshTokenRotation?.retryGracePeriodSeconds ?? 0) : 0;
}

export interface IssuedTokens {
  AccessToken: string;
  IdToken: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

/** What a state file gives back to a new process (see persistence.ts). */
export interface RestoredState {
  keys: Map<string, PoolKeys>;
  store: RefreshTokenStore;
  clockOffsetMs: number;
  /** Changed passwords (as verifiers), statuses, TOTP secrets and devices; absent in files written before sign-in existed. */
  signIn?: SignInSnapshot;
  /** Triggers and groups changed at run time; absent in older files. */
  overrides?: OverridesSnapshot;
  /** Managed login's SSO sessions (sessions/sso.ts); absent in older files. */
  sso?: SsoSnapshot;
}

/** What a token issue knows beyond the session (managed login). */
export interface IssueOptions {
  /** The granted OAuth scopes: the access token's `scope` before any trigger. Default: the API scope. */
  scopes?: string[];
  /** Managed login's ID token: `at_hash` of the access token as issued, and the authorization request's `nonce`. */
  oidc?: { nonce?: string };
}

/** The clock may be moved at most this far ahead in total (100 years), so every time claim stays a safe integer. */
export const MAX_CLOCK_OFFSET_MS = 100 * 365 * 86400 * 1000;

export class SandboxState {
  readonly store: RefreshTokenStore;
  readonly pools: PoolRuntime[];
  /** Challenges in progress, SRP verifiers, devices, OTP messages (sign-in/runtime.ts). */
  readonly signIn: SignInRuntime;
  /** Pre token generation triggers and groups changed through the control endpoint (triggers/runtime.ts). */
  readonly overrides: OverridesRuntime;
  /** Managed login's SSO sessions (session cookies), sessions/sso.ts. */
  readonly sso: SsoSessionStore;
  private readonly clients = new Map<string, ClientRuntime>();
  private clockOffsetMs: number;
  private clockRevision = 0;
  /** The HTTP request being answered: set by the server around each (synchronous) handler call, else undefined. */
  request: RequestInfo | undefined;

  private constructor(readonly config: SandboxConfig, pools: PoolRuntime[], private readonly baseNow: () => number, restored?: RestoredState) {
    this.pools = pools;
    this.store = restored?.store ?? new RefreshTokenStore();
    this.signIn = SignInRuntime.restore(restored?.signIn);
    this.overrides = OverridesRuntime.restore(restored?.overrides);
    this.sso = SsoSessionStore.restore(restored?.sso);
    this.clockOffsetMs = restored?.clockOffsetMs ?? 0;
    for (const pool of pools) {
      for (const client of pool.config.clients) this.clients.set(client.clientId, { pool, config: client });
    }
  }

  static async create(config: SandboxConfig, endpoint: string, now: () => number, restored?: RestoredState): Promise<SandboxState> {
    const pools = await Promise.all(config.pools.map(async (p) =>
      new PoolRuntime(p, restored?.keys.get(p.id) ?? await generatePoolKeys(), config.region, endpoint)));
    return new SandboxState(config, pools, now, restored);
  }

  /** Milliseconds since the epoch, from the injected clock plus any offset set through the control endpoint. */
  now(): number {
    return this.baseNow() + this.clockOffsetMs;
  }

  get clockOffset(): number {
    return this.clockOffsetMs;
  }

  /** Changes whenever anything a state file keeps changes (refresh tokens, sessions, the clock). */
  get revision(): number {
    return this.store.revision + this.clockRevision + this.signIn.revision + this.overrides.revision + this.sso.revision;
  }

  /** Moves the clock forward; returns why it refused, or undefined. */
  advanceClock(ms: number): string | undefined {
    if (!Number.isFinite(ms) || ms < 0) return 'the clock only moves forward, by a finite amount';
    if (this.clockOffsetMs + ms > MAX_CLOCK_OFFSET_MS) {
      return `the sandbox clock may run at most 100 years ahead in total; it is ${Math.floor(this.clockOffsetMs / 86400000)} days ahead now`;
    }
    this.clockOffsetMs += ms;
    this.clockRevision += 1;
    return undefined;
  }

  client(clientId: string): ClientRuntime | undefined {
    return this.clients.get(clientId);
  }

  pool(poolId: string): PoolRuntime | undefined {
    return this.pools.find((p) => p.config.id === poolId);
  }

  isUnsupported(operation: string): boolean {
    return this.config.unsupportedOperations?.includes(operation) ?? false;
  }

  startSession(client: ClientRuntime, user: UserConfig, extra: { deviceKey?: string; authenticatedAt?: number; originSsoSessionId?: string } = {}): { session: SignInSession; refreshToken: string } {
    // Session tracking's MaxPerUser: the least recently used sessions make room first.
    enforceSessionLimit(this.store, client.pool.config, user.username, this.now());
    const { record, token } = this.store.startSession({
      clientId: client.config.clientId,
      username: user.username,
      ...extra,
      now: this.now(),
      validitySeconds: client.config.tokenValidity?.refreshTokenSeconds ?? DEFAULT_REFRESH_SECONDS,
    });
    return { session: record.session, refreshToken: token };
  }

  /**
   * New ID and access tokens for a session: fresh `jti`s, the session's
   * `origin_jti` and `auth_time`, the user's groups as they are now, and the
   * pool's pre token generation trigger applied (every sign-in and refresh path
   * comes through here).
   */
  issueTokens(client: ClientRuntime, session: SignInSession, user: UserConfig, options: IssueOptions = {}): IssuedTokens {
    const accessSeconds = client.config.tokenValidity?.accessTokenSeconds ?? DEFAULT_ACCESS_SECONDS;
    const idSeconds = client.config.tokenValidity?.idTokenSeconds ?? DEFAULT_ID_SECONDS;
    // Session tracking: every sign-in, refresh and rotation is the session's latest activity.
    recordActivity(this.store, session, this.now(), this.request);
    const ctx = {
      issuer: client.pool.issuer,
      clientId: client.config.clientId,
      user,
      authTime: session.authTime,
      originJti: session.originJti,
      eventId: session.eventId,
      issuedAt: Math.floor(this.now() / 1000),
      groups: this.overrides.groupsOf(client.pool.config.id, user),
    };
    const id = idTokenClaims(ctx, idSeconds, randomUUID());
    const access = accessTokenClaims(ctx, accessSeconds, randomUUID(), (options.scopes ?? [API_ACCESS_TOKEN_SCOPE]).join(' '));
    applyToUserTokens(this.overrides.triggerOf(client.pool.config), client.config.clientId, id, access);
    const accessToken = signJwt(access, client.pool.keys.accessTokenKey);
    if (options.oidc) {
      // Claims no trigger can touch (at_hash, nonce): set after it.
      id.at_hash = atHash(accessToken);
      if (options.oidc.nonce !== undefined) id.nonce = options.oidc.nonce;
    }
    return {
      AccessToken: accessToken,
      IdToken: signJwt(id, client.pool.keys.idTokenKey),
      // AuthenticationResultType.ExpiresIn: the access token's lifetime in seconds.
      ExpiresIn: accessSeconds,
      TokenType: 'Bearer',
    };
  }
}

/** OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the access token. */
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}
