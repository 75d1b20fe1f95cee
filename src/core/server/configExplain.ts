/**
 * Plain-language findings from a session's last error and history read against the app client's
 * and the pool's real configuration (DescribeUserPoolClient, DescribeUserPool,
 * GetUserPoolSessionConfiguration): the configuration that explains a failure, and where the
 * observed behaviour disagrees with the configuration. Pure; never throws.
 */
import type { HistoryEvent, LastError, Session } from '../sessions/model';
import { decodeToken } from '../token/decode';
import { numericDate } from '../token/time';
import { formatDuration } from '../../shared/format';
import type { ClientConfigView, PoolConfigView, PoolSessionConfigView } from './types';

export type FindingSeverity = 'cause' | 'warning' | 'info';

export type ConfigFindingId =
  | 'rotation-zero-grace-retry'
  | 'rotation-grace-elapsed'
  | 'refresh-flow-not-allowed'
  | 'initiate-auth-with-rotation'
  | 'device-key-missing'
  | 'secret-missing'
  | 'secret-not-needed'
  | 'access-validity-differs'
  | 'id-validity-differs'
  | 'refresh-expiry'
  | 'rotated-although-off'
  | 'no-rotation-although-on'
  | 'rotation-hint-differs'
  | 'revocation-off'
  | 'tracking-off'
  | 'pre-token-trigger';

export interface ConfigFinding {
  readonly id: ConfigFindingId;
  /** `cause`: explains the last error; `warning`: will cause failures or disagrees with what was seen; `info`: context. */
  readonly severity: FindingSeverity;
  readonly text: string;
}

export interface ConfigExplainInput {
  readonly session: Pick<Session, 'clientId' | 'refreshMethod' | 'effectiveMethod' | 'deviceKey' | 'rotationHint' | 'observedRotation'> &
    Partial<Pick<Session, 'createdAt'>>;
  readonly lastError?: LastError;
  /** Oldest first. */
  readonly history?: readonly HistoryEvent[];
  readonly client?: ClientConfigView;
  readonly pool?: PoolConfigView;
  readonly poolSessions?: PoolSessionConfigView;
  /** Whether the session holds a client secret (the secret itself is not needed). */
  readonly sessionHasClientSecret?: boolean;
  /** The session's current ID and access tokens, for their lifetimes and auth_time (read, never kept). */
  readonly idToken?: string;
  readonly accessToken?: string;
}

/** Observed and configured lifetimes further apart than this are reported. */
export const VALIDITY_TOLERANCE_SECONDS = 60;

const REUSE_IDS: ReadonlySet<string> = new Set(['RefreshTokenReuseException', 'RefreshTokenReuseException/own-retry-after-lost-response']);
const FLOW_IDS_SUFFIX = ['/refresh-token-auth-not-allowed', '/auth-flow-not-enabled'];

function errorId(e: LastError | undefined): string | undefined {
  return e === undefined ? undefined : (e.catalogId ?? e.name);
}

function lifetime(raw: string | undefined): { seconds: number; authTime?: number } | undefined {
  if (typeof raw !== 'string') return undefined;
  const d = decodeToken(raw);
  if (!d.ok || d.token.payload === undefined) return undefined;
  const iat = numericDate(d.token.payload.iat);
  const exp = numericDate(d.token.payload.exp);
  if (iat === undefined || exp === undefined || exp <= iat) return undefined;
  const authTime = numericDate(d.token.payload.auth_time);
  return authTime !== undefined ? { seconds: exp - iat, authTime } : { seconds: exp - iat };
}

function retriedAfterLostResponse(history: readonly HistoryEvent[]): boolean {
  for (let i = 1; i < history.length; i++) {
    const notes = history[i]?.notes ?? [];
    const prev = history[i - 1]?.notes ?? [];
    if (prev.includes('response-lost') && (notes.includes('retry-within-grace') || notes.includes('retry-outside-grace'))) return true;
  }
  return false;
}

function unitText(v: { value: number; unit: string }): string {
  return `${v.value} ${v.value === 1 ? v.unit.replace(/s$/, '') : v.unit}`;
}

/** Findings, causes first. Never throws. */
export function explainConfiguration(input: ConfigExplainInput): ConfigFinding[] {
  try {
    return findings(input);
  } catch {
    return [];
  }
}

function findings(input: ConfigExplainInput): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const { session, client, pool } = input;
  const history = Array.isArray(input.history) ? input.history : [];
  const id = errorId(input.lastError);
  const isReuse = id !== undefined && REUSE_IDS.has(id);
  const isFlowError = id !== undefined && FLOW_IDS_SUFFIX.some((s) => id.endsWith(s));
  const isInvalidRefresh = id === 'NotAuthorizedException/invalid-refresh-token' || id === 'NotAuthorizedException';
  const isSecretError = id === 'NotAuthorizedException/secret-hash-mismatch' || id === 'NotAuthorizedException/client-secret-missing';
  const usesInitiateAuth = session.refreshMethod === 'InitiateAuth' || session.effectiveMethod === 'InitiateAuth';

  if (client) {
    const rot = client.rotation;
    // Rotation and retries.
    if (isReuse && rot.enabled) {
      const grace = rot.graceSeconds ?? 0;
      if (grace === 0) {
        out.push({
          id: 'rotation-zero-grace-retry',
          severity: 'cause',
          text:
            'This client has rotation enabled with a 0 s grace period, so the token you retried was already invalid: Cognito invalidates the old refresh token the moment it issues the new one, and a second use counts as reuse.',
        });
      } else {
        out.push({
          id: 'rotation-grace-elapsed',
          severity: 'cause',
          text: `This client rotates refresh tokens with a ${grace} s grace period: the token was used again more than ${grace} s after it was rotated${retriedAfterLostResponse(history) ? ' (the retry after the lost response came too late)' : ', by this window, another window or another device'}.`,
        });
      }
    }
    // Explicit auth flows.
    const flows = client.explicitAuthFlows;
    const refreshAllowed = flows.includes('ALLOW_REFRESH_TOKEN_AUTH');
    if (flows.length > 0 && !refreshAllowed && (isFlowError || usesInitiateAuth)) {
      out.push({
        id: 'refresh-flow-not-allowed',
        severity: isFlowError ? 'cause' : 'warning',
        text: `REFRESH_TOKEN_AUTH is not in this client's explicit auth flows (${flows.join(', ')}), so Cognito refuses refreshes through InitiateAuth. Add ALLOW_REFRESH_TOKEN_AUTH, or refresh with GetTokensFromRefreshToken.`,
      });
    }
    if (rot.enabled && usesInitiateAuth) {
      out.push({
        id: 'initiate-auth-with-rotation',
        severity: isFlowError ? 'cause' : 'warning',
        text: 'This client rotates refresh tokens, and this session refreshes through InitiateAuth REFRESH_TOKEN_AUTH, which a rotating client refuses. Set the session\'s refresh method to GetTokensFromRefreshToken (or auto).',
      });
    }
    // Secret.
    if (client.hasSecret && input.sessionHasClientSecret === false) {
      out.push({
        id: 'secret-missing',
        severity: isSecretError || isInvalidRefresh ? 'cause' : 'warning',
        text: 'This client has a client secret and the session has none, so every refresh fails ("configured for secret but secret was not received"). Add the client secret to the session.',
      });
    } else if (!client.hasSecret && input.sessionHasClientSecret === true) {
      out.push({
        id: 'secret-not-needed',
        severity: isSecretError ? 'cause' : 'info',
        text: 'The session holds a client secret, but this client has none: Cognito refuses a SECRET_HASH for a client without a secret. Remove the secret from the session.',
      });
    }
    // Validities against observed token lifetimes.
    const access = lifetime(input.accessToken);
    const idLife = lifetime(input.idToken);
    if (access && Math.abs(access.seconds - client.validity.access.seconds) > VALIDITY_TOLERANCE_SECONDS) {
      out.push({
        id: 'access-validity-differs',
        severity: 'warning',
        text: `The access token lasts ${formatDuration(access.seconds)}, but this client's access token validity is ${unitText(client.validity.access)}${client.validity.access.isDefault ? ' (the default)' : ''}: the setting changed since the token was issued, or the token comes from another client.`,
      });
    }
    if (idLife && Math.abs(idLife.seconds - client.validity.id.seconds) > VALIDITY_TOLERANCE_SECONDS) {
      out.push({
        id: 'id-validity-differs',
        severity: 'warning',
        text: `The ID token lasts ${formatDuration(idLife.seconds)}, but this client's ID token validity is ${unitText(client.validity.id)}${client.validity.id.isDefault ? ' (the default)' : ''}: the setting changed since the token was issued, or the token comes from another client.`,
      });
    }
    const authTime = idLife?.authTime ?? access?.authTime;
    if (authTime !== undefined) {
      const expiry = new Date((authTime + client.validity.refresh.seconds) * 1000).toISOString();
      out.push({
        id: 'refresh-expiry',
        severity: id === 'NotAuthorizedException/refresh-token-expired' ? 'cause' : 'info',
        text: `Refresh tokens of this client last ${unitText(client.validity.refresh)} from sign-in, and rotation does not extend that: this session's refresh token expires around ${expiry}.`,
      });
    }
    // Observed behaviour against the configuration.
    const rotatedSeen = session.observedRotation === true || history.some((e) => e.outcome === 'success' && e.rotated);
    const notRotatedSeen =
      session.observedRotation === false ||
      history.some((e) => e.outcome === 'success' && !e.rotated && (e.operation === 'GetTokensFromRefreshToken' || e.operation === 'TokenEndpoint'));
    if (rotatedSeen && !rot.enabled) {
      out.push({
        id: 'rotated-although-off',
        severity: 'warning',
        text: 'Refresh tokens rotated for this session although this client\'s rotation is off: the setting was changed since, or the session\'s refreshes went to another app client or endpoint.',
      });
    }
    if (notRotatedSeen && !rotatedSeen && rot.enabled) {
      out.push({
        id: 'no-rotation-although-on',
        severity: 'warning',
        text: 'GetTokensFromRefreshToken returned no new refresh token for this session although this client\'s rotation is on: rotation was turned on after those refreshes, or they went to another app client or endpoint.',
      });
    }
    const hint = session.rotationHint;
    if (hint && (hint.enabled !== rot.enabled || (rot.enabled && hint.graceSeconds !== (rot.graceSeconds ?? 0)))) {
      const configured = rot.enabled ? `on with a ${rot.graceSeconds ?? 0} s grace period` : 'off';
      const told = hint.enabled ? `on with a ${hint.graceSeconds} s grace period` : 'off';
      out.push({
        id: 'rotation-hint-differs',
        severity: 'warning',
        text: `The session says rotation is ${told}, but this client has it ${configured}. The extension decides whether a lost response may be retried from the session's setting: update it.`,
      });
    }
    if (client.tokenRevocation === false && input.lastError?.operation === 'RevokeToken') {
      out.push({
        id: 'revocation-off',
        severity: 'cause',
        text: 'Token revocation is off for this client (EnableTokenRevocation false), so RevokeToken is refused for its tokens.',
      });
    }
  }

  if (pool) {
    if (pool.deviceRemembering !== 'off' && (session.deviceKey === undefined || session.deviceKey === '')) {
      out.push({
        id: 'device-key-missing',
        severity: isInvalidRefresh ? 'cause' : 'info',
        text: `Device tracking is on (${pool.deviceRemembering === 'always' ? 'always remember' : 'remember when the user opts in'}) and the session has no device key: a refresh token issued to a remembered device is refused without its DEVICE_KEY ("Invalid Refresh Token"). Add the device key to the session.`,
      });
    }
    if (pool.preTokenGeneration) {
      const v = pool.preTokenGeneration.version;
      out.push({
        id: 'pre-token-trigger',
        severity: 'info',
        text: `The pool has a pre-token-generation trigger (${v}): ${v === 'V1_0' ? 'it can change ID token claims and groups' : v === 'V2_0' ? 'it can change ID and access token claims, groups and scopes' : 'it can change ID and access token claims, groups and scopes, also for machine-to-machine tokens'}, and it runs again on every refresh (TokenGeneration_RefreshTokens).`,
      });
    }
  }
  if (input.poolSessions?.tracking === 'DISABLED') {
    out.push({
      id: 'tracking-off',
      severity: 'info',
      text: 'User session tracking is off for this pool: ListUserSessions has no session records to show, and RevokeUserSession has nothing to revoke.',
    });
  }
  const rank: Readonly<Record<FindingSeverity, number>> = { cause: 0, warning: 1, info: 2 };
  return out.map((f, i) => ({ f, i })).sort((x, y) => rank[x.f.severity] - rank[y.f.severity] || x.i - y.i).map((x) => x.f);
}
