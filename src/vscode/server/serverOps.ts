// The server operations for one stored session: its access token (read from SecretStorage for
// the request only), an SDK client on its Region and endpoint, and the AWS credentials chosen
// for it (credentials.ts) for the configuration operations. The core (src/core/server) does
// the work and the explaining; nothing here logs a token or credentials.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createServerClient, type ServerClientTarget } from '../../core/server/client';
import { getUserPoolSessionConfiguration, listUserSessions } from '../../core/server/operations';
import type { FailureContext } from '../../core/server/failure';
import type { ServerResult, TrackingState, UserSessionsView } from '../../core/server/types';
import type { Session, SessionRecord } from '../../core/sessions/index';
import { decodeToken } from '../../core/token/index';
import type { Ctx } from '../context';
import type { SessionManager } from '../sessions/sessionManager';
import { storedChoice, type CredentialChoice } from './credentials';

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
  const choice = ctx ? storedChoice(ctx, session.id) : undefined;
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
