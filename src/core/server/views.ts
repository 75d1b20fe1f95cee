/**
 * SDK responses -> view models. Pure: every field read defensively (an emulator may answer with
 * less than the model promises), dates as ISO-8601, no secret copied.
 */
import type {
  AttributeType,
  DescribeUserPoolClientResponse,
  DescribeUserPoolResponse,
  GetUserPoolClientSessionConfigurationResponse,
  GetUserPoolSessionConfigurationResponse,
  MFAOptionType,
  SessionDescriptionType,
} from '@aws-sdk/client-cognito-identity-provider';
import type {
  AttributeView,
  ClientConfigView,
  ClientSessionConfigView,
  CurrentBy,
  DeviceRemembering,
  MfaView,
  PoolConfigView,
  PoolSessionConfigView,
  TokenValidityView,
  TrackingState,
  UserSessionView,
  ValidityUnit,
} from './types';

const UNIT_SECONDS: Readonly<Record<ValidityUnit, number>> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

/** Cognito's defaults for an app client that never set them: 60 min access and ID tokens, 30 d refresh token. */
export const DEFAULT_VALIDITY = {
  access: { value: 1, unit: 'hours' as ValidityUnit },
  id: { value: 1, unit: 'hours' as ValidityUnit },
  refresh: { value: 30, unit: 'days' as ValidityUnit },
} as const;

/** An SDK date (Date, epoch seconds, ISO string) as ISO-8601, or undefined. */
export function isoDate(value: unknown): string | undefined {
  let ms: number | undefined;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value * 1000;
  else if (typeof value === 'string' && value !== '') ms = Date.parse(value);
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? (v as unknown[]).filter((x): x is string => typeof x === 'string') : [];
}

function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function trackingOf(v: unknown): TrackingState {
  return v === 'ENABLED' || v === 'DISABLED' ? v : 'unknown';
}

/** Hints for telling which listed session is this extension session's, when Cognito does not say. */
export interface CurrentSessionHint {
  readonly clientId?: string;
  /** `auth_time` of the session's tokens (epoch seconds): a sign-in creates its token session. */
  readonly authTime?: number;
}

/** Seconds between a token session's CreateDate and the tokens' auth_time still read as the same sign-in. */
export const SIGN_IN_MATCH_SECONDS = 5;

export function sessionView(s: SessionDescriptionType, hint?: CurrentSessionHint): UserSessionView {
  const type = s.SessionType === 'TOKEN' || s.SessionType === 'SSO' ? s.SessionType : 'unknown';
  const location = [str(s.LastLocation?.City), str(s.LastLocation?.Country)].filter((x) => x !== undefined).join(', ');
  let isCurrent = s.IsCurrentSession === true;
  let currentBy: CurrentBy | undefined = isCurrent ? 'cognito' : undefined;
  if (!isCurrent && hint?.authTime !== undefined && type === 'TOKEN' && (hint.clientId === undefined || hint.clientId === s.ClientId)) {
    const created = isoDate(s.CreateDate);
    if (created !== undefined && Math.abs(Date.parse(created) / 1000 - hint.authTime) <= SIGN_IN_MATCH_SECONDS) {
      isCurrent = true;
      currentBy = 'sign-in-time';
    }
  }
  const view: {
    -readonly [K in keyof UserSessionView]: UserSessionView[K];
  } = { sessionId: str(s.SessionId) ?? '', type, isCurrent };
  const clientId = str(s.ClientId);
  if (clientId) view.clientId = clientId;
  const createdAt = isoDate(s.CreateDate);
  if (createdAt) view.createdAt = createdAt;
  const lastActiveAt = isoDate(s.LastActiveDate);
  if (lastActiveAt) view.lastActiveAt = lastActiveAt;
  const device = str(s.DeviceType);
  if (device) view.deviceType = device;
  const ip = str(s.LastIPAddress);
  if (ip) view.lastIpAddress = ip;
  if (location) view.location = location;
  const origin = str(s.OriginSessionId);
  if (origin) view.originSessionId = origin;
  if (currentBy) view.currentBy = currentBy;
  return view;
}

/** Cognito's IsCurrentSession wins; otherwise at most one session is matched by sign-in time (the closest). */
export function markCurrent(views: UserSessionView[]): UserSessionView[] {
  if (views.some((v) => v.currentBy === 'cognito')) {
    return views.map((v) => (v.currentBy === 'sign-in-time' ? withoutCurrent(v) : v));
  }
  const matched = views.filter((v) => v.currentBy === 'sign-in-time');
  if (matched.length <= 1) return views;
  return views.map((v) => (v.currentBy === 'sign-in-time' ? withoutCurrent(v) : v));
}

function withoutCurrent(v: UserSessionView): UserSessionView {
  const { currentBy: _c, ...rest } = v;
  return { ...rest, isCurrent: false };
}

export function attributesOf(list: readonly AttributeType[] | undefined): AttributeView[] {
  if (!Array.isArray(list)) return [];
  const out: AttributeView[] = [];
  for (const a of list) {
    const name = str(a?.Name);
    if (!name) continue;
    out.push(typeof a.Value === 'string' ? { name, value: a.Value } : { name });
  }
  return out;
}

export function mfaOf(preferred: unknown, enabled: unknown, options: readonly MFAOptionType[] | undefined): MfaView {
  const legacy = Array.isArray(options)
    ? options.map((o) => [str(o?.DeliveryMedium), str(o?.AttributeName)].filter((x) => x !== undefined).join(' to ')).filter((x) => x !== '')
    : [];
  const p = str(preferred);
  return p ? { preferred: p, enabled: strings(enabled), legacyOptions: legacy } : { enabled: strings(enabled), legacyOptions: legacy };
}

function validity(value: unknown, unit: unknown, fallback: { value: number; unit: ValidityUnit }): TokenValidityView {
  const v = num(value);
  const u: ValidityUnit = unit === 'seconds' || unit === 'minutes' || unit === 'hours' || unit === 'days' ? unit : fallback.unit;
  if (v === undefined || v <= 0) {
    return { value: fallback.value, unit: fallback.unit, seconds: fallback.value * UNIT_SECONDS[fallback.unit], isDefault: true };
  }
  return { value: v, unit: u, seconds: v * UNIT_SECONDS[u], isDefault: false };
}

export function clientConfigView(out: DescribeUserPoolClientResponse, clientId: string): ClientConfigView {
  const c = out.UserPoolClient ?? {};
  const units = c.TokenValidityUnits ?? {};
  const rotationEnabled = c.RefreshTokenRotation?.Feature === 'ENABLED';
  const grace = num(c.RefreshTokenRotation?.RetryGracePeriodSeconds);
  const view: { -readonly [K in keyof ClientConfigView]: ClientConfigView[K] } = {
    clientId: str(c.ClientId) ?? clientId,
    hasSecret: typeof c.ClientSecret === 'string' && c.ClientSecret !== '',
    rotation: rotationEnabled ? { enabled: true, graceSeconds: grace ?? 0 } : { enabled: false },
    validity: {
      access: validity(c.AccessTokenValidity, units.AccessToken, DEFAULT_VALIDITY.access),
      id: validity(c.IdTokenValidity, units.IdToken, DEFAULT_VALIDITY.id),
      refresh: validity(c.RefreshTokenValidity, units.RefreshToken, DEFAULT_VALIDITY.refresh),
    },
    explicitAuthFlows: strings(c.ExplicitAuthFlows),
    callbackUrls: strings(c.CallbackURLs),
    logoutUrls: strings(c.LogoutURLs),
    allowedOAuthFlows: strings(c.AllowedOAuthFlows),
    allowedOAuthScopes: strings(c.AllowedOAuthScopes),
  };
  const poolId = str(c.UserPoolId);
  if (poolId) view.userPoolId = poolId;
  const name = str(c.ClientName);
  if (name) view.clientName = name;
  const revocation = bool(c.EnableTokenRevocation);
  if (revocation !== undefined) view.tokenRevocation = revocation;
  const prevent = str(c.PreventUserExistenceErrors);
  if (prevent) view.preventUserExistenceErrors = prevent;
  const authSession = num(c.AuthSessionValidity);
  if (authSession !== undefined) view.authSessionValidityMinutes = authSession;
  const created = isoDate(c.CreationDate);
  if (created) view.createdAt = created;
  const modified = isoDate(c.LastModifiedDate);
  if (modified) view.lastModifiedAt = modified;
  return view;
}

export function poolConfigView(out: DescribeUserPoolResponse, userPoolId: string): PoolConfigView {
  const p = out.UserPool ?? {};
  const device = p.DeviceConfiguration;
  let deviceRemembering: DeviceRemembering = 'off';
  if (device !== undefined && device !== null) deviceRemembering = device.DeviceOnlyRememberedOnUserPrompt === true ? 'user-opt-in' : 'always';
  const view: { -readonly [K in keyof PoolConfigView]: PoolConfigView[K] } = { id: str(p.Id) ?? userPoolId, deviceRemembering };
  const name = str(p.Name);
  if (name) view.name = name;
  const arn = str(p.Arn);
  if (arn) view.arn = arn;
  const tier = str(p.UserPoolTier);
  if (tier) view.tier = tier;
  const mfa = str(p.MfaConfiguration);
  if (mfa) view.mfa = mfa;
  const challenge = bool(device?.ChallengeRequiredOnNewDevice);
  if (challenge !== undefined) view.challengeRequiredOnNewDevice = challenge;
  const ptg = p.LambdaConfig?.PreTokenGenerationConfig;
  const legacyPtg = str(p.LambdaConfig?.PreTokenGeneration);
  if (ptg && str(ptg.LambdaVersion)) {
    const arnOf = str(ptg.LambdaArn);
    view.preTokenGeneration = arnOf ? { version: ptg.LambdaVersion as string, lambdaArn: arnOf } : { version: ptg.LambdaVersion as string };
  } else if (legacyPtg) {
    view.preTokenGeneration = { version: 'V1_0', lambdaArn: legacyPtg };
  }
  const domain = str(p.Domain);
  if (domain) view.domain = domain;
  const customDomain = str(p.CustomDomain);
  if (customDomain) view.customDomain = customDomain;
  const users = num(p.EstimatedNumberOfUsers);
  if (users !== undefined) view.estimatedUsers = users;
  return view;
}

export function poolSessionConfigView(out: GetUserPoolSessionConfigurationResponse): PoolSessionConfigView {
  const maxPerUser = num(out.TokenSession?.MaxPerUser);
  const poolId = str(out.UserPoolId);
  return {
    ...(poolId ? { userPoolId: poolId } : {}),
    tracking: trackingOf(out.UserSessionTracking),
    ...(maxPerUser !== undefined ? { maxPerUser } : {}),
  };
}

/** 60 minutes when never set (the SDK model). */
export const DEFAULT_SSO_MAX_VALIDITY_MINUTES = 60;

export function clientSessionConfigView(out: GetUserPoolClientSessionConfigurationResponse): ClientSessionConfigView {
  const minutes = num(out.SSOSession?.MaxValidityMinutes);
  const poolId = str(out.UserPoolId);
  const clientId = str(out.ClientId);
  return {
    ...(poolId ? { userPoolId: poolId } : {}),
    ...(clientId ? { clientId } : {}),
    ssoMaxValidityMinutes: minutes ?? DEFAULT_SSO_MAX_VALIDITY_MINUTES,
    isDefault: minutes === undefined,
  };
}
