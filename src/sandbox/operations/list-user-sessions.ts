// ListUserSessions: the caller's active token sessions across every app client
// of the pool and its SSO sessions (managed login's session cookies,
// sessions/sso.ts), with its own marked IsCurrentSession; paginated with NextToken.
//
// With UserSessionTracking DISABLED (the default) the model does not say what
// Cognito answers; the sandbox answers an empty list (no sessions are tracked).

import { CognitoError } from '../errors';
import { validateRequest } from '../request-validation';
import { authenticateAccessToken } from '../sessions/access-token';
import { ACCESS_TOKEN_FIELD, NEXT_TOKEN_FIELD } from '../sessions/fields';
import { describeListed, listedSessions, pageOf, pageSizeOf, trackingEnabled } from '../sessions/tracking';
import type { OperationHandler } from './types';

const SPEC = { AccessToken: ACCESS_TOKEN_FIELD, NextToken: NEXT_TOKEN_FIELD } as const;

export const listUserSessions: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const caller = authenticateAccessToken(state, input.AccessToken);
  const pool = caller.pool.config;
  if (!trackingEnabled(pool)) {
    if (input.NextToken !== undefined) throw new CognitoError('InvalidParameterException', 'Invalid pagination token.');
    return { Sessions: [] };
  }
  const all = listedSessions(state.store, state.sso, pool, caller.user.username, state.now());
  const { page, nextToken } = pageOf(all, input.NextToken, pageSizeOf(pool));
  return { Sessions: page.map((s) => describeListed(s, caller.originJti)), ...(nextToken ? { NextToken: nextToken } : {}) };
};
