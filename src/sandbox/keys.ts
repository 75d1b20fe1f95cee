// Signing keys of a sandbox user pool and the JWKS that publishes them.

import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generateRsaKeyPair = promisify(generateKeyPair);

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Jwk;
}

export interface Jwk {
  alg: 'RS256';
  e: string;
  kid: string;
  kty: 'RSA';
  n: string;
  use: 'sig';
}

/**
 * A Cognito user pool publishes two RSA keys and signs ID tokens with one and
 * access tokens with the other; the sandbox does the same, which catches
 * verifiers that take the first key of the JWKS instead of matching `kid`.
 */
export interface PoolKeys {
  idTokenKey: SigningKey;
  accessTokenKey: SigningKey;
  jwks: { keys: Jwk[] };
}

export async function generatePoolKeys(): Promise<PoolKeys> {
  const [idTokenKey, accessTokenKey] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  return { idTokenKey, accessTokenKey, jwks: { keys: [idTokenKey.publicJwk, accessTokenKey.publicJwk] } };
}

async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  return signingKeyFrom(privateKey);
}

function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' });
  if (typeof exported.n !== 'string' || typeof exported.e !== 'string') throw new Error('RSA public key export lacks n/e');
  // Cognito's kids look like standard base64 of a SHA-256 digest ("...=");
  // here it is the digest of the DER public key, so it is stable per key.
  const kid = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64');
  return { kid, privateKey, publicJwk: { alg: 'RS256', e: exported.e, kid, kty: 'RSA', n: exported.n, use: 'sig' } };
}

/** The pool's two private keys as JWKs, for a state file (sandbox-only keys). */
export interface StoredPoolKeys {
  idTokenKey: JsonWebKey;
  accessTokenKey: JsonWebKey;
}

export function exportPoolKeys(keys: PoolKeys): StoredPoolKeys {
  return { idTokenKey: keys.idTokenKey.privateKey.export({ format: 'jwk' }), accessTokenKey: keys.accessTokenKey.privateKey.export({ format: 'jwk' }) };
}

/** Rebuilds a pool's keys (same kids, same JWKS) from exportPoolKeys' output. Throws on a key that is not an RSA private key. */
export function importPoolKeys(stored: StoredPoolKeys): PoolKeys {
  const load = (jwk: JsonWebKey) => {
    const key = createPrivateKey({ key: jwk, format: 'jwk' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error('a stored signing key is not an RSA key');
    return signingKeyFrom(key);
  };
  const idTokenKey = load(stored.idTokenKey);
  const accessTokenKey = load(stored.accessTokenKey);
  return { idTokenKey, accessTokenKey, jwks: { keys: [idTokenKey.publicJwk, accessTokenKey.publicJwk] } };
}
