// The server operations for one stored session: its access token (read from SecretStorage for
// the request only), an SDK client on its Region and endpoint, and the AWS credentials chosen
// for it (credentials.ts) for the configuration operations. The core (src/core/server) does
// the work and the explaining; nothing here logs a token or credentials.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createServerClient, type ServerClientTarget } from '../../core/server/client';
import { explainConfiguration, type ConfigFinding } from '../../core/server/configExplain';
import {
  describeUserPool,
  describeUserPoolClient,
  getUserPoolClientSessionConfiguration,
  getUserPoolSessionConfiguration,
  listUserSessions,
} from '../../core/server/operations';
import type { FailureContext } from '../../core/server/failure';
import type { ServerFailure, ServerResult, TrackingState, UserSessionsView } from '../../core/server/types';
import type { Session, SessionRecord } from '../../core/sessions/index';
import { decodeToken } from '../../core/token/index';
import type { Ctx } from '../context';
import type { SessionManager } from '../sessions/sessionManager';
import { storedChoice, type CredentialChoice } from './credentials';
import type { ClientConfigSections } from './render';

/** AWS credentials a caller holds in memory (tests; the sandbox's demo key). Never stored. */
export interface InMemoryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export function readCredentials(v: unknown): InMemoryCredentials | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o['accessKeyId'] !== 'string' || typeof o['secretAccessKey'] !== 'string') return undefined;
  if (o['accessKeyId'].length === 0 || o['accessKeyId'].length > 128 || o['secretAccessKey'].length > 256) return undefined;
  return {
    accessKeyId: o['accessKeyId'],
    secretAccessKey: o['secretAccessKey'],
    ...(typeof o['sessionToken'] === 'string' ? { sessionToken: o['sessionToken'] } : {}),
  };
}

export function failureContext(session: Session): FailureContext {
  return { region: session.region, userPoolId: session.userPoolId, ...(session.endpoint ? { endpoint: session.endpoint } : {}) };
}

/** A client for the session's user operations (access token only: no credentials configured). */
export function userClient(session: Session): Promise<CognitoIdentityProviderClient> {
  return createServerClient({ region: session.region, ...(session.endpoint ? { endpoint: session.endpoint } : {}) });
}

/** A client for the configuration operations: the chosen profile or default chain, or in-memory credentials. */
export function iamClient(session: Session, choice: CredentialChoice, credentials?: InMemoryCredentials): Promise<CognitoIdentityProviderClient> {
  const target: { -readonly [K in keyof ServerClientTarget]: ServerClientTarget[K] } = { region: session.region };
  if (session.endpoint) target.endpoint = session.endpoint;
  if (credentials) target.credentials = credentials;
  else if (choice.kind === 'profile') target.profile = choice.name;
  return createServerClient(target);
}

/** auth_time of a token (epoch seconds): a sign-in creates its token session. */
export function authTimeOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const decoded = decodeToken(raw);
  const v = decoded.ok ? decoded.token.payload?.['auth_time'] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The pool's session tracking, when AWS credentials were chosen for the session (or given):
 * GetUserPoolSessionConfiguration. 'unknown' without credentials or when it fails.
 */
export async function trackingFor(ctx: Ctx | undefined, session: Session, credentials?: InMemoryCredentials): Promise<TrackingState> {
  const choice = storedChoice(ctx, session);
  if (!choice && !credentials) return 'unknown';
  try {
    const client = await iamClient(session, choice ?? { kind: 'default' }, credentials);
    try {
      const r = await getUserPoolSessionConfiguration(client, session.userPoolId, failureContext(session));
      return r.ok ? r.value.tracking : 'unknown';
    } finally {
      client.destroy();
    }
  } catch {
    return 'unknown';
  }
}

/** ListUserSessions for a stored session, every page; undefined when the session or its access token is missing. */
export async function listForSession(
  ctx: Ctx | undefined,
  sessions: SessionManager,
  sessionId: string,
  credentials?: InMemoryCredentials,
): Promise<ServerResult<UserSessionsView> | undefined> {
  const record = await sessions.getRecord(sessionId);
  return record ? listForRecord(ctx, record, credentials) : undefined;
}

export async function listForRecord(ctx: Ctx | undefined, record: SessionRecord, credentials?: InMemoryCredentials): Promise<ServerResult<UserSessionsView> | undefined> {
  const access = record.secrets.accessToken;
  if (access === undefined) return undefined;
  const { session } = record;
  const authTime = authTimeOf(access);
  const [tracking, client] = await Promise.all([trackingFor(ctx, session, credentials), userClient(session)]);
  try {
    const result = await listUserSessions(client, access, {
      current: { clientId: session.clientId, ...(authTime !== undefined ? { authTime } : {}) },
      tracking,
      context: failureContext(session),
    });
    ctx?.log.info(
      `server view: ListUserSessions for "${session.label}": ${result.ok ? `${result.value.sessions.length} sessions, tracking ${result.value.tracking}` : `failed: ${result.failure.explanation.title} [${result.failure.explanation.id}]`}`,
    );
    return result;
  } finally {
    client.destroy();
  }
}

/**
 * The app client's and pool's configuration with AWS credentials (the choice, or in-memory
 * credentials): DescribeUserPoolClient, DescribeUserPool, GetUserPoolSessionConfiguration and
 * GetUserPoolClientSessionConfiguration at once, each a value or its explained failure.
 */
export async function readConfiguration(session: Session, choice: CredentialChoice, credentials?: InMemoryCredentials): Promise<ClientConfigSections> {
  const context = failureContext(session);
  const client = await iamClient(session, choice, credentials);
  try {
    const [c, p, ps, cs] = await Promise.all([
      describeUserPoolClient(client, session.userPoolId, session.clientId, context),
      describeUserPool(client, session.userPoolId, context),
      getUserPoolSessionConfiguration(client, session.userPoolId, context),
      getUserPoolClientSessionConfiguration(client, session.userPoolId, session.clientId, context),
    ]);
    const value = <T>(x: ServerResult<T>): T | ServerFailure => (x.ok ? x.value : x.failure);
    return { client: value(c), pool: value(p), poolSessions: value(ps), clientSessions: value(cs) };
  } finally {
    client.destroy();
  }
}

/**
 * Keeps the app client's refresh token validity with the session once the configuration was read
 * (Cognito's default, 30 days, when the client sets none), so every later refresh's history says
 * when the refresh token ends (issue 11 item 3). Writes only when it changed; a failed write is logged.
 */
export async function rememberRefreshTokenValidity(ctx: Ctx, sessions: Pick<SessionManager, 'update'>, record: SessionRecord, sections: ClientConfigSections): Promise<void> {
  if ('explanation' in sections.client) return;
  const seconds = sections.client.validity.refresh.seconds;
  const known = record.session.refreshTokenValidity;
  if (known && known.seconds === seconds && known.source === 'client-configuration') return;
  try {
    await sessions.update(record.session.id, { refreshTokenValidity: { seconds, source: 'client-configuration' } });
  } catch (err) {
    ctx.log.warn(`server view: the refresh token validity of ${record.session.label} could not be kept: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function configFailures(sections: ClientConfigSections): ServerFailure[] {
  return [sections.client, sections.pool, sections.poolSessions, sections.clientSessions].filter(
    (s): s is ServerFailure => 'explanation' in s && 'operation' in s,
  );
}

/** The session's last failure and history read against the configuration (src/core/server/configExplain.ts). */
export function findingsFor(record: SessionRecord, sections: ClientConfigSections): ConfigFinding[] {
  return explainConfiguration({
    session: record.session,
    ...(record.lastError ? { lastError: record.lastError } : {}),
    history: record.history,
    ...('explanation' in sections.client ? {} : { client: sections.client }),
    ...('explanation' in sections.pool ? {} : { pool: sections.pool }),
    ...('explanation' in sections.poolSessions ? {} : { poolSessions: sections.poolSessions }),
    sessionHasClientSecret: record.secrets.clientSecret !== undefined,
    ...(record.secrets.idToken ? { idToken: record.secrets.idToken } : {}),
    ...(record.secrets.accessToken ? { accessToken: record.secrets.accessToken } : {}),
  });
}
