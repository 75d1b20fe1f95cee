// The server side of Cognito's SRP-6a (USER_SRP_AUTH / PASSWORD_VERIFIER and
// device SRP), written with BigInt.
//
// Cognito's parameters: N is the 3072-bit MODP group of RFC 5054 (appendix A),
// g = 2, k = H(PAD(N) | PAD(g)), H = SHA-256. Byte-level details follow the
// reference client amazon-cognito-identity-js (lib/AuthenticationHelper.js),
// which is what Cognito accepts:
//   - numbers are hashed as "padded hex": even length, with a leading 00 when
//     the top bit is set (a positive two's-complement encoding);
//   - x = H(PAD(salt) | H(poolName | username | ":" | password)), where the
//     inner hash is over UTF-8 text and the outer one over the bytes of the hex
//     concatenation;
//   - u = H(PAD(A) | PAD(B)); S = (A * v^u)^b mod N;
//   - K = HKDF-SHA256(ikm = PAD(S), salt = PAD(u), info = "Caldera Derived Key"), 16 bytes;
//   - PASSWORD_CLAIM_SIGNATURE = Base64(HMAC-SHA256(K, poolName | userId | SECRET_BLOCK bytes | TIMESTAMP)).
// For devices, the "pool name" is the DeviceGroupKey and the user name the DeviceKey.
//
// Shares no code with src/core (the sandbox plays Cognito, the core its client).

import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const N_HEX = 'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD'
  + 'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED'
  + 'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F'
  + '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B'
  + 'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510'
  + '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7'
  + 'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C'
  + 'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;
export const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

/** Even-length hex with a leading "00" when the first nibble has its top bit set (non-negative values only). */
export function padHex(value: bigint): string {
  if (value < 0n) throw new Error('padHex takes non-negative values');
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return '89abcdef'.includes(hex[0]) ? `00${hex}` : hex;
}

/** SHA-256 as 64 hex digits. */
export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of the bytes a hex string spells. */
export function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, 'hex'));
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}

/** Parses a hex string from the wire (SRP_A); undefined when it is not hex. Linear: one pass over the characters. */
export function parseHex(text: string): bigint | undefined {
  if (text.length === 0 || text.length > 2048) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hex) return undefined;
  }
  return BigInt(`0x${text}`);
}

/** x = H(PAD(salt) | H(poolName | username | ":" | password)). */
export function privateKeyX(poolName: string, username: string, password: string, salt: bigint): bigint {
  const inner = sha256Hex(Buffer.from(`${poolName}${username}:${password}`, 'utf8'));
  return BigInt(`0x${hexHash(padHex(salt) + inner)}`);
}

/** A new random salt (16 bytes, as the reference client makes for devices) and the verifier g^x for a password. */
export function makeVerifier(poolName: string, username: string, password: string, salt = BigInt(`0x${randomBytes(16).toString('hex')}`)): { salt: bigint; verifier: bigint } {
  return { salt, verifier: modPow(g, privateKeyX(poolName, username, password, salt), N) };
}

/** The server's half of one SRP exchange. */
export interface ServerSrp {
  b: bigint;
  B: bigint;
}

export function serverStart(verifier: bigint): ServerSrp {
  for (;;) {
    const b = BigInt(`0x${randomBytes(32).toString('hex')}`);
    const B = (k * verifier + modPow(g, b, N)) % N;
    if (B !== 0n) return { b, B };
  }
}

/**
 * The 16-byte key both sides derive, or undefined when A is unusable
 * (A mod N = 0, or u = 0: SRP-6a's safeguards).
 */
export function serverKey(A: bigint, exchange: ServerSrp, verifier: bigint): Buffer | undefined {
  if (A % N === 0n) return undefined;
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(exchange.B))}`);
  if (u === 0n) return undefined;
  const S = modPow(A * modPow(verifier, u, N), exchange.b, N);
  return Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), Buffer.from('Caldera Derived Key', 'utf8'), 16));
}

/** Base64(HMAC-SHA256(K, poolName | userId | secretBlock | timestamp)). */
export function claimSignature(key: Buffer, poolName: string, userId: string, secretBlockBase64: string, timestamp: string): string {
  return createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(userId, 'utf8'), Buffer.from(secretBlockBase64, 'base64'), Buffer.from(timestamp, 'utf8')]))
    .digest('base64');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Parses Cognito's TIMESTAMP ("Tue Dec 1 22:59:01 UTC 2026": weekday, month,
 * day without a leading zero, 24-hour time, "UTC", year) to ms since the
 * epoch, or undefined when it is not in that form. Split on single spaces, no
 * regular expression over the whole input.
 */
export function parseCognitoTimestamp(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const parts = text.split(' ');
  if (parts.length !== 6 || parts[4] !== 'UTC') return undefined;
  const [weekday, monthName, dayText, time, , yearText] = parts;
  const month = MONTHS.indexOf(monthName);
  if (month < 0 || !WEEKDAYS.includes(weekday)) return undefined;
  if (!/^[1-9]\d?$/.test(dayText) || !/^\d{4}$/.test(yearText)) return undefined;
  const hms = time.split(':');
  if (hms.length !== 3 || !hms.every((p) => /^\d\d$/.test(p))) return undefined;
  const [h, m, s] = hms.map(Number);
  if (h > 23 || m > 59 || s > 59) return undefined;
  const at = Date.UTC(Number(yearText), month, Number(dayText), h, m, s);
  const date = new Date(at);
  if (date.getUTCDate() !== Number(dayText) || WEEKDAYS[date.getUTCDay()] !== weekday) return undefined;
  return at;
}

/** The TIMESTAMP string for a time, as the reference client writes it. */
export function formatCognitoTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
