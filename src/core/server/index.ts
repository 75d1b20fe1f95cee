/**
 * The server view: a session as Cognito sees it. The user's own sessions and user record (with
 * the access token), the app client's and pool's real configuration (with AWS credentials, never
 * stored), findings that read a session's failures against that configuration, and token
 * comparison. Plain TypeScript over the AWS SDK (imported lazily); no VS Code API.
 */
export { createServerClient, type ServerClientTarget } from './client';
export {
  adminGetUser,
  adminListUserSessions,
  ASSOCIATED_EXPLAINED,
  describeUserPool,
  describeUserPoolClient,
  getUser,
  getUserPoolClientSessionConfiguration,
  getUserPoolSessionConfiguration,
  GLOBAL_SIGN_OUT_EXPLAINED,
  globalSignOut,
  listUserSessions,
  MAX_PAGES,
  revokeUserSession,
  type ListSessionsOptions,
} from './operations';
export { explainServerFailure, parseAccessDenied, poolArnPattern, type FailureContext, type ServerFailure } from './failure';
export {
  explainConfiguration,
  VALIDITY_TOLERANCE_SECONDS,
  type ConfigExplainInput,
  type ConfigFinding,
  type ConfigFindingId,
  type FindingSeverity,
} from './configExplain';
export {
  compareTokens,
  type ComparedKind,
  type ComparedToken,
  type Finding,
  type FindingId,
  type HeaderChange,
  type TokenComparison,
} from './compare';
export { DEFAULT_SSO_MAX_VALIDITY_MINUTES, DEFAULT_VALIDITY, SIGN_IN_MATCH_SECONDS, type CurrentSessionHint } from './views';
export type {
  AttributeView,
  ClientConfigView,
  ClientSessionConfigView,
  CurrentBy,
  DeviceRemembering,
  MfaView,
  PoolConfigView,
  PoolSessionConfigView,
  ServerOperation,
  ServerResult,
  TokenValidityView,
  TrackingState,
  UserSessionView,
  UserSessionsView,
  UserView,
  ValidityUnit,
} from './types';
