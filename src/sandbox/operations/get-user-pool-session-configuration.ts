// GetUserPoolSessionConfiguration: session tracking (DISABLED by default) and
// MaxPerUser (default 20), for IAM callers.

import { validateRequest } from '../request-validation';
import { USER_POOL_ID_FIELD } from '../sessions/fields';
import { poolArn, requireIamPermission } from '../sessions/iam';
import { DEFAULT_MAX_SESSIONS_PER_USER } from '../sessions/tracking';
import { requirePool } from './describe-user-pool';
import type { OperationHandler } from './types';

const SPEC = { UserPoolId: USER_POOL_ID_FIELD } as const;

export const getUserPoolSessionConfiguration: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  requireIamPermission(state, 'GetUserPoolSessionConfiguration', poolArn(state, input.UserPoolId));
  const pool = requirePool(state, input.UserPoolId).config;
  return {
    UserPoolId: pool.id,
    UserSessionTracking: pool.userSessionTracking ?? 'DISABLED',
    TokenSession: { MaxPerUser: pool.maxSessionsPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER },
  };
};
