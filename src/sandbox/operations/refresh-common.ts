import type { UserConfig } from '../config';
import { CognitoError, messages } from '../errors';
import type { RefreshTokenRecord } from '../refresh-store';
import { graceSecondsOf, type ClientRuntime, type SandboxState } from '../state';

/**
 * Resolves a presented refresh token for `client` to a live record and its
 * user, or throws the exception Cognito answers with.
 */
export function resolveRefreshToken(
  state: SandboxState,
  client: ClientRuntime,
  token: string,
): { record: RefreshTokenRecord; user: UserConfig } {
  const now = state.now();
  const found = state.store.lookup(token, client.config.clientId, now, graceSecondsOf(client.config));
  switch (found.kind) {
    case 'invalid':
      throw new CognitoError('NotAuthorizedException', messages.invalidRefreshToken);
    case 'revoked':
      throw new CognitoError('NotAuthorizedException', messages.refreshTokenRevoked);
    case 'expired':
      throw new CognitoError('NotAuthorizedException', messages.refreshTokenExpired);
    case 'reused':
      // Unverified whether Cognito also revokes the rest of the sign-in's
      // tokens on reuse: a per-client switch, off by default.
      if (client.config.revokeFamilyOnReuse) state.store.revokeSession(found.record.session, now);
      throw new CognitoError('RefreshTokenReuseException', messages.refreshTokenReused);
    case 'valid': {
      const user = client.pool.user(found.record.session.username);
      if (!user) throw new CognitoError('NotAuthorizedException', messages.invalidRefreshToken);
      return { record: found.record, user };
    }
  }
}
