// POST /__sandbox/sessions: signs a user in on an app client from outside the
// API, as if on another device ({"clientId", "username", "deviceType"?,
// "ipAddress"?}), so a demo or a test has a second token session of the user
// (ListUserSessions lists it, RevokeUserSession revokes it) without a password
// or challenges. Answers {"SessionId", "ClientId", "AuthenticationResult"}:
// sandbox tokens, for a caller that wants to use that session too.

import { isIP } from 'node:net';
import type { SandboxState } from '../state';
import { sessionIdOf } from './tracking';

const USAGE = '{"clientId": "<app client id>", "username": "<user name or email>", "deviceType"?: "Chrome 125, macOS 15", "ipAddress"?: "192.0.2.10"}';
/** SessionDescriptionType.DeviceType: at most 1,024 characters. */
const MAX_DEVICE_TYPE = 1024;

export function startSessionFromControl(state: SandboxState, body: Buffer): unknown {
  let o: unknown;
  try {
    o = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error(`body must be JSON: ${USAGE}`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error(`body must be an object: ${USAGE}`);
  const b = o as Record<string, unknown>;
  const extra = Object.keys(b).find((k) => !['clientId', 'username', 'deviceType', 'ipAddress'].includes(k));
  if (extra !== undefined) throw new Error(`unknown member ${JSON.stringify(extra.slice(0, 60))}: ${USAGE}`);
  const client = typeof b.clientId === 'string' ? state.client(b.clientId) : undefined;
  if (!client) throw new Error(`"clientId" must name an app client of the sandbox: ${USAGE}`);
  if (typeof b.username !== 'string' || b.username === '') throw new Error(`"username" is missing: ${USAGE}`);
  const user = client.pool.userForSignIn(b.username);
  if (!user) throw new Error(`pool ${client.pool.config.id} has no user ${JSON.stringify(b.username.slice(0, 130))}`);
  if (b.deviceType !== undefined && (typeof b.deviceType !== 'string' || b.deviceType === '' || b.deviceType.length > MAX_DEVICE_TYPE)) {
    throw new Error(`"deviceType" must be 1 to ${MAX_DEVICE_TYPE} characters`);
  }
  if (b.ipAddress !== undefined && (typeof b.ipAddress !== 'string' || isIP(b.ipAddress) === 0)) throw new Error('"ipAddress" must be an IPv4 or IPv6 address');

  const { session, refreshToken } = state.startSession(client, user);
  const tokens = state.issueTokens(client, session, user);
  session.deviceType = typeof b.deviceType === 'string' ? b.deviceType : 'sandbox control endpoint';
  if (typeof b.ipAddress === 'string') session.lastIpAddress = b.ipAddress;
  state.store.revision += 1;
  return { SessionId: sessionIdOf(session), ClientId: client.config.clientId, AuthenticationResult: { ...tokens, RefreshToken: refreshToken } };
}
