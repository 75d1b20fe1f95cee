import { createHmac } from 'node:crypto';

/**
 * SECRET_HASH = Base64(HMAC_SHA256(key = client secret, message = username + clientId)).
 * For REFRESH_TOKEN_AUTH the username is Cognito's internal username (the
 * `sub` / `cognito:username`), not the email typed at sign-in.
 */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId, 'utf8').digest('base64');
}
