// The session model: what the extension remembers about one Cognito sign-in.
//
// A stored session is split in three by sensitivity:
//   - `Session`: configuration and learned facts. Safe to show, log and send
//     to the webview. Holds no token and no secret.
//   - `SessionSecrets`: the refresh token, the client secret and the last
//     ID/access tokens. Never logged, never put in history or errors.
//   - `history` / `lastError`: what happened, with tokens reduced to short
//     fingerprints and error messages redacted.
// The VS Code layer persists a whole `SessionRecord` as one versioned JSON
// value in SecretStorage (see serialize.ts), so a single write is atomic.

import type { ClaimChange, RefreshTokenEnd, RefreshTokenValidity, TokenDiff } from '../token/diff';

/**
 * The operations that exchange a refresh token for new tokens: Cognito's two API operations and
 * the OAuth 2.0 token endpoint of the managed-login domain (`POST <oauthDomain>/oauth2/token`,
 * `grant_type=refresh_token`).
 */
export type RefreshOperation = 'GetTokensFromRefreshToken' | 'InitiateAuth' | 'TokenEndpoint';

/**
 * Every operation a session's history can record. `RevokeToken` is the API operation, or, for a
 * session whose refresh method is `TokenEndpoint`, `POST <oauthDomain>/oauth2/revoke`.
 */
/** `GlobalSignOut`: the user signed out everywhere from this extension (every refresh token of the user revoked). */
export type SessionOperation = RefreshOperation | 'RevokeToken' | 'GlobalSignOut';

/**
 * How a session refreshes.
 * - `GetTokensFromRefreshToken`: the newer operation (launched 2025-04-22), the
 *   only one that works when the app client rotates refresh tokens.
 * - `InitiateAuth`: the older `REFRESH_TOKEN_AUTH` flow; never returns a new
 *   refresh token and cannot be used on an app client with rotation enabled.
 * - `TokenEndpoint`: the OAuth 2.0 token endpoint of the managed-login domain
 *   (`Session.oauthDomain`), for sessions signed in through managed login; rotation
 *   and grace as for GetTokensFromRefreshToken. Never chosen by `auto`.
 * - `auto`: the newer operation, falling back to the older one when the
 *   endpoint does not implement it (most local emulators), and remembering that.
 */
export type RefreshMethod = 'auto' | RefreshOperation;

export const REFRESH_METHODS: readonly RefreshMethod[] = ['auto', 'GetTokensFromRefreshToken', 'InitiateAuth', 'TokenEndpoint'];

/** How the client authenticates at the token endpoint (RFC 6749 2.3.1; OpenID Connect names). */
export type OAuthClientAuth = 'client_secret_basic' | 'client_secret_post';

export const OAUTH_CLIENT_AUTH_METHODS: readonly OAuthClientAuth[] = ['client_secret_basic', 'client_secret_post'];

/**
 * What the user told us about the app client's `RefreshTokenRotation`
 * setting (`Feature: ENABLED | DISABLED`, `RetryGracePeriodSeconds: 0..60`).
 * Used to decide whether re-sending the same refresh token after a lost
 * response can still succeed.
 */
export interface RotationHint {
  readonly enabled: boolean;
  /** 0..60 per the Cognito API. Only meaningful when `enabled`. */
  readonly graceSeconds: number;
}

export interface Session {
  readonly id: string;
  readonly label: string;
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** Endpoint override (a local emulator, the sandbox); the regional AWS endpoint when absent. */
  readonly endpoint?: string;
  readonly refreshMethod: RefreshMethod;
  /**
   * Learned in `auto` mode: the endpoint answered that it does not implement
   * GetTokensFromRefreshToken, so later refreshes go straight to InitiateAuth.
   * Cleared by choosing a method explicitly.
   */
  readonly effectiveMethod?: RefreshOperation;
  /** Sent as `DeviceKey` / `DEVICE_KEY` when device remembering is on. */
  readonly deviceKey?: string;
  /** Reaches only the pre-token-generation Lambda; Cognito neither stores nor validates it. */
  readonly clientMetadata?: Readonly<Record<string, string>>;
  /**
   * Cognito's internal username (`cognito:username`, the `sub` UUID in pools
   * that sign in by email or alias), needed for SECRET_HASH on
   * REFRESH_TOKEN_AUTH. Not the email the user typed.
   */
  readonly username?: string;
  readonly rotationHint?: RotationHint;
  /**
   * The app client's refresh token validity, when known (DescribeUserPoolClient, or the built-in
   * sandbox's configuration of the client): each refresh's history event states the refresh
   * token's absolute end from it (`auth_time` + validity). A number and its source, nothing secret.
   */
  readonly refreshTokenValidity?: RefreshTokenValidity;
  /**
   * The managed-login (hosted UI) domain as an origin only (`https://<prefix>.auth.<region>.amazoncognito.com`,
   * a custom domain, or `http://127.0.0.1:<port>` for the sandbox): no path, query or fragment. The
   * `TokenEndpoint` method posts to `<oauthDomain>/oauth2/token` and revokes at `<oauthDomain>/oauth2/revoke`;
   * the destination is only ever this stored value, never derived from token content.
   */
  readonly oauthDomain?: string;
  /** How the client secret is sent to the token endpoint; `client_secret_basic` when absent. Ignored without a secret. */
  readonly oauthClientAuth?: OAuthClientAuth;
  /**
   * The AWS credentials the server view's configuration operations use for this session: a profile
   * name from ~/.aws/config or ~/.aws/credentials, or "" for the SDK's default credential chain.
   * Absent: not chosen yet (the extension asks). A name only, never credentials.
   */
  readonly awsProfile?: string;
  /**
   * Learned from GetTokensFromRefreshToken responses: a new refresh token came
   * back (true) or did not (false). Says nothing about the grace period.
   */
  readonly observedRotation?: boolean;
  /**
   * How many refreshes in a row the endpoint answered GetTokensFromRefreshToken as not
   * implemented. A fallback is remembered (`effectiveMethod`) only from the second one on: one
   * transient UnknownOperationException must not strand a rotating client on the old flow.
   */
  readonly unsupportedSeen?: number;
  /** ISO-8601: when `effectiveMethod` was remembered. After a day the newer operation is tried again. */
  readonly effectiveMethodSince?: string;
  /** ISO-8601. */
  readonly createdAt: string;
  /** ISO-8601. */
  readonly updatedAt: string;
}

export interface SessionSecrets {
  readonly refreshToken: string;
  /** The raw app client secret (GetTokensFromRefreshToken and RevokeToken take it as is). */
  readonly clientSecret?: string;
  readonly idToken?: string;
  readonly accessToken?: string;
  /** ISO-8601: when the ID/access tokens above were received. */
  readonly tokensReceivedAt?: string;
  /** Seconds, as Cognito's `ExpiresIn`. */
  readonly expiresIn?: number;
  /** Device SRP (remembered devices): the device group key from `NewDeviceMetadata`. Secret. */
  readonly deviceGroupKey?: string;
  /** Device SRP: the random device password generated at `ConfirmDevice`. Secret. */
  readonly devicePassword?: string;
}

/** Why an attempt happened or what it meant, beyond success/error. */
export type HistoryNote =
  /** This attempt is the InitiateAuth call made because GetTokensFromRefreshToken is unsupported. */
  | 'fallback'
  /** The endpoint does not implement this operation. */
  | 'unsupported-operation'
  /** InitiateAuth chosen because an earlier fallback was remembered. */
  | 'remembered-fallback'
  /** Re-sent the same refresh token after a lost response, within the grace period. */
  | 'retry-within-grace'
  /** Re-sent after a lost response although the grace period may not cover it (0, unknown or elapsed). */
  | 'retry-outside-grace'
  /** The request may have reached Cognito but no answer came back. */
  | 'response-lost'
  /** Cancelled by the caller. */
  | 'cancelled'
  /** Cognito answered but saving the new tokens failed. */
  | 'not-persisted'
  /** Cognito issued a new device (the DeviceKey sent was unknown). */
  | 'new-device'
  /** The response was lost and the token was not re-sent: the grace period does not provably cover a retry. */
  | 'retry-withheld'
  /** Sent with the refresh token another window had stored meanwhile (after a RefreshTokenReuseException). */
  | 'token-from-another-window'
  /** RevokeToken with RevokeAssociatedSessions LINKED: the parent SSO session of the token session was revoked too. */
  | 'revoke-linked';

export const HISTORY_NOTES: readonly HistoryNote[] = [
  'fallback',
  'unsupported-operation',
  'remembered-fallback',
  'retry-within-grace',
  'retry-outside-grace',
  'response-lost',
  'cancelled',
  'not-persisted',
  'new-device',
  'retry-withheld',
  'token-from-another-window',
  'revoke-linked',
];

/** One claim's change between the previous and the new token of a kind (src/core/token/diff.ts). */
export type HistoryClaimChange = ClaimChange;

/**
 * The claim diff kept with a successful refresh: the new ID and access tokens against the
 * previous ones (`diffTokens`: claim names and short summaries, never tokens or long values).
 */
export interface HistoryTokenChanges {
  /** The ID token's diff; absent when no previous or no new ID token was known. */
  readonly id?: TokenDiff;
  /** The access token's diff; absent when no previous or no new access token was known. */
  readonly access?: TokenDiff;
  /**
   * The refresh token's absolute end as far as it can be known: the sign-in (`auth_time`) plus
   * the app client's refresh token validity when the session knows it. Absent when no token
   * had an `auth_time`. Instants and a number, never a token.
   */
  readonly refreshToken?: RefreshTokenEnd;
}

/** One network attempt. Holds fingerprints, never tokens. */
export interface HistoryEvent {
  /** ISO-8601, when the request was sent. */
  readonly at: string;
  readonly operation: SessionOperation;
  readonly outcome: 'success' | 'error';
  /** A new refresh token came back and differs from the one sent. */
  readonly rotated: boolean;
  /** Fingerprint of the refresh token sent. */
  readonly oldFingerprint: string;
  /** Fingerprint of the refresh token received, when rotated. */
  readonly newFingerprint?: string;
  readonly errorName?: string;
  /** Redacted. */
  readonly errorMessage?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly latencyMs: number;
  readonly notes?: readonly HistoryNote[];
  /** On a successful refresh: what changed in the ID and access tokens (claim names and short summaries). */
  readonly changes?: HistoryTokenChanges;
}

export interface LastError {
  readonly name: string;
  /** Redacted. */
  readonly message: string;
  /** ISO-8601. */
  readonly at: string;
  readonly operation: SessionOperation;
  readonly requestId?: string;
  /** The catalog entry the error was explained with when it happened, so every view shows the same one. */
  readonly catalogId?: string;
  readonly httpStatus?: number;
  /** A transport error code (ECONNRESET, ENOTFOUND, ...). */
  readonly code?: string;
}

/** Everything stored for one session. */
export interface SessionRecord {
  readonly session: Session;
  readonly secrets: SessionSecrets;
  /** Oldest first, bounded by the writer. */
  readonly history: readonly HistoryEvent[];
  readonly lastError?: LastError;
  /**
   * The stored revision this record was read at (0 for a record never stored as version 2).
   * Every write states the revision it is based on and is refused when another writer (another
   * window) wrote since.
   */
  readonly rev?: number;
  /** Read from a version 1 value, whose history was inside the record. */
  readonly legacyHistory?: boolean;
}
