// AdminListUserSessions: ListUserSessions for IAM callers, by user name;
// IsCurrentSession is always false (no access token names a session).

import { CognitoError } from '../errors';
import { validateRequest } from '../request-validation';
import { NEXT_TOKEN_FIELD, USER_POOL_ID_FIELD, USERNAME_FIELD } from '../sessions/fields';
import { poolArn, requireIamPermission } from '../sessions/iam';
import { describeListed, listedSessions, pageOf, pageSizeOf, trackingEnabled } from '../sessions/tracking';
import type { OperationHandler } from './types';
import { requirePool } from './describe-user-pool';

const SPEC = { UserPoolId: USER_POOL_ID_FIELD, Username: USERNAME_FIELD, NextToken: NEXT_TOKEN_FIELD } as const;

export const adminListUserSessions: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  requireIamPermission(state, 'AdminListUserSessions', poolArn(state, input.UserPoolId));
  const pool = requirePool(state, input.UserPoolId);
  const user = pool.userForSignIn(input.Username);
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  if (!trackingEnabled(pool.config)) {
    if (input.NextToken !== undefined) throw new CognitoError('InvalidParameterException', 'Invalid pagination token.');
    return { Sessions: [] };
  }
  const all = listedSessions(state.store, state.sso, pool.config, user.username, state.now());
  const { page, nextToken } = pageOf(all, input.NextToken, pageSizeOf(pool.config));
  return { Sessions: page.map((s) => describeListed(s, undefined)), ...(nextToken ? { NextToken: nextToken } : {}) };
};
