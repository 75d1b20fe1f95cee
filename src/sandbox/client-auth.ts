// Authenticating the app client: the raw client secret (GetTokensFromRefreshToken,
// RevokeToken) or the SECRET_HASH auth parameter (InitiateAuth).

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AppClientConfig } from './config';
import { CognitoError, messages } from './errors';

/**
 * SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + client id))
 * (developer guide, "Computing secret hash values").
 */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

/** Checks a raw ClientSecret. A public client ignores one it is sent. */
export function requireClientSecret(client: AppClientConfig, provided: string | undefined): void {
  if (client.clientSecret === null) return;
  if (provided === undefined) throw new CognitoError('NotAuthorizedException', messages.secretNotReceived(client.clientId));
  // Unverified: Cognito's text for a wrong raw secret is undocumented; the
  // SECRET_HASH message is the closest known one.
  if (!sameSecret(provided, client.clientSecret)) throw new CognitoError('NotAuthorizedException', messages.secretMismatch(client.clientId));
}

/**
 * Checks a SECRET_HASH computed over one of `acceptedUsernames`. A public
 * client ignores a SECRET_HASH it is sent.
 */
export function requireSecretHash(client: AppClientConfig, provided: string | undefined, acceptedUsernames: string[]): void {
  if (client.clientSecret === null) return;
  if (provided === undefined) throw new CognitoError('NotAuthorizedException', messages.secretNotReceived(client.clientId));
  const secret = client.clientSecret;
  const ok = acceptedUsernames.some((name) => sameSecret(provided, secretHash(secret, name, client.clientId)));
  if (!ok) throw new CognitoError('NotAuthorizedException', messages.secretMismatch(client.clientId));
}

/** Constant-time comparison of two strings of any length. */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
