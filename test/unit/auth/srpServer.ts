// The server half of Cognito's SRP-6a, written for tests only from the protocol description
// (RFC 5054 with Cognito's hashing), sharing nothing with src/core/auth/srp.ts but the
// published constants: it computes S from the verifier, S = (A * v^u)^b mod N, which the
// client side never does, so a key both sides agree on proves the client math.

import { createHash, createHmac, randomBytes } from 'node:crypto';

const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);
const g = 2n;

function pad(n: bigint): Buffer {
  // Java BigInteger.toByteArray(): minimal bytes plus a sign byte when the top bit is set.
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const buf = Buffer.from(hex, 'hex');
  return (buf[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), buf]) : buf;
}
function H(...parts: (Buffer | string)[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}
function int(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt('0x' + buf.toString('hex'));
}
function pow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}
const k = int(H(pad(N), pad(g)));

export interface TestVerifier {
  readonly salt: bigint;
  readonly verifier: bigint;
}

/** What Cognito stores for a user: salt and v = g^x. */
export function makeVerifier(poolName: string, userId: string, password: string, saltBytes = randomBytes(16)): TestVerifier {
  const salt = int(saltBytes);
  const x = int(H(pad(salt), H(`${poolName}${userId}:${password}`)));
  return { salt, verifier: pow(g, x, N) };
}

/** From a device's DeviceSecretVerifierConfig (Base64 salt and verifier). */
export function verifierFromConfig(saltBase64: string, verifierBase64: string): TestVerifier {
  return { salt: int(Buffer.from(saltBase64, 'base64')), verifier: int(Buffer.from(verifierBase64, 'base64')) };
}

export interface ServerChallenge {
  readonly B: bigint;
  readonly secretBlock: string;
  /** The key the client must have derived, given its A. */
  keyFor(A: bigint): Buffer;
  /** Checks a PASSWORD_CLAIM_SIGNATURE as Cognito does. */
  verify(A: bigint, poolName: string, userId: string, timestamp: string, signature: string): boolean;
}

export function serverChallenge(v: TestVerifier, bFixed?: bigint): ServerChallenge {
  const b = bFixed ?? int(randomBytes(32));
  const B = (k * v.verifier + pow(g, b, N)) % N;
  const secretBlock = randomBytes(64).toString('base64');
  const keyFor = (A: bigint): Buffer => {
    const u = int(H(pad(A), pad(B)));
    const S = pow((A * pow(v.verifier, u, N)) % N, b, N);
    const prk = createHmac('sha256', pad(u)).update(pad(S)).digest();
    return createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])])).digest().subarray(0, 16);
  };
  return {
    B,
    secretBlock,
    keyFor,
    verify(A, poolName, userId, timestamp, signature) {
      const expected = createHmac('sha256', keyFor(A))
        .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp)]))
        .digest('base64');
      return expected === signature;
    },
  };
}
