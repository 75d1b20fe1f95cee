// SRP-6a as Amazon Cognito user pools speak it (USER_SRP_AUTH / PASSWORD_VERIFIER, and
// DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER for remembered devices), with BigInt and node:crypto.
//
// Cognito's parameters: the RFC 5054 / RFC 3526 3072-bit group, g = 2, k = H(PAD(N) | PAD(g)),
// u = H(PAD(A) | PAD(B)), x = H(PAD(salt) | H(poolName | userId | ":" | password)),
// S = (B - k * g^x) ^ (a + u * x) mod N, the 16-byte key = HKDF-SHA256(ikm = PAD(S), salt = PAD(u),
// info = "Caldera Derived Key" | 0x01), and PASSWORD_CLAIM_SIGNATURE = Base64(HMAC-SHA256(key,
// poolName | userIdForSrp | SECRET_BLOCK bytes | timestamp)). PAD is the hex of Java's
// BigInteger.toByteArray(): even length, a leading 00 when the top bit is set.
//
// The password, a, x, S and the key never leave this module except the key as a Buffer to
// the signature; nothing here logs.

import { createHash, createHmac, randomBytes } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

/** The RFC 5054 3072-bit prime. */
export const SRP_N = BigInt(`0x${N_HEX}`);
export const SRP_G = 2n;
const INFO = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);

/** Hex of a non-negative integer as Java's BigInteger.toByteArray() encodes it (Cognito's PAD). */
export function padHex(value: bigint): string {
  if (value < 0n) throw new RangeError('padHex takes a non-negative integer');
  let hex = value.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  // A first nibble of 8..f would read as negative in two's complement.
  const first = hex.charCodeAt(0);
  if ((first >= 0x38 && first <= 0x39) || (first >= 0x61 && first <= 0x66)) hex = `00${hex}`;
  return hex;
}

function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, 'hex'));
}

function bigFromHex(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

/** k = H(PAD(N) | PAD(g)). */
export const SRP_K = bigFromHex(hexHash(padHex(SRP_N) + padHex(SRP_G)));

/** base^exponent mod modulus for non-negative operands (square and multiply). */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
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

/** Parses a hex parameter Cognito sent (SRP_B, SALT); throws on anything but hex digits. */
export function parseHexParameter(name: string, value: string | undefined): bigint {
  if (value === undefined || value.length === 0 || value.length > 2048 || !isHex(value)) {
    throw new SrpError(`Cognito's ${name} is not a hexadecimal number.`);
  }
  return bigFromHex(value);
}

function isHex(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const digit = c >= 0x30 && c <= 0x39;
    const lower = c >= 0x61 && c <= 0x66;
    const upper = c >= 0x41 && c <= 0x46;
    if (!digit && !lower && !upper) return false;
  }
  return true;
}

export class SrpError extends Error {
  override readonly name = 'SrpError';
}

/** The client's ephemeral pair. `a` is secret; `A` is sent as SRP_A. */
export interface SrpEphemeral {
  readonly a: bigint;
  readonly A: bigint;
}

/**
 * A new ephemeral pair: a is 128 random bytes (as amazon-cognito-identity-js and Amplify
 * draw it), A = g^a mod N. `a` can be given for tests against another implementation.
 */
export function createEphemeral(a?: bigint): SrpEphemeral {
  for (;;) {
    const small = a ?? bigFromHex(randomBytes(128).toString('hex'));
    const A = modPow(SRP_G, small, SRP_N);
    if (A % SRP_N !== 0n) return { a: small, A };
    if (a !== undefined) throw new SrpError('A mod N is 0.');
  }
}

/** SRP_A as sent to Cognito: A in hex (not padded, as the AWS clients send it). */
export function srpAHex(ephemeral: SrpEphemeral): string {
  return ephemeral.A.toString(16);
}

/** u = H(PAD(A) | PAD(B)). */
export function computeU(A: bigint, B: bigint): bigint {
  return bigFromHex(hexHash(padHex(A) + padHex(B)));
}

/** HKDF-SHA256 with one block of output, truncated to 16 bytes (Cognito's "Caldera Derived Key"). */
export function hkdf16(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk).update(INFO).digest().subarray(0, 16);
}

export interface PasswordKeyInput {
  /**
   * For a user: the pool name (the part of the pool id after "_"). For a device: the
   * device group key.
   */
  readonly poolName: string;
  /** For a user: USER_ID_FOR_SRP from Cognito's challenge. For a device: the device key. */
  readonly userId: string;
  /** The user's password, or the device password. */
  readonly password: string;
  readonly ephemeral: SrpEphemeral;
  /** SRP_B and SALT from the challenge parameters. */
  readonly B: bigint;
  readonly salt: bigint;
}

/** The 16-byte key the PASSWORD_CLAIM_SIGNATURE is made with. Throws SrpError on an unsafe B or u. */
export function passwordAuthenticationKey(input: PasswordKeyInput): Buffer {
  const { B, salt, ephemeral } = input;
  if (B % SRP_N === 0n) throw new SrpError('Cognito sent an SRP_B of 0 mod N.');
  const u = computeU(ephemeral.A, B);
  if (u === 0n) throw new SrpError('The SRP scrambling parameter u is 0.');
  const identityHash = sha256Hex(`${input.poolName}${input.userId}:${input.password}`);
  const x = bigFromHex(hexHash(padHex(salt) + identityHash));
  const gx = modPow(SRP_G, x, SRP_N);
  const base = (((B - SRP_K * gx) % SRP_N) + SRP_N) % SRP_N;
  const S = modPow(base, ephemeral.a + u * x, SRP_N);
  return hkdf16(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
}

/** PASSWORD_CLAIM_SIGNATURE = Base64(HMAC-SHA256(key, poolName | userId | secretBlock | timestamp)). */
export function passwordClaimSignature(key: Buffer, poolName: string, userId: string, secretBlockBase64: string, timestamp: string): string {
  return createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(poolName, 'utf8'),
        Buffer.from(userId, 'utf8'),
        Buffer.from(secretBlockBase64, 'base64'),
        Buffer.from(timestamp, 'utf8'),
      ]),
    )
    .digest('base64');
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Cognito's TIMESTAMP: "ddd MMM D HH:mm:ss UTC yyyy", the day of the month not zero-padded. */
export function cognitoTimestamp(at: Date): string {
  return (
    `${WEEKDAYS[at.getUTCDay()]} ${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()} ` +
    `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} UTC ${at.getUTCFullYear()}`
  );
}

/** The pool name SRP hashes with: the user pool id after its "<region>_" prefix. */
export function poolNameOf(userPoolId: string): string {
  const at = userPoolId.indexOf('_');
  return at >= 0 ? userPoolId.slice(at + 1) : userPoolId;
}

/** What ConfirmDevice takes (DeviceSecretVerifierConfig) and the secret the device keeps. */
export interface DeviceVerifier {
  /** 40 random bytes in Base64: the device's password for DEVICE_SRP_AUTH. A secret. */
  readonly devicePassword: string;
  /** Base64 of PAD(salt). */
  readonly salt: string;
  /** Base64 of PAD(g^x mod N), x = H(PAD(salt) | H(deviceGroupKey | deviceKey | ":" | devicePassword)). */
  readonly passwordVerifier: string;
}

/**
 * A new device verifier, as amazon-cognito-identity-js and Amplify make one. `random` gives
 * the 40 password bytes and the 16 salt bytes (tests).
 */
export function generateDeviceVerifier(
  deviceGroupKey: string,
  deviceKey: string,
  random: { readonly password?: Buffer; readonly salt?: Buffer } = {},
): DeviceVerifier {
  const devicePassword = (random.password ?? randomBytes(40)).toString('base64');
  const saltHex = padHex(bigFromHex((random.salt ?? randomBytes(16)).toString('hex')));
  const identityHash = sha256Hex(`${deviceGroupKey}${deviceKey}:${devicePassword}`);
  const x = bigFromHex(hexHash(saltHex + identityHash));
  const verifier = padHex(modPow(SRP_G, x, SRP_N));
  return {
    devicePassword,
    salt: Buffer.from(saltHex, 'hex').toString('base64'),
    passwordVerifier: Buffer.from(verifier, 'hex').toString('base64'),
  };
}
