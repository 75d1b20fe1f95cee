// Creating AWS SDK clients, lazily: the SDK is imported on the first network
// call, not when the extension activates. In the extension this import() is the
// one way into dist/sdk.js (scripts/build.mjs), and the file it requires shows in
// selfTest.lazyModulesLoaded(); keep every value import of the SDK dynamic (a
// static one is required as soon as its module loads).

import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

export type CognitoSdk = typeof import('@aws-sdk/client-cognito-identity-provider');

let sdk: Promise<CognitoSdk> | undefined;

/** The SDK module, imported once on first use. */
export function loadSdk(): Promise<CognitoSdk> {
  sdk ??= import('@aws-sdk/client-cognito-identity-provider');
  return sdk;
}

export interface ClientTarget {
  readonly region: string;
  /** Endpoint override (an emulator, the sandbox). */
  readonly endpoint?: string;
}

/** Creates the client the refresh service talks to; inject one to configure the SDK differently. */
export type CognitoClientFactory = (target: ClientTarget) => Promise<CognitoIdentityProviderClient>;

export interface SdkClientOptions {
  /** Milliseconds to wait for a response once connected. Default 15 000. */
  readonly requestTimeoutMs?: number;
  /** Milliseconds to wait for the TCP/TLS connection. Default 5 000. */
  readonly connectionTimeoutMs?: number;
}

/**
 * The default factory: a real `CognitoIdentityProviderClient`.
 *
 * `maxAttempts: 1` turns off the SDK's own retries. Its standard strategy
 * re-sends on connection resets and timeouts, which re-sends the same refresh
 * token after a response that may have rotated it; the refresh service makes
 * that decision itself, grace-period-aware, and records it in history.
 *
 * `requestTimeout` bounds the whole exchange (and really throws, see below);
 * a timeout after sending is treated as a possibly lost response.
 *
 * No credentials are configured: GetTokensFromRefreshToken, InitiateAuth and
 * RevokeToken are unauthenticated operations in the SDK model (an early SDK,
 * 3.794.0, signed GetTokensFromRefreshToken anyway: aws/aws-sdk-js-v3#7030).
 */
export function sdkClientFactory(options: SdkClientOptions = {}): CognitoClientFactory {
  return async ({ region, endpoint }) => {
    const { CognitoIdentityProviderClient } = await loadSdk();
    return new CognitoIdentityProviderClient({
      region,
      ...(endpoint !== undefined ? { endpoint } : {}),
      maxAttempts: 1,
      requestHandler: {
        requestTimeout: options.requestTimeoutMs ?? 15_000,
        // Without this, @smithy/node-http-handler 4.x only logs a warning when
        // requestTimeout passes and keeps waiting.
        throwOnRequestTimeout: true,
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      },
    });
  };
}
