import { getTokensFromRefreshToken } from './get-tokens-from-refresh-token';
import { initiateAuth } from './initiate-auth';
import { revokeToken } from './revoke-token';
import type { OperationHandler } from './types';

/** The Cognito operations the sandbox implements, by X-Amz-Target operation name. */
export const OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  InitiateAuth: initiateAuth,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  RevokeToken: revokeToken,
};
