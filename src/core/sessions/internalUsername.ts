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

/** Longest name `userNameFromIdToken` returns (a label, not a place for a claim's whole text). */
const MAX_DISPLAY_NAME = 128;

/**
 * The name a person knows the signed-in user by, read from an ID token without verifying it:
 * `email`, else `preferred_username`, else the internal username (a UUID in pools that sign in
 * by email). For labels only; control characters removed, at most 128 characters.
 */
export function userNameFromIdToken(idToken: string): string | undefined {
  const payload = decodePayload(idToken);
  if (!payload) return undefined;
  for (const claim of ['email', 'preferred_username']) {
    const v = payload[claim];
    if (typeof v !== 'string') continue;
    // eslint-disable-next-line no-control-regex
    const clean = v.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').trim().slice(0, MAX_DISPLAY_NAME);
    if (clean.length > 0) return clean;
  }
  return internalUsernameFromIdToken(idToken);
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
