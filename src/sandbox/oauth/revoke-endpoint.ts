// POST /oauth2/revoke: revokes a refresh token and every token of its sign-in
// (the endpoint's documentation). Empty 200 on success, also for a token the
// sandbox never issued (RFC 7009 §2.2).
//
// Errors: invalid_request (no token), invalid_client (client authentication),
// unsupported_token_type (an ID or access token: only refresh tokens are
// revoked here). Assumed where undocumented: a client with token revocation
// off gets unauthorized_client; another client's token gets unauthorized_client.

import type { SandboxState } from '../state';
import { authenticateClient } from './client-auth';
import { OAuthError, parseForm, type HttpAnswer } from './http';

export function revokeEndpoint(state: SandboxState, raw: Buffer, contentType: string | undefined, authorization: string | undefined): HttpAnswer {
  try {
    const form = parseForm(raw, contentType);
    const client = authenticateClient(state, form, authorization);
    const token = form.get('token');
    if (token === undefined || token === '') throw new OAuthError('invalid_request', 'token is missing');
    if (client.config.enableTokenRevocation === false) throw new OAuthError('unauthorized_client', 'token revocation is not enabled for this app client');
    if (token.split('.').length === 3) throw new OAuthError('unsupported_token_type');
    const owner = state.store.clientOf(token);
    if (owner !== undefined) {
      if (owner !== client.config.clientId) throw new OAuthError('unauthorized_client', 'the token was not issued to this app client');
      const now = state.now();
      const found = state.store.lookup(token, owner, now, 0);
      if (found.kind !== 'invalid') state.store.revokeSession(found.record.session, now);
    }
    return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: '' };
  } catch (e) {
    if (e instanceof OAuthError) return e.answer();
    throw e;
  }
}
