// What the tree, the status bar and the commands show about a session, computed from a stored
// record once per change: expiry times, states, the last error's catalog entry. Holds no
// token and no secret, so it can be kept, logged and handed to tests. Pure: no `vscode` import.
import { revocationOf, type Revocation } from '../../shared/revocation';
import { explain, type Explanation } from '../../core/errors/index';
import { fingerprint, type HistoryEvent, type LastError, type Session, type SessionParseError, type SessionRecord } from '../../core/sessions/index';
import { decodeToken, formatDuration } from '../../core/token/index';
import { tokenSize } from '../../core/token/size';
import { sizeWarning } from './sizeText';

/** Below this many seconds left a token counts as expiring (warning colours). */
export const EXPIRING_SECONDS = 5 * 60;

export type TokenState = 'valid' | 'expiring' | 'expired' | 'no-expiry' | 'missing';

export interface TokenSummary {
  readonly present: boolean;
  /** 'opaque' when the value is not a JWT (some Cognito-compatible endpoints). */
  readonly format?: 'jws' | 'jwe' | 'opaque';
  /** ms since the epoch, from `exp`. */
  readonly expiresAt?: number;
  /** ms since the epoch, from `iat`. */
  readonly issuedAt?: number;
  readonly fingerprint?: string;
  /** ID and access tokens near or over a common request-header limit: the warning line. */
  readonly sizeWarning?: string;
}

export interface SessionView {
  readonly kind: 'ok';
  readonly id: string;
  readonly session: Session;
  readonly idToken: TokenSummary;
  readonly accessToken: TokenSummary;
  readonly refreshToken: TokenSummary & {
    /** When the session got the refresh token it holds (the last rotation, else creation); ms since the epoch. */
    readonly heldSince: number;
  };
  readonly hasClientSecret: boolean;
  readonly history: readonly HistoryEvent[];
  readonly lastError?: LastError;
  /** The catalog's entry for `lastError`. */
  readonly lastErrorExplanation?: Explanation;
  /** The tokens held were revoked (a RevokeToken, or Cognito said so): one rule with the inspector. */
  readonly revoked?: Revocation;
}

export interface BrokenView {
  readonly kind: 'broken';
  readonly id: string;
  readonly error: SessionParseError;
}

export type EntryView = SessionView | BrokenView;

function summarize(raw: string | undefined, headerToken = false): TokenSummary {
  if (raw === undefined || raw === '') return { present: false };
  const fp = fingerprint(raw);
  const decoded = decodeToken(raw);
  if (!decoded.ok) return { present: true, format: 'opaque', fingerprint: fp };
  const t = decoded.token;
  const exp = t.times.find((x) => x.claim === 'exp');
  const iat = t.times.find((x) => x.claim === 'iat');
  // Sized from the token the view already holds: no second read of the store for the tree.
  const warning = headerToken && t.format === 'jws' ? sizeWarning(tokenSize(raw)) : undefined;
  return {
    present: true,
    format: t.format,
    fingerprint: fp,
    ...(warning ? { sizeWarning: warning } : {}),
    ...(exp ? { expiresAt: exp.epochSeconds * 1000 } : {}),
    ...(iat ? { issuedAt: iat.epochSeconds * 1000 } : {}),
  };
}

export function explainLastError(session: Session, lastError: LastError, history: readonly HistoryEvent[] = []): Explanation {
  return explain(
    {
      name: lastError.name,
      message: lastError.message,
      operation: lastError.operation,
      ...(lastError.requestId ? { requestId: lastError.requestId } : {}),
      ...(lastError.httpStatus !== undefined ? { httpStatus: lastError.httpStatus } : {}),
      ...(lastError.code !== undefined ? { code: lastError.code } : {}),
    },
    {
      // The last refresh's attempts pick the cards for a lost response (not re-sent, or our own retry's reuse).
      attempts: history.filter((e) => e.at >= lastAttemptStart(history, lastError)),
      operation: lastError.operation,
      region: session.region,
      userPoolId: session.userPoolId,
      ...(session.endpoint ? { endpoint: session.endpoint } : {}),
    },
  );
}

export function viewOf(record: SessionRecord): SessionView {
  const { session, secrets, history, lastError } = record;
  const rotations = history.filter((e) => e.outcome === 'success' && e.rotated);
  const lastRotation = rotations[rotations.length - 1];
  const heldSince = Date.parse(lastRotation?.at ?? session.createdAt);
  return {
    kind: 'ok',
    id: session.id,
    session,
    idToken: summarize(secrets.idToken, true),
    accessToken: summarize(secrets.accessToken, true),
    refreshToken: { ...summarize(secrets.refreshToken), heldSince },
    hasClientSecret: secrets.clientSecret !== undefined,
    history,
    ...(lastError ? { lastError, lastErrorExplanation: explainLastError(session, lastError, history) } : {}),
    ...withRevocation(revocationOf(history, lastError, secrets.tokensReceivedAt)),
  };
}

/** Where the attempts of the refresh that ended with `lastError` start: the events since the last success. */
function lastAttemptStart(history: readonly HistoryEvent[], lastError: LastError): string {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.outcome === 'success') return history[i + 1]?.at ?? lastError.at;
  return history[0]?.at ?? lastError.at;
}

function withRevocation(r: Revocation | undefined): { revoked?: Revocation } {
  return r ? { revoked: r } : {};
}

export function tokenState(token: TokenSummary, now: number): TokenState {
  if (!token.present) return 'missing';
  if (token.expiresAt === undefined) return 'no-expiry';
  const left = (token.expiresAt - now) / 1000;
  if (left <= 0) return 'expired';
  return left < EXPIRING_SECONDS ? 'expiring' : 'valid';
}

/** "expires in 12 min" / "expired 3 h ago" / "expires in 45 s". */
export function expiryLabel(expiresAt: number, now: number): string {
  const delta = Math.floor((expiresAt - now) / 1000);
  if (delta > 0) return `expires in ${formatDuration(delta)}`;
  if (delta > -1) return 'expired just now';
  return `expired ${formatDuration(-delta)} ago`;
}

/** "12 min ago", for ages. */
export function ageLabel(since: number, now: number): string {
  const s = Math.floor((now - since) / 1000);
  return s < 1 ? 'just now' : `${formatDuration(s)} ago`;
}

/** The status bar's short countdown: "12m", "1h5m", "45s", "expired". */
export function shortCountdown(expiresAt: number, now: number): string {
  const s = Math.floor((expiresAt - now) / 1000);
  if (s <= 0) return 'expired';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}

/**
 * Milliseconds until a label counting to or from `instant` shows something else: every second
 * under a minute, on the minute under an hour, and so on (formatDuration's granularity).
 * At least 250 ms, so a timer built on it never spins.
 */
export function msUntilLabelChanges(instant: number, now: number): number {
  const deltaMs = Math.abs(instant - now);
  const unitMs = deltaMs < 60_000 ? 1000 : deltaMs < 86_400_000 ? 60_000 : 3_600_000;
  // A countdown (future) changes when the remaining time drops below the next unit boundary;
  // an age (past) when the elapsed time reaches the next one.
  const future = instant > now;
  const remainder = deltaMs % unitMs;
  const wait = future ? remainder + 1 : unitMs - remainder;
  return Math.max(250, wait);
}

/** One history event as a line: "12:01:02 GetTokensFromRefreshToken rotated a1b2c3d4→e5f6a7b8, 84 ms, success". */
export function historyLine(e: HistoryEvent): { label: string; description: string } {
  const time = new Date(e.at).toLocaleTimeString();
  const fps = e.rotated && e.newFingerprint ? `${e.oldFingerprint}→${e.newFingerprint}` : e.oldFingerprint;
  const what = e.outcome === 'success' ? (e.operation === 'RevokeToken' ? 'revoked' : e.operation === 'GlobalSignOut' ? 'signed out everywhere' : e.rotated ? 'rotated' : 'not rotated') : (e.errorName ?? 'error');
  return { label: `${time} ${e.operation}`, description: `${what} · ${fps} · ${e.latencyMs} ms` };
}

/** One stored session as the extension's API lists it: settings and facts, never a token. */
export interface SessionInfo {
  id: string;
  kind: 'ok' | 'broken';
  label?: string;
  region?: string;
  userPoolId?: string;
  clientId?: string;
  endpoint?: string;
  refreshMethod?: string;
  username?: string;
  deviceKey?: string;
  hasClientSecret?: boolean;
  hasIdToken?: boolean;
  hasAccessToken?: boolean;
  accessTokenExpiresAt?: number;
  refreshTokenFingerprint?: string;
  historyLength?: number;
  lastErrorName?: string;
  lastErrorTitle?: string;
  lastErrorCatalogId?: string;
  /** The tokens held were revoked (the same rule as the inspector's). */
  revoked?: boolean;
  /** For broken entries. */
  brokenReason?: string;
}

export function summarizeEntry(e: EntryView): SessionInfo {
  if (e.kind === 'broken') return { id: e.id, kind: 'broken', brokenReason: e.error.code };
  const s = e.session;
  return {
    id: e.id,
    kind: 'ok',
    label: s.label,
    region: s.region,
    userPoolId: s.userPoolId,
    clientId: s.clientId,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    refreshMethod: s.refreshMethod,
    ...(s.username ? { username: s.username } : {}),
    ...(s.deviceKey ? { deviceKey: s.deviceKey } : {}),
    hasClientSecret: e.hasClientSecret,
    hasIdToken: e.idToken.present,
    hasAccessToken: e.accessToken.present,
    ...(e.accessToken.expiresAt !== undefined ? { accessTokenExpiresAt: e.accessToken.expiresAt } : {}),
    ...(e.refreshToken.fingerprint ? { refreshTokenFingerprint: e.refreshToken.fingerprint } : {}),
    historyLength: e.history.length,
    ...(e.lastError ? { lastErrorName: e.lastError.name } : {}),
    ...(e.lastErrorExplanation ? { lastErrorTitle: e.lastErrorExplanation.title, lastErrorCatalogId: e.lastErrorExplanation.id } : {}),
    ...(e.revoked ? { revoked: true } : {}),
  };
}
