// GlobalSignOut: revokes every sign-in of the user in the pool (every app
// client): refresh tokens then fail with "Refresh Token has been revoked", and
// access tokens, for Cognito's own API, with "Access Token has been revoked".

import { validateRequest } from '../request-validation';
import { authenticateAccessToken } from '../sessions/access-token';
import { ACCESS_TOKEN_FIELD } from '../sessions/fields';
import type { OperationHandler } from './types';

const SPEC = { AccessToken: ACCESS_TOKEN_FIELD } as const;

export const globalSignOut: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const caller = authenticateAccessToken(state, input.AccessToken);
  const clients = new Set(caller.pool.config.clients.map((c) => c.clientId));
  const now = state.now();
  for (const session of state.store.allSessions()) {
    if (session.username === caller.user.username && clients.has(session.clientId)) state.store.revokeSession(session, now);
  }
  return {};
};
