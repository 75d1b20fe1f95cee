// RevokeUserSession: revokes one of the caller's other sessions (its refresh
// and access tokens) and deletes its record. The caller's own current session
// cannot be revoked this way.
//
// Assumed (not in the model): the current session is refused with
// InvalidParameterException, an unknown or already revoked SessionId with
// ResourceNotFoundException; the message texts are the sandbox's. LINKED has
// nothing more to revoke: the sandbox has no SSO sessions.

import { CognitoError } from '../errors';
import { validateRequest } from '../request-validation';
import { authenticateAccessToken } from '../sessions/access-token';
import { ACCESS_TOKEN_FIELD, REVOKE_ASSOCIATED_SESSIONS_FIELD, SESSION_ID_FIELD } from '../sessions/fields';
import { activeSessions, sessionIdOf, trackingEnabled } from '../sessions/tracking';
import type { OperationHandler } from './types';

const SPEC = { AccessToken: ACCESS_TOKEN_FIELD, SessionId: SESSION_ID_FIELD, RevokeAssociatedSessions: REVOKE_ASSOCIATED_SESSIONS_FIELD } as const;

export const revokeUserSession: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const caller = authenticateAccessToken(state, input.AccessToken);
  const now = state.now();
  const target = trackingEnabled(caller.pool.config)
    ? activeSessions(state.store, caller.pool.config, caller.user.username, now).find((s) => sessionIdOf(s) === input.SessionId)
    : undefined;
  if (caller.session && sessionIdOf(caller.session) === input.SessionId) {
    throw new CognitoError('InvalidParameterException', 'SessionId cannot be the session of the access token in the request; use GlobalSignOut or RevokeToken to end it.');
  }
  if (!target) throw new CognitoError('ResourceNotFoundException', `Session ${input.SessionId} does not exist.`);
  state.store.revokeSession(target, now);
  return {};
};
