// AdminGetUser: a user by name (or by an alias the pool signs in with), for IAM callers.

import { CognitoError } from '../errors';
import { validateRequest } from '../request-validation';
import { USER_POOL_ID_FIELD, USERNAME_FIELD } from '../sessions/fields';
import { poolArn, requireIamPermission } from '../sessions/iam';
import { userAttributes, userMfa, userStatus } from '../sessions/users';
import { requirePool } from './describe-user-pool';
import type { OperationHandler } from './types';

const SPEC = { UserPoolId: USER_POOL_ID_FIELD, Username: USERNAME_FIELD } as const;

export const adminGetUser: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  requireIamPermission(state, 'AdminGetUser', poolArn(state, input.UserPoolId));
  const pool = requirePool(state, input.UserPoolId);
  const user = pool.userForSignIn(input.Username);
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  // UserCreateDate / UserLastModifiedDate: the config has no dates; left out.
  return {
    Username: user.username,
    UserAttributes: userAttributes(user),
    Enabled: true,
    UserStatus: userStatus(user),
    ...userMfa(user),
  };
};
