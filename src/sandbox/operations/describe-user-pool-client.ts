// DescribeUserPoolClient: the app client's real sandbox configuration, for IAM
// callers: rotation and grace period, validities with their units, explicit
// auth flows, the client secret (Cognito returns it too), revocation,
// user-existence errors, managed login settings.

import type { AppClientConfig } from '../config';
import { CognitoError, messages } from '../errors';
import { CLIENT_ID_FIELD, validateRequest } from '../request-validation';
import { USER_POOL_ID_FIELD } from '../sessions/fields';
import { poolArn, requireIamPermission } from '../sessions/iam';
import { graceSecondsOf, rotates } from '../state';
import { requirePool } from './describe-user-pool';
import type { OperationHandler } from './types';

const SPEC = { UserPoolId: USER_POOL_ID_FIELD, ClientId: CLIENT_ID_FIELD } as const;

// The sandbox's defaults (state.ts), which are also Cognito's.
const DEFAULT_ACCESS_SECONDS = 3600;
const DEFAULT_ID_SECONDS = 3600;
const DEFAULT_REFRESH_SECONDS = 30 * 86400;

type Unit = 'seconds' | 'minutes' | 'hours' | 'days';

/** The largest unit that expresses `seconds` exactly (access and ID tokens at most in hours, as Cognito shows them). */
function withUnit(seconds: number, largest: Unit): { value: number; unit: Unit } {
  const units: [Unit, number][] = [['days', 86400], ['hours', 3600], ['minutes', 60], ['seconds', 1]];
  const start = units.findIndex(([u]) => u === largest);
  for (const [unit, size] of units.slice(start)) if (seconds % size === 0) return { value: seconds / size, unit };
  return { value: seconds, unit: 'seconds' };
}

export function describeClient(poolId: string, c: AppClientConfig): Record<string, unknown> {
  const access = withUnit(c.tokenValidity?.accessTokenSeconds ?? DEFAULT_ACCESS_SECONDS, 'minutes');
  const id = withUnit(c.tokenValidity?.idTokenSeconds ?? DEFAULT_ID_SECONDS, 'minutes');
  const refresh = withUnit(c.tokenValidity?.refreshTokenSeconds ?? DEFAULT_REFRESH_SECONDS, 'days');
  return {
    UserPoolId: poolId,
    ClientName: c.name,
    ClientId: c.clientId,
    ...(c.clientSecret === null ? {} : { ClientSecret: c.clientSecret }),
    RefreshTokenValidity: refresh.value,
    AccessTokenValidity: access.value,
    IdTokenValidity: id.value,
    TokenValidityUnits: { AccessToken: access.unit, IdToken: id.unit, RefreshToken: refresh.unit },
    ExplicitAuthFlows: [...c.explicitAuthFlows],
    SupportedIdentityProviders: c.supportedIdentityProviders ?? ['COGNITO'],
    ...(c.callbackURLs ? { CallbackURLs: [...c.callbackURLs] } : {}),
    ...(c.logoutURLs ? { LogoutURLs: [...c.logoutURLs] } : {}),
    ...(c.allowedOAuthFlows ? { AllowedOAuthFlows: [...c.allowedOAuthFlows] } : {}),
    ...(c.allowedOAuthScopes ? { AllowedOAuthScopes: [...c.allowedOAuthScopes] } : {}),
    AllowedOAuthFlowsUserPoolClient: c.allowedOAuthFlowsUserPoolClient ?? false,
    PreventUserExistenceErrors: c.preventUserExistenceErrors === false ? 'LEGACY' : 'ENABLED',
    EnableTokenRevocation: c.enableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: false,
    // Minutes a sign-in's Session string lasts (default 3).
    AuthSessionValidity: 3,
    RefreshTokenRotation: { Feature: rotates(c) ? 'ENABLED' : 'DISABLED', RetryGracePeriodSeconds: graceSecondsOf(c) },
  };
}

export const describeUserPoolClient: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  requireIamPermission(state, 'DescribeUserPoolClient', poolArn(state, input.UserPoolId));
  const pool = requirePool(state, input.UserPoolId);
  const client = pool.config.clients.find((c) => c.clientId === input.ClientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', messages.clientNotFound(input.ClientId));
  return { UserPoolClient: describeClient(pool.config.id, client) };
};
