// GetTokensFromRefreshToken: new ID and access tokens from a refresh token, and
// a new refresh token when the app client rotates them.

import { requireClientSecret } from '../client-auth';
import { CognitoError, messages } from '../errors';
import { CLIENT_ID_FIELD, CLIENT_SECRET_FIELD, TOKEN_FIELD, validateRequest } from '../request-validation';
import { rotates } from '../state';
import { resolveRefreshToken } from './refresh-common';
import type { OperationHandler } from './types';

const SPEC = {
  RefreshToken: TOKEN_FIELD,
  ClientId: CLIENT_ID_FIELD,
  ClientSecret: CLIENT_SECRET_FIELD,
  // Must name the sign-in's device when it was made on a tracked device (refresh-common.ts).
  DeviceKey: { kind: 'string' },
  // Only reaches the pre-token-generation Lambda in Cognito: accepted, ignored.
  ClientMetadata: { kind: 'stringMap' },
} as const;

export const getTokensFromRefreshToken: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const client = state.client(input.ClientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', messages.clientNotFound(input.ClientId));
  requireClientSecret(client.config, input.ClientSecret);
  const { record, user } = resolveRefreshToken(state, client, input.RefreshToken, input.DeviceKey);
  const tokens = state.issueTokens(client, record.session, user);
  if (!rotates(client.config)) return { AuthenticationResult: tokens };
  // Rotation: every success, including a retry of a rotated-out token within its
  // grace period, returns a new refresh token. The presented one stays usable
  // until its grace period (counted from its first rotation) ends.
  const next = state.store.rotate(record, state.now());
  return { AuthenticationResult: { ...tokens, RefreshToken: next.token } };
};
