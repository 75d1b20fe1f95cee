/**
 * The signature check: fetch (or reuse) the key set, pick the key, verify.
 * On an unknown `kid` a cached key set is fetched once more, since pools
 * rotate keys; the cache's cooldown keeps that from becoming a request storm.
 */
import { compactVerify, type CryptoKey, type JWSHeaderParameters, type LocalJWKSet } from 'jose';
import { JwksCache, type JwksRequest } from './jwks-cache';
import { ASYMMETRIC_ALGS, check } from './verify-claims';
import type { VerifyCheck, VerifyError } from './verify-types';

export interface SignatureOutcome {
  check: VerifyCheck;
  error?: VerifyError;
}

export async function checkSignature(
  raw: string,
  header: Record<string, unknown>,
  jwksUri: string,
  cache: JwksCache,
  request: JwksRequest,
): Promise<SignatureOutcome> {
  const first = await cache.get(jwksUri, request);
  if (!first.ok) return failed(first.error);

  let result = await verifyWithKeySet(raw, header, first.keySet);
  if (result === 'no-key' && first.fromCache) {
    const again = await cache.refetch(jwksUri, request);
    if (again !== undefined) {
      if (!again.ok) return failed(again.error);
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
    case 'bad-key':
      return failed({ code: 'jwks-invalid', message: `The key for ${keyLabel} in ${jwksUri} could not be used.` });
  }
}

function failed(error: VerifyError): SignatureOutcome {
  return { check: check('signature', 'fail', error.message), error };
}

type KeySetResult = 'verified' | 'bad-signature' | 'no-key' | 'unsupported' | 'bad-key';

/**
 * Resolve the key ourselves (rather than handing the key set to compactVerify)
 * so that "no such key" and "wrong signature" stay distinct, and a set with
 * several matching keys (token without `kid`) is tried key by key.
 */
async function verifyWithKeySet(raw: string, header: Record<string, unknown>, keySet: LocalJWKSet): Promise<KeySetResult> {
  let keys: CryptoKey[];
  try {
    keys = [await keySet(header as JWSHeaderParameters)];
  } catch (error) {
    const code = joseCode(error);
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') return 'no-key';
    if (code === 'ERR_JOSE_NOT_SUPPORTED') return 'unsupported';
    if (code !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || !isAsyncIterable(error)) return 'bad-key';
    keys = [];
    for await (const key of error) keys.push(key as CryptoKey);
  }
  for (const key of keys) {
    try {
      await compactVerify(raw, key, { algorithms: ASYMMETRIC_ALGS });
      return 'verified';
    } catch (error) {
      const code = joseCode(error);
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') continue;
      return code === 'ERR_JOSE_ALG_NOT_ALLOWED' || code === 'ERR_JOSE_NOT_SUPPORTED' ? 'unsupported' : 'bad-key';
    }
  }
  return keys.length === 0 ? 'no-key' : 'bad-signature';
}

function joseCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
