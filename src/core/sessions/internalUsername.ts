// Cognito's internal username, read from an ID token without verifying it.
//
// SECRET_HASH for REFRESH_TOKEN_AUTH is computed over the internal username
// (`cognito:username`, which is the `sub` UUID in pools that sign in by email
// or alias), not over what the user typed at sign-in; using the email is the
// most common cause of "Unable to verify secret hash for client <id>"
// (cognito-facts.md, InitiateAuth REFRESH_TOKEN_AUTH). No signature check is
// needed: a wrong value only makes Cognito reject the hash, which is explained.

export function internalUsernameFromIdToken(idToken: string): string | undefined {
  const payload = decodePayload(idToken);
  if (!payload) return undefined;
  const username = payload['cognito:username'];
  if (typeof username === 'string' && username.length > 0) return username;
  const sub = payload['sub'];
  return typeof sub === 'string' && sub.length > 0 ? sub : undefined;
}

function decodePayload(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
