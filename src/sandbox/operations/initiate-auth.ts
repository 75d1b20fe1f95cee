// InitiateAuth: USER_PASSWORD_AUTH, USER_SRP_AUTH (PASSWORD_VERIFIER) and
// USER_AUTH (choice-based) sign in, possibly through challenges answered with
// RespondToAuthChallenge (sign-in/flow.ts); REFRESH_TOKEN_AUTH (alias
// REFRESH_TOKEN) renews ID and access tokens and never returns a refresh token.

import { requireSecretHash } from '../client-auth';
import type { AppClientConfig } from '../config';
import { CognitoError, messages } from '../errors';
import { CLIENT_ID_FIELD, validateRequest } from '../request-validation';
import { rotates, type ClientRuntime, type SandboxState } from '../state';
import { resolveRefreshToken } from './refresh-common';
import { userAuth } from '../sign-in/user-auth';
import { checkDeviceKey, continueSignIn, findUser, requireParam, srpParams, startPasswordSrp, startSimulatedSrp, challengeResponse } from '../sign-in/flow';
import type { OperationHandler } from './types';

/** AuthFlowType (SDK: dist-types/models/enums.d.ts). */
export const AUTH_FLOWS = [
  'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH',
] as const;

const SPEC = {
  AuthFlow: { kind: 'string', required: true, enum: AUTH_FLOWS },
  ClientId: CLIENT_ID_FIELD,
  AuthParameters: { kind: 'stringMap' },
  ClientMetadata: { kind: 'stringMap' },
  AnalyticsMetadata: { kind: 'any' },
  UserContextData: { kind: 'any' },
  Session: { kind: 'any' },
} as const;

export const initiateAuth: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const flow = input.AuthFlow === 'REFRESH_TOKEN' ? 'REFRESH_TOKEN_AUTH' : input.AuthFlow;
  const client = state.client(input.ClientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', messages.clientNotFound(input.ClientId));
  const params = input.AuthParameters ?? {};

  if (flow === 'ADMIN_NO_SRP_AUTH' || flow === 'ADMIN_USER_PASSWORD_AUTH') {
    // Admin flows belong to AdminInitiateAuth.
    throw new CognitoError('InvalidParameterException', 'Initiate Auth method not supported.');
  }
  if (!flowEnabled(client.config, flow)) throw new CognitoError('InvalidParameterException', messages.flowNotEnabled(flow));

  if (flow === 'USER_PASSWORD_AUTH') return passwordAuth(state, client, params);
  if (flow === 'REFRESH_TOKEN_AUTH') return refreshAuth(state, client, params);
  if (flow === 'USER_SRP_AUTH') return srpAuth(state, client, params);
  if (flow === 'USER_AUTH') return userAuth(state, client, params);
  throw new CognitoError('InvalidParameterException', `The Cognito sandbox does not implement ${flow}; use USER_PASSWORD_AUTH, USER_SRP_AUTH or USER_AUTH.`);
};

/**
 * Whether ExplicitAuthFlows enables `flow`. Clients with legacy values never
 * gated the refresh flow. A rotating client cannot use REFRESH_TOKEN_AUTH
 * (developer guide, "Refresh tokens"); which exception Cognito raises then is
 * unverified. The sandbox assumes the flow-not-enabled InvalidParameterException,
 * because Cognito makes you remove ALLOW_REFRESH_TOKEN_AUTH to enable rotation.
 */
function flowEnabled(client: AppClientConfig, flow: string): boolean {
  if (flow === 'REFRESH_TOKEN_AUTH' && rotates(client)) return false;
  const flows: readonly string[] = client.explicitAuthFlows;
  const legacy = flows.length > 0 && flows.every((f) => !f.startsWith('ALLOW_'));
  if (!legacy) return flows.includes(`ALLOW_${flow}`);
  switch (flow) {
    case 'USER_PASSWORD_AUTH': return flows.includes('USER_PASSWORD_AUTH');
    case 'REFRESH_TOKEN_AUTH': return true;
    case 'CUSTOM_AUTH': return true;
    case 'USER_SRP_AUTH': return !flows.includes('CUSTOM_AUTH_FLOW_ONLY');
    default: return false;
  }
}

function passwordAuth(state: SandboxState, client: ClientRuntime, params: Record<string, string>): Record<string, unknown> {
  const username = requireParam(params, 'USERNAME');
  const password = requireParam(params, 'PASSWORD');
  // The hash is over the name as the user typed it (an email, for an email pool).
  requireSecretHash(client.config, params.SECRET_HASH, [username]);
  const user = findUser(client, username);
  const pool = client.pool.config;
  if (!state.signIn.passwordMatches(pool, user, password)) throw new CognitoError('NotAuthorizedException', messages.incorrectCredentials);
  checkDeviceKey(state, pool, user, params.DEVICE_KEY);
  return continueSignIn(state, client, user, {
    poolId: pool.id, clientId: client.config.clientId, username: user.username, signInName: username, deviceKey: params.DEVICE_KEY,
  });
}

/**
 * USER_SRP_AUTH: USERNAME and SRP_A -> PASSWORD_VERIFIER with SALT, SRP_B,
 * SECRET_BLOCK, USER_ID_FOR_SRP (the internal user name, which the client
 * must hash the password with) and USERNAME. Like Cognito, no Session: the
 * secret block ties the answer to this exchange. DEVICE_KEY is checked when
 * the PASSWORD_VERIFIER answer brings it. An unknown user gets a simulated
 * PASSWORD_VERIFIER unless the client has PreventUserExistenceErrors LEGACY.
 */
function srpAuth(state: SandboxState, client: ClientRuntime, params: Record<string, string>): Record<string, unknown> {
  const username = requireParam(params, 'USERNAME');
  const srpA = requireParam(params, 'SRP_A');
  requireSecretHash(client.config, params.SECRET_HASH, [username]);
  if (!client.pool.userForSignIn(username) && client.config.preventUserExistenceErrors !== false) {
    const simulated = startSimulatedSrp(state, client, username, srpA);
    return challengeResponse(simulated, srpParams(simulated), { withSession: false });
  }
  const user = findUser(client, username);
  const pool = client.pool.config;
  const record = startPasswordSrp(state, {
    poolId: pool.id, clientId: client.config.clientId, username: user.username, signInName: username,
  }, srpA, state.signIn.credential(pool, user));
  return challengeResponse(record, srpParams(record), { withSession: false });
}

function refreshAuth(state: SandboxState, client: ClientRuntime, params: Record<string, string>): Record<string, unknown> {
  const token = requireParam(params, 'REFRESH_TOKEN');
  // DEVICE_KEY: a sign-in on a tracked device must send its key (refresh-common.ts).
  // A missing SECRET_HASH is reported before the token is looked at.
  if (client.config.clientSecret !== null && params.SECRET_HASH === undefined) {
    throw new CognitoError('NotAuthorizedException', messages.secretNotReceived(client.config.clientId));
  }
  const { record, user } = resolveRefreshToken(state, client, token, params.DEVICE_KEY);
  // For refresh, the hash must be over Cognito's internal user name
  // (cognito:username, which is the sub in email-as-username pools), not the
  // email the user typed at sign-in. The sandbox accepts the internal name or the sub.
  requireSecretHash(client.config, params.SECRET_HASH, [user.username, user.sub]);
  return { AuthenticationResult: state.issueTokens(client, record.session, user), ChallengeParameters: {} };
}

