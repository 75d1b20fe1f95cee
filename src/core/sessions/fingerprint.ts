import { createHash } from 'node:crypto';

/** Hex characters kept: enough to tell tokens apart in a history, far too few to recover anything. */
const FINGERPRINT_LENGTH = 8;

/**
 * Fingerprints computed last, by secret: one refresh labels the same refresh token three times
 * (its history event, its outcome, what it publishes to other windows), and the next refresh
 * the same token again. A ring of MEMO_SIZE entries (the oldest is replaced), secrets of at most
 * MEMO_MAX_LENGTH characters; in memory only, never logged or exposed. Looked up with `===`,
 * not a Map: hashing a token read anew from the store costs as much as the SHA-256 it saves,
 * while comparing it with a few others stops at the length or the first differing character.
 */
const memoSecrets: string[] = [];
const memoValues: string[] = [];
let memoNext = 0;
const MEMO_SIZE = 16;
const MEMO_MAX_LENGTH = 16 * 1024;

/**
 * A short, stable, one-way label for a token or secret: the first 8 hex
 * characters of its SHA-256. This is what history, errors and logs show
 * instead of the token itself.
 */
export function fingerprint(secret: string): string {
  for (let i = 0; i < memoSecrets.length; i++) if (memoSecrets[i] === secret) return memoValues[i]!;
  const value = createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, FINGERPRINT_LENGTH);
  if (secret.length <= MEMO_MAX_LENGTH) {
    memoSecrets[memoNext] = secret;
    memoValues[memoNext] = value;
    memoNext = (memoNext + 1) % MEMO_SIZE;
  }
  return value;
}
