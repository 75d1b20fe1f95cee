import { getTokensFromRefreshToken } from './get-tokens-from-refresh-token';
import { initiateAuth } from './initiate-auth';
import { revokeToken } from './revoke-token';
import { respondToAuthChallenge } from './respond-to-auth-challenge';
import { associateSoftwareToken, verifySoftwareToken } from './software-token';
import { confirmDevice, updateDeviceStatus } from './devices';
import type { OperationHandler } from './types';
import { adminGetUser } from './admin-get-user';
import { adminListUserSessions } from './admin-list-user-sessions';
import { describeUserPool } from './describe-user-pool';
import { describeUserPoolClient } from './describe-user-pool-client';
import { getUser } from './get-user';
import { getUserPoolClientSessionConfiguration } from './get-user-pool-client-session-configuration';
import { getUserPoolSessionConfiguration } from './get-user-pool-session-configuration';
import { globalSignOut } from './global-sign-out';
import { listUserSessions } from './list-user-sessions';
import { revokeUserSession } from './revoke-user-session';

/** The Cognito operations the sandbox implements, by X-Amz-Target operation name. */
export const OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  InitiateAuth: initiateAuth,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
  RevokeToken: revokeToken,
  // Session tracking and the user (access-token authorized).
  ListUserSessions: listUserSessions,
  RevokeUserSession: revokeUserSession,
  GlobalSignOut: globalSignOut,
  GetUser: getUser,
  // IAM-authorized (sessions/iam.ts).
  DescribeUserPoolClient: describeUserPoolClient,
  DescribeUserPool: describeUserPool,
  GetUserPoolSessionConfiguration: getUserPoolSessionConfiguration,
  GetUserPoolClientSessionConfiguration: getUserPoolClientSessionConfiguration,
  AdminListUserSessions: adminListUserSessions,
  AdminGetUser: adminGetUser,
  RespondToAuthChallenge: respondToAuthChallenge,
  AssociateSoftwareToken: associateSoftwareToken,
  VerifySoftwareToken: verifySoftwareToken,
  ConfirmDevice: confirmDevice,
  UpdateDeviceStatus: updateDeviceStatus,
};
