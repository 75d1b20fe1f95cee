import { createHash } from 'node:crypto';

/** Hex characters kept: enough to tell tokens apart in a history, far too few to recover anything. */
const FINGERPRINT_LENGTH = 8;

/**
 * A short, stable, one-way label for a token or secret: the first 8 hex
 * characters of its SHA-256. This is what history, errors and logs show
 * instead of the token itself.
 */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, FINGERPRINT_LENGTH);
}
