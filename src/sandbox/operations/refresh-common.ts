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
  deviceKey?: string,
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
      checkRefreshDevice(state, found.record, deviceKey);
      return { record: found.record, user };
    }
  }
}

/**
 * A sign-in made on a tracked device refreshes only with that device's key,
 * and only once the device is confirmed (ConfirmDevice): otherwise Cognito
 * answers "Invalid Refresh Token." (a missing DEVICE_KEY or an unconfirmed
 * device are known causes). A sign-in without a device ignores the key, as before.
 * A device the sandbox no longer knows (it keeps devices in memory only, so a
 * restart forgets them) is accepted when the key matches.
 */
function checkRefreshDevice(state: SandboxState, record: RefreshTokenRecord, deviceKey: string | undefined): void {
  const expected = record.session.deviceKey;
  if (expected === undefined) return;
  const device = state.signIn.devices.get(expected);
  if (deviceKey !== expected || (device !== undefined && !device.confirmed)) {
    throw new CognitoError('NotAuthorizedException', messages.invalidRefreshToken);
  }
}
