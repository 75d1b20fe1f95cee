/**
 * View models of the server view: what Cognito says about a session's user, its other sessions
 * and its app client's and pool's configuration. Plain JSON (dates as ISO-8601 strings), no
 * tokens and no secrets (a client secret is reported as present or absent, never copied).
 */
import type { ServerFailure } from './failure';

export type ServerOperation =
  | 'ListUserSessions'
  | 'RevokeUserSession'
  | 'GlobalSignOut'
  | 'GetUser'
  | 'DescribeUserPoolClient'
  | 'DescribeUserPool'
  | 'GetUserPoolSessionConfiguration'
  | 'GetUserPoolClientSessionConfiguration'
  | 'AdminListUserSessions'
  | 'AdminGetUser';

export type ServerResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: ServerFailure };

/** How `isCurrent` was decided: Cognito's IsCurrentSession, or this session's client and sign-in time. */
export type CurrentBy = 'cognito' | 'sign-in-time';

export interface UserSessionView {
  readonly sessionId: string;
  readonly type: 'TOKEN' | 'SSO' | 'unknown';
  readonly clientId?: string;
  readonly createdAt?: string;
  readonly lastActiveAt?: string;
  readonly deviceType?: string;
  readonly lastIpAddress?: string;
  /** "Seattle, United States". */
  readonly location?: string;
  /** The SSO session this token session came through (absent for API sign-ins). */
  readonly originSessionId?: string;
  /** This extension session's own server-side session. */
  readonly isCurrent: boolean;
  readonly currentBy?: CurrentBy;
}

/** Session tracking of the pool as far as it is known: from GetUserPoolSessionConfiguration, or unknown. */
export type TrackingState = 'ENABLED' | 'DISABLED' | 'unknown';

export interface UserSessionsView {
  readonly sessions: readonly UserSessionView[];
  /** Shown beside the list: an empty list while tracking is off or unknown does not mean "no sessions". */
  readonly tracking: TrackingState;
  /** A sentence to show with the list when it may mislead (tracking off or unknown and the list empty). */
  readonly note?: string;
  /** More pages remained after the bound (MAX_PAGES) or the service repeated a page token. */
  readonly truncated: boolean;
  readonly pages: number;
}

export interface AttributeView {
  readonly name: string;
  readonly value?: string;
}

export interface MfaView {
  readonly preferred?: string;
  /** UserMFASettingList: SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP. */
  readonly enabled: readonly string[];
  /** The legacy MFAOptions (SMS only). */
  readonly legacyOptions: readonly string[];
}

export interface UserView {
  readonly username: string;
  readonly attributes: readonly AttributeView[];
  readonly mfa: MfaView;
  /** AdminGetUser only. */
  readonly status?: string;
  readonly enabled?: boolean;
  readonly createdAt?: string;
  readonly lastModifiedAt?: string;
}

export type ValidityUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export interface TokenValidityView {
  readonly value: number;
  readonly unit: ValidityUnit;
  readonly seconds: number;
  /** Cognito's default applied because the client did not set it. */
  readonly isDefault: boolean;
}

export interface ClientConfigView {
  readonly userPoolId?: string;
  readonly clientId: string;
  readonly clientName?: string;
  /** Whether the app client has a secret. The secret itself is never copied. */
  readonly hasSecret: boolean;
  readonly rotation: { readonly enabled: boolean; readonly graceSeconds?: number };
  readonly validity: { readonly access: TokenValidityView; readonly id: TokenValidityView; readonly refresh: TokenValidityView };
  readonly explicitAuthFlows: readonly string[];
  readonly tokenRevocation?: boolean;
  readonly preventUserExistenceErrors?: string;
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly allowedOAuthFlows: readonly string[];
  readonly allowedOAuthScopes: readonly string[];
  readonly authSessionValidityMinutes?: number;
  readonly createdAt?: string;
  readonly lastModifiedAt?: string;
}

export type DeviceRemembering = 'off' | 'always' | 'user-opt-in';

export interface PoolConfigView {
  readonly id: string;
  readonly name?: string;
  readonly arn?: string;
  readonly tier?: string;
  readonly mfa?: string;
  readonly deviceRemembering: DeviceRemembering;
  readonly challengeRequiredOnNewDevice?: boolean;
  /** The pre-token-generation trigger: version V1_0 / V2_0 / V3_0 (a bare legacy ARN is V1_0). */
  readonly preTokenGeneration?: { readonly version: string; readonly lambdaArn?: string };
  readonly domain?: string;
  readonly customDomain?: string;
  readonly estimatedUsers?: number;
}

export interface PoolSessionConfigView {
  readonly userPoolId?: string;
  readonly tracking: TrackingState;
  readonly maxPerUser?: number;
}

export interface ClientSessionConfigView {
  readonly userPoolId?: string;
  readonly clientId?: string;
  /** The SSO session's maximum validity; 60 minutes when never set. */
  readonly ssoMaxValidityMinutes: number;
  readonly isDefault: boolean;
}

export type { ServerFailure };
