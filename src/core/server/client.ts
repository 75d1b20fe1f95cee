/**
 * SDK clients for the server view. The user operations (ListUserSessions, GetUser, ...) need only
 * the access token; the configuration operations need AWS credentials, taken from the SDK's
 * default chain or a named profile. The extension never stores credentials: `credentials` is for
 * callers that hold them in memory (tests, the sandbox's demo key).
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadSdk } from '../refresh/sdkClient';

export interface ServerClientTarget {
  readonly region: string;
  /** Endpoint override (the sandbox, an emulator); the regional AWS endpoint when absent. */
  readonly endpoint?: string;
  /** A named profile from ~/.aws/config or ~/.aws/credentials; the default chain when absent. */
  readonly profile?: string;
  /** Explicit credentials held in memory by the caller; never stored here. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Milliseconds to wait for a response. Default 15 000. */
  readonly requestTimeoutMs?: number;
}

/**
 * A client for the server operations. `maxAttempts: 2`: every operation here is a read or is
 * idempotent (revoking a revoked session, signing out twice), so one SDK retry is safe, unlike
 * a refresh. Credentials are resolved by the SDK only when an operation that needs them is sent.
 */
export async function createServerClient(target: ServerClientTarget): Promise<CognitoIdentityProviderClient> {
  const { CognitoIdentityProviderClient } = await loadSdk();
  return new CognitoIdentityProviderClient({
    region: target.region,
    ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
    ...(target.profile !== undefined && target.profile !== '' ? { profile: target.profile } : {}),
    ...(target.credentials !== undefined ? { credentials: { ...target.credentials } } : {}),
    maxAttempts: 2,
    requestHandler: {
      requestTimeout: target.requestTimeoutMs ?? 15_000,
      throwOnRequestTimeout: true,
      connectionTimeout: 5_000,
    },
  });
}
