// GetUser: the caller's user name, attributes and MFA settings.

import { validateRequest } from '../request-validation';
import { authenticateAccessToken } from '../sessions/access-token';
import { ACCESS_TOKEN_FIELD } from '../sessions/fields';
import { userAttributes, userMfa } from '../sessions/users';
import type { OperationHandler } from './types';

const SPEC = { AccessToken: ACCESS_TOKEN_FIELD } as const;

export const getUser: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const { user } = authenticateAccessToken(state, input.AccessToken);
  return { Username: user.username, UserAttributes: userAttributes(user), ...userMfa(user) };
};
