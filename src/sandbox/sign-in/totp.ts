// RFC 6238 TOTP as Cognito's software-token MFA uses it: HMAC-SHA1, 30-second
// steps, 6 digits, secrets in RFC 4648 base32 (AssociateSoftwareToken's
// SecretCode). The sandbox accepts the current step and one step either side.

import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_SECONDS = 30;

export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive, '=' padding and spaces ignored); undefined for any other character. */
export function base32Decode(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.toUpperCase()) {
    if (ch === '=' || ch === ' ') continue;
    const index = ALPHABET.indexOf(ch);
    if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new secret: 20 random bytes, 32 base32 characters (the length Cognito's SecretCode has). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The 6-digit code of a step (RFC 4226 dynamic truncation). */
export function hotp(secret: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1_000_000).padStart(6, '0');
}

export function totpAt(secretBase32: string, ms: number): string {
  const secret = base32Decode(secretBase32);
  if (!secret) throw new Error('TOTP secret is not base32');
  return hotp(secret, Math.floor(ms / 1000 / TOTP_STEP_SECONDS));
}

/** Whether `code` is the code of the step at `ms` or of the step before or after it. */
export function totpMatches(secretBase32: string, code: string, ms: number): boolean {
  const secret = base32Decode(secretBase32);
  if (!secret || !/^\d{6}$/.test(code)) return false;
  const step = Math.floor(ms / 1000 / TOTP_STEP_SECONDS);
  return [step - 1, step, step + 1].some((s) => s >= 0 && hotp(secret, s) === code);
}
