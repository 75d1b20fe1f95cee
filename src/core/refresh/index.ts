export { DEFAULT_UNSAVED_HOLD_MS, RefreshService, type RefreshCallOptions, type RefreshServiceOptions } from './refreshService';
export type {
  RefreshCancelled,
  RefreshFailure,
  RefreshFailureReason,
  RefreshOutcome,
  RefreshSkipped,
  RefreshSuccess,
  RefreshWarning,
  RevokeOutcome,
} from './outcome';
export { sdkClientFactory, loadSdk, type ClientTarget, type CognitoClientFactory, type SdkClientOptions } from './sdkClient';
export { secretHash } from './secretHash';
export { DEFAULT_RETRY_POLICY, type RetryPolicyOptions } from './retryPolicy';
export { signInWithPassword, type PasswordSignInInput, type PasswordSignInOutcome } from './signIn';
export { FileCoordinator, LocalCoordinator, LEASE_TTL_MS, type Coordinator, type Lease, type LeaseUnavailable, type Published } from './coordination';
export {
  MAX_TOKEN_RESPONSE_BYTES,
  MissingOAuthDomainError,
  OAuthEndpointError,
  tokenEndpointRefresh,
  tokenEndpointRevoke,
  type TokenEndpointCallOptions,
  type TokenEndpointTarget,
} from './tokenEndpoint';
