// RevokeUserSession: revokes one of the caller's other sessions (its refresh
// and access tokens) and deletes its record. The caller's own current session
// cannot be revoked this way. The session may be a token session or an SSO
// session (managed login's session cookie, sessions/sso.ts); with
// RevokeAssociatedSessions LINKED, a token session's parent SSO session ends
// too, and an SSO session's token sessions (those whose OriginSessionId names it).
//
// Assumed (not in the model): the current session is refused with
// InvalidParameterException, an unknown or already revoked SessionId with
// ResourceNotFoundException; the message texts are the sandbox's. LINKED on the
// SSO session the caller's own token session came through revokes the caller's
// session too (the model forbids naming it as SessionId, not reaching it as a
// linked session). Ending an SSO session revokes no tokens by itself: its cookie
// no longer signs anyone in.

import { CognitoError } from '../errors';
import { validateRequest } from '../request-validation';
import { authenticateAccessToken } from '../sessions/access-token';
import { ACCESS_TOKEN_FIELD, REVOKE_ASSOCIATED_SESSIONS_FIELD, SESSION_ID_FIELD } from '../sessions/fields';
import { listedSessions, sessionIdOf, trackingEnabled } from '../sessions/tracking';
import type { OperationHandler } from './types';

const SPEC = { AccessToken: ACCESS_TOKEN_FIELD, SessionId: SESSION_ID_FIELD, RevokeAssociatedSessions: REVOKE_ASSOCIATED_SESSIONS_FIELD } as const;

export const revokeUserSession: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const caller = authenticateAccessToken(state, input.AccessToken);
  const now = state.now();
  const pool = caller.pool.config;
  const target = trackingEnabled(pool)
    ? listedSessions(state.store, state.sso, pool, caller.user.username, now)
      .find((s) => (s.kind === 'token' ? sessionIdOf(s.session) : s.session.id) === input.SessionId)
    : undefined;
  if (caller.session && sessionIdOf(caller.session) === input.SessionId) {
    throw new CognitoError('InvalidParameterException', 'SessionId cannot be the session of the access token in the request; use GlobalSignOut or RevokeToken to end it.');
  }
  if (!target) throw new CognitoError('ResourceNotFoundException', `Session ${input.SessionId} does not exist.`);
  const linked = input.RevokeAssociatedSessions === 'LINKED';
  if (target.kind === 'token') {
    state.store.revokeSession(target.session, now);
    const parent = target.session.originSsoSessionId === undefined ? undefined : state.sso.get(target.session.originSsoSessionId);
    if (linked && parent) state.sso.revoke(parent, now);
  } else {
    state.sso.revoke(target.session, now);
    if (linked) {
      for (const s of state.store.allSessions()) if (s.originSsoSessionId === target.session.id) state.store.revokeSession(s, now);
    }
  }
  return {};
};
