import { createHash } from 'node:crypto';

/** Hex characters kept: enough to tell tokens apart in a history, far too few to recover anything. */
const FINGERPRINT_LENGTH = 8;

/**
 * Fingerprints computed last, by secret: one refresh labels the same refresh token three times
 * (its history event, its outcome, what it publishes to other windows), and the next refresh
 * the same token again. At most MEMO_SIZE entries (the oldest goes first), secrets of at most
 * MEMO_MAX_LENGTH characters; in memory only, never logged or exposed.
 */
const memo = new Map<string, string>();
const MEMO_SIZE = 16;
const MEMO_MAX_LENGTH = 16 * 1024;

/**
 * A short, stable, one-way label for a token or secret: the first 8 hex
 * characters of its SHA-256. This is what history, errors and logs show
 * instead of the token itself.
 */
export function fingerprint(secret: string): string {
  const known = memo.get(secret);
  if (known !== undefined) return known;
  const value = createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, FINGERPRINT_LENGTH);
  if (secret.length <= MEMO_MAX_LENGTH) {
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
    memo.set(secret, value);
  }
  return value;
}
