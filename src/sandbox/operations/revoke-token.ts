// RevokeToken: revokes a refresh token together with every token of its sign-in.
// RevokeAssociatedSessions LINKED also ends the parent SSO session the token
// session came through (managed login, sessions/sso.ts), not the other token
// sessions from it (the SDK model's text); it has no effect while the pool's
// session tracking is off or when the session has no parent SSO session.

import { requireClientSecret } from '../client-auth';
import { CognitoError, messages } from '../errors';
import { CLIENT_ID_FIELD, CLIENT_SECRET_FIELD, TOKEN_FIELD, validateRequest } from '../request-validation';
import { trackingEnabled } from '../sessions/tracking';
import type { OperationHandler } from './types';

const SPEC = {
  Token: TOKEN_FIELD,
  ClientId: CLIENT_ID_FIELD,
  ClientSecret: CLIENT_SECRET_FIELD,
  ClientMetadata: { kind: 'stringMap' },
  RevokeAssociatedSessions: { kind: 'string', enum: ['NONE', 'LINKED'] },
} as const;

// The answers below follow the API Reference's exception descriptions and
// RFC 7009; Cognito's exact answer in each case is unverified.
export const revokeToken: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const client = state.client(input.ClientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', messages.clientNotFound(input.ClientId));
  // UnsupportedOperationException: "an operation that isn't enabled for the user pool client".
  if (client.config.enableTokenRevocation === false) {
    throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this client.');
  }
  requireClientSecret(client.config, input.ClientSecret);
  const token = input.Token;
  // Only refresh tokens can be revoked; a JWS (an ID or access token) has three parts.
  if (token.split('.').length === 3) {
    throw new CognitoError('UnsupportedTokenTypeException', 'Unsupported token type: only refresh tokens can be revoked.');
  }
  const owner = state.store.clientOf(token);
  // RFC 7009 §2.2: an unknown token is answered with success.
  if (owner === undefined) return {};
  // RFC 7009 §2.1: a token issued to another client is refused.
  if (owner !== client.config.clientId) throw new CognitoError('UnauthorizedException', 'The token was not issued to this client.');
  const now = state.now();
  const found = state.store.lookup(token, owner, now, 0);
  // Live, rotated-out, expired or already revoked: revoking is idempotent and ends the whole sign-in.
  if (found.kind === 'invalid') return {};
  const session = found.record.session;
  state.store.revokeSession(session, now);
  const parent = session.originSsoSessionId === undefined ? undefined : state.sso.get(session.originSsoSessionId);
  if (input.RevokeAssociatedSessions === 'LINKED' && parent && trackingEnabled(client.pool.config)) state.sso.revoke(parent, now);
  return {};
};
