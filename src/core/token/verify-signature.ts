/**
 * The signature check: fetch (or reuse) the key set, pick the key, verify.
 * On an unknown `kid` a cached key set is fetched once more, since pools
 * rotate keys; the cache's cooldown keeps that from becoming a request storm.
 *
 * The token is decoded once, by decode.ts: jose picks and imports the key (its
 * local key set caches imported keys), and the signature is checked here over
 * the token's own bytes, which jose's compactVerify would decode a second time.
 * The check runs through node's synchronous `crypto.verify` on the imported
 * key (a KeyObject made once per key): the same OpenSSL operation as WebCrypto's,
 * without its thread-pool round trip, which cost more than the RSA math. The rules jose applies are kept: the
 * algorithm must be one we accept, the key's type, curve and hash must be the
 * algorithm's, RSA keys must have at least 2048 bits. `jku`, `x5u` and any other
 * header that points at keys elsewhere are never read.
 */
import { constants, KeyObject, verify as cryptoVerify, webcrypto, type VerifyKeyObjectInput } from 'node:crypto';
import type { CryptoKey, JWSHeaderParameters, LocalJWKSet } from 'jose';
import { JwksCache, type JwksError, type JwksRequest } from './jwks-cache';
import { decodeBase64Url } from './segment';
import { check } from './verify-claims';
import type { VerifyCheck, VerifyError } from './verify-types';

export interface SignatureOutcome {
  check: VerifyCheck;
  error?: VerifyError;
  /** The signature could not be checked (keys unreachable or unusable): not evidence against the token. */
  unchecked?: boolean;
}

interface SigningAlgorithm {
  /** `CryptoKey.algorithm.name` the key must have. */
  keyName: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA' | 'Ed25519';
  /** The key's hash (RSA keys are imported for one hash). */
  hash?: string;
  namedCurve?: string;
  /** node's digest name, null for Ed25519. */
  digest: string | null;
  /** RSA-PSS salt length (the hash length, RFC 7518 3.5). */
  saltLength?: number;
}

const rsa = (bits: number): SigningAlgorithm => ({ keyName: 'RSASSA-PKCS1-v1_5', hash: `SHA-${bits}`, digest: `sha${bits}` });
const pss = (bits: number): SigningAlgorithm => ({ keyName: 'RSA-PSS', hash: `SHA-${bits}`, digest: `sha${bits}`, saltLength: bits >> 3 });
const ecdsa = (bits: number, namedCurve: string): SigningAlgorithm => ({ keyName: 'ECDSA', namedCurve, digest: `sha${bits}` });
const ed25519: SigningAlgorithm = { keyName: 'Ed25519', digest: null };

/** The asymmetric JWS algorithms a JWKS can verify (the same list as `ASYMMETRIC_ALGS`). */
const ALGORITHMS = new Map<string, SigningAlgorithm>([
  ['RS256', rsa(256)],
  ['RS384', rsa(384)],
  ['RS512', rsa(512)],
  ['PS256', pss(256)],
  ['PS384', pss(384)],
  ['PS512', pss(512)],
  ['ES256', ecdsa(256, 'P-256')],
  ['ES384', ecdsa(384, 'P-384')],
  ['ES512', ecdsa(512, 'P-521')],
  ['EdDSA', ed25519],
  ['Ed25519', ed25519],
]);

const MIN_RSA_BITS = 2048;
const encoder = new TextEncoder();

export async function checkSignature(
  raw: string,
  header: Record<string, unknown>,
  jwksUri: string,
  cache: JwksCache,
  request: JwksRequest,
): Promise<SignatureOutcome> {
  const first = await cache.get(jwksUri, request);
  if (!first.ok) return unreachable(jwksUri, first.error);

  let result = await verifyWithKeySet(raw, header, first.keySet);
  if (result === 'no-key' && first.fromCache) {
    const again = await cache.refetch(jwksUri, request);
    if (again !== undefined) {
      if (!again.ok) return unreachable(jwksUri, again.error);
      result = await verifyWithKeySet(raw, header, again.keySet);
    }
  }

  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const keyLabel = kid === undefined ? 'the key set' : `key ${kid}`;
  switch (result) {
    case 'verified':
      return { check: check('signature', 'pass', `Signature verified with ${keyLabel} from ${jwksUri}.`) };
    case 'bad-signature':
      return {
        check: check(
          'signature',
          'fail',
          `The signature does not match ${keyLabel} from ${jwksUri}: the token was altered or signed by another key.`,
        ),
      };
    case 'no-key':
      return failed({
        code: 'kid-not-found',
        message:
          kid === undefined
            ? `The token has no kid and no key in ${jwksUri} fits its algorithm.`
            : `No key with kid ${kid} in ${jwksUri}: the token comes from another user pool, or from a key no longer published.`,
      });
    case 'unsupported':
      return failed({ code: 'unsupported-alg', message: `The key for ${keyLabel} cannot verify this algorithm.` });
    case 'bad-key': {
      const message = `Could not check: ${keyLabel} in ${jwksUri} could not be used.`;
      return { check: check('signature', 'skip', message), error: { code: 'jwks-invalid', message }, unchecked: true };
    }
  }
}

function failed(error: VerifyError): SignatureOutcome {
  return { check: check('signature', 'fail', error.message), error };
}

/** The key set could not be had: the signature was not checked, which says nothing about the token. */
function unreachable(jwksUri: string, error: JwksError): SignatureOutcome {
  const message = `Could not check: keys unreachable at ${jwksUri} (${error.cause}).`;
  return { check: check('signature', 'skip', message), error: { code: 'jwks-unreachable', message, cause: error.cause }, unchecked: true };
}

type KeySetResult = 'verified' | 'bad-signature' | 'no-key' | 'unsupported' | 'bad-key';

/**
 * Resolve the key ourselves (rather than handing the key set to a verifier)
 * so that "no such key" and "wrong signature" stay distinct, and a set with
 * several matching keys (token without `kid`) is tried key by key.
 */
async function verifyWithKeySet(raw: string, header: Record<string, unknown>, keySet: LocalJWKSet): Promise<KeySetResult> {
  const alg = typeof header.alg === 'string' ? ALGORITHMS.get(header.alg) : undefined;
  if (alg === undefined) return 'unsupported';
  // Only what key selection needs: never `jku`, `x5u` or `jwk` from the token.
  const selector: JWSHeaderParameters = { alg: header.alg as string };
  if (typeof header.kid === 'string') selector.kid = header.kid;
  let keys: CryptoKey[];
  try {
    keys = [await keySet(selector)];
  } catch (error) {
    const code = joseCode(error);
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') return 'no-key';
    if (code === 'ERR_JOSE_NOT_SUPPORTED') return 'unsupported';
    if (code !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || !isAsyncIterable(error)) return 'bad-key';
    keys = [];
    for await (const key of error) keys.push(key as CryptoKey);
  }

  const secondDot = raw.indexOf('.', raw.indexOf('.') + 1);
  const signature = decodeBase64Url(raw, secondDot + 1);
  if (secondDot === -1 || signature === undefined) return 'bad-signature';
  const signingInput = encoder.encode(raw.slice(0, secondDot));
  for (const key of keys) {
    const usable = keyFits(key, alg);
    if (usable !== 'ok') return usable;
    let verified: boolean;
    try {
      verified = cryptoVerify(alg.digest, signingInput, verifyInput(key, alg), signature);
    } catch {
      return 'bad-key';
    }
    if (verified) return 'verified';
  }
  return keys.length === 0 ? 'no-key' : 'bad-signature';
}

/** KeyObjects of the CryptoKeys jose imported, made once per key. */
const keyObjects = new WeakMap<object, KeyObject>();

function verifyInput(key: CryptoKey, alg: SigningAlgorithm): KeyObject | VerifyKeyObjectInput {
  let object = keyObjects.get(key);
  if (object === undefined) {
    object = KeyObject.from(key as webcrypto.CryptoKey);
    keyObjects.set(key, object);
  }
  if (alg.keyName === 'RSA-PSS') return { key: object, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength ?? 0 };
  if (alg.keyName === 'ECDSA') return { key: object, dsaEncoding: 'ieee-p1363' };
  return object;
}

/** jose's checks before it verifies: a public verification key of the algorithm's type, curve, hash and size. */
function keyFits(key: CryptoKey, alg: SigningAlgorithm): 'ok' | 'unsupported' | 'bad-key' {
  const algorithm = key.algorithm as { name?: string; hash?: { name?: string }; namedCurve?: string; modulusLength?: number };
  if (key.type !== 'public' || !key.usages.includes('verify')) return 'bad-key';
  if (algorithm.name !== alg.keyName) return 'unsupported';
  if (alg.hash !== undefined && algorithm.hash?.name !== alg.hash) return 'unsupported';
  if (alg.namedCurve !== undefined && algorithm.namedCurve !== alg.namedCurve) return 'unsupported';
  if (alg.keyName.startsWith('RSA') && (algorithm.modulusLength ?? 0) < MIN_RSA_BITS) return 'bad-key';
  return 'ok';
}

function joseCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
