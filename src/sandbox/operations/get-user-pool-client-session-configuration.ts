// GetUserPoolClientSessionConfiguration: the app client's SSO session maximum
// validity (60 minutes when never set), for IAM callers.

import { CognitoError, messages } from '../errors';
import { CLIENT_ID_FIELD, validateRequest } from '../request-validation';
import { USER_POOL_ID_FIELD } from '../sessions/fields';
import { poolArn, requireIamPermission } from '../sessions/iam';
import { requirePool } from './describe-user-pool';
import type { OperationHandler } from './types';

const SPEC = { UserPoolId: USER_POOL_ID_FIELD, ClientId: CLIENT_ID_FIELD } as const;
const DEFAULT_SSO_MINUTES = 60;

export const getUserPoolClientSessionConfiguration: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  requireIamPermission(state, 'GetUserPoolClientSessionConfiguration', poolArn(state, input.UserPoolId));
  const pool = requirePool(state, input.UserPoolId);
  const client = pool.config.clients.find((c) => c.clientId === input.ClientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', messages.clientNotFound(input.ClientId));
  return { UserPoolId: pool.config.id, ClientId: client.clientId, SSOSession: { MaxValidityMinutes: client.ssoSessionMaxValidityMinutes ?? DEFAULT_SSO_MINUTES } };
};
