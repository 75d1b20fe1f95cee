/**
 * Verifies a token with a key the user pastes, offline: a JWKS (JSON, or a single JWK), a PEM
 * public key (SPKI, or an X.509 certificate), or an HS256/384/512 shared secret. For tokens
 * that are not Cognito's (other issuers, a local test issuer) and for checking without network.
 *
 * The token's `alg` decides which key may verify it, never the other way round:
 *   - `none` is refused (there is nothing to verify);
 *   - HS256/384/512 need a shared secret, and a shared secret verifies those only;
 *   - RS256/384/512 and PS256/384/512 need an RSA key, ES256/384/512 an EC key on P-256/P-384/P-521, EdDSA an Ed25519 key.
 * So the classic alg confusion (a token signed with HMAC over the text of the issuer's public
 * key, then verified "with the public key") fails: a PEM or a JWK pasted as a shared secret is
 * refused outright, and an RSA key offered for an HS256 token is "key type RSA does not match
 * alg HS256". A JWKS may not carry symmetric (`oct`) or private keys: a secret belongs in the
 * secret box, and a private key should not be pasted anywhere.
 *
 * The signature is checked with node:crypto (the same OpenSSL operations jose runs, and jose's
 * rules: the alg pinned to the token's own, RSA keys of at least 2048 bits, ECDSA signatures in
 * the JOSE (IEEE P1363) form, a constant-time HMAC comparison, `crit` refused). Not with jose's
 * jwtVerify: jose's modules are shared with jwks-cache.ts, which lives in dist/extension.js, and
 * reaching them from here too would pull them whole into the activation bundle
 * (test/unit/package/bundles.test.ts).
 *
 * Inputs are bounded (`MAX_KEY_TEXT_LENGTH`, `MAX_SECRET_LENGTH`, `MAX_JWKS_KEYS`) and the only
 * patterns applied to them are anchored, linear ones. Errors name what is wrong ("not JSON",
 * "no key with kid X") and never quote the key or the secret.
 */
import { constants, createHmac, createPublicKey, timingSafeEqual, verify as cryptoVerify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JSONWebKeySet, JWK } from 'jose';
import { DEFAULT_CLOCK_SKEW_SECONDS, MAX_CLOCK_SKEW_SECONDS, MAX_TOKEN_LENGTH } from './limits';
import { decodeBase64Url } from './segment';

export type KeyInputKind = 'jwks' | 'pem' | 'secret';
export const KEY_INPUT_KINDS: readonly KeyInputKind[] = ['jwks', 'pem', 'secret'];

/** Longest JWKS or PEM text accepted (a JWKS of a few RSA-4096 keys is ~10 KB). */
export const MAX_KEY_TEXT_LENGTH = 64 * 1024;
/** Longest shared secret accepted, in characters. */
export const MAX_SECRET_LENGTH = 4096;
/** Most keys a pasted JWKS may hold. */
export const MAX_JWKS_KEYS = 100;

export type KeyErrorCode =
  | 'empty'
  | 'too-large'
  | 'not-json'
  | 'not-a-key-set'
  | 'private-key'
  | 'symmetric-in-key-set'
  | 'unsupported-pem'
  | 'bad-key'
  | 'looks-like-public-key'
  | 'bad-token'
  | 'encrypted-token'
  | 'alg-not-allowed'
  | 'key-type-mismatch'
  | 'no-matching-key';

export class KeyInputError extends Error {
  constructor(
    readonly code: KeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyInputError';
  }
}

/** A key, parsed and checked, ready to verify with. Lives in memory only (the caller decides how long). */
export type VerificationKey =
  | { kind: 'jwks'; jwks: JSONWebKeySet; description: string }
  | { kind: 'pem'; pem: string; pemLabel: 'PUBLIC KEY' | 'CERTIFICATE'; keyType: string; description: string }
  | { kind: 'secret'; secret: Uint8Array; description: string };

export type KeyCheckName = 'format' | 'signature' | 'expiry' | 'not_before';
export interface KeyCheck {
  name: KeyCheckName;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
}

export interface KeyVerifyResult {
  /** The signature is valid and no time check failed. */
  ok: boolean;
  /** `error`: nothing was checked (bad input, wrong key type, no key with that kid). */
  signature: 'valid' | 'invalid' | 'error';
  checks: KeyCheck[];
  alg?: string;
  kid?: string;
  /** What verified it: "RSA public key (PEM, 2048 bits)", "key kid-1 of a JWKS with 2 keys", "HS256 shared secret (32 bytes)". */
  keyDescription: string;
  error?: { code: KeyErrorCode; message: string };
}

export interface VerifyWithKeyOptions {
  /** ms since the epoch (default `Date.now()`). */
  now?: number;
  /** Tolerance for `exp`/`nbf`, seconds (default 60). */
  clockSkewSeconds?: number;
}

// ───────────────────────────────────────── algorithms ─────────────────────────────────────────

const HMAC_ALGS = new Set(['HS256', 'HS384', 'HS512']);
/** alg → the key type it needs, as `keyTypeLabel` names it. */
const ASYMMETRIC: ReadonlyMap<string, readonly string[]> = new Map([
  ['RS256', ['RSA']],
  ['RS384', ['RSA']],
  ['RS512', ['RSA']],
  ['PS256', ['RSA', 'RSA-PSS']],
  ['PS384', ['RSA', 'RSA-PSS']],
  ['PS512', ['RSA', 'RSA-PSS']],
  ['ES256', ['EC P-256']],
  ['ES384', ['EC P-384']],
  ['ES512', ['EC P-521']],
  ['EdDSA', ['OKP Ed25519']],
  ['Ed25519', ['OKP Ed25519']],
]);

const NODE_CURVES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

function jwkTypeLabel(jwk: JWK): string {
  if (jwk.kty === 'EC' || jwk.kty === 'OKP') return `${jwk.kty} ${typeof jwk.crv === 'string' ? jwk.crv : '?'}`;
  if (jwk.kty === 'oct') return 'oct (shared secret)';
  return typeof jwk.kty === 'string' ? jwk.kty : '?';
}

function nodeTypeLabel(key: KeyObject): string {
  const t = key.asymmetricKeyType;
  if (t === 'rsa') return 'RSA';
  if (t === 'rsa-pss') return 'RSA-PSS';
  if (t === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return `EC ${curve ? (NODE_CURVES[curve] ?? curve) : '?'}`;
  }
  if (t === 'ed25519') return 'OKP Ed25519';
  if (t === 'ed448') return 'OKP Ed448';
  return t ?? '?';
}

/** Throws unless a key of `keyType` may verify `alg`. */
function requireMatch(keyType: string, alg: string): void {
  const wanted = HMAC_ALGS.has(alg) ? ['oct (shared secret)'] : ASYMMETRIC.get(alg);
  if (!wanted) throw new KeyInputError('alg-not-allowed', `alg ${alg} is not one this check accepts (HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA)`);
  if (!wanted.includes(keyType)) throw new KeyInputError('key-type-mismatch', `key type ${keyType} does not match alg ${alg}`);
}

// ───────────────────────────────────────── parsing ─────────────────────────────────────────

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJwks(text: string): VerificationKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeyInputError('not-json', 'not JSON: paste a JWKS ({"keys": [...]}) or a single JWK ({"kty": ...})');
  }
  // A single JWK is accepted as a key set of one.
  const keys: unknown = isPlainObject(value) && Array.isArray(value.keys) ? value.keys : isPlainObject(value) && typeof value.kty === 'string' ? [value] : undefined;
  if (!Array.isArray(keys)) throw new KeyInputError('not-a-key-set', 'not a key set: expected {"keys": [...]} or a single JWK with "kty"');
  if (keys.length === 0) throw new KeyInputError('not-a-key-set', 'the key set holds no keys');
  if (keys.length > MAX_JWKS_KEYS) throw new KeyInputError('too-large', `the key set holds ${keys.length} keys (at most ${MAX_JWKS_KEYS})`);
  keys.forEach((k, i) => {
    if (!isPlainObject(k) || typeof k.kty !== 'string') throw new KeyInputError('not-a-key-set', `key ${i + 1} of the set is not a JWK (no "kty")`);
    if (k.kty === 'oct') {
      throw new KeyInputError('symmetric-in-key-set', `key ${i + 1} is a shared secret (kty "oct"): use the shared-secret option instead, so the secret is not shown in the panel`);
    }
    if (PRIVATE_JWK_MEMBERS.some((m) => Object.prototype.hasOwnProperty.call(k, m))) {
      throw new KeyInputError('private-key', `key ${i + 1} is a private key: paste the public key set only (no "d")`);
    }
  });
  return { kind: 'jwks', jwks: { keys: keys as JWK[] }, description: `a JWKS with ${keys.length} key${keys.length === 1 ? '' : 's'}` };
}

/** `-----BEGIN <label>-----` at the start of the (trimmed) text, or undefined. Linear: one anchored pattern with a bounded label. */
function pemLabel(text: string): string | undefined {
  return /^-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(text)?.[1];
}

function parsePem(text: string): VerificationKey {
  const label = pemLabel(text);
  if (label === undefined) throw new KeyInputError('unsupported-pem', 'not a PEM key: expected -----BEGIN PUBLIC KEY----- (SPKI) or -----BEGIN CERTIFICATE-----');
  if (label.includes('PRIVATE')) throw new KeyInputError('private-key', `that is a private key (${label}): paste the public key (-----BEGIN PUBLIC KEY-----) instead`);
  if (label === 'RSA PUBLIC KEY') {
    throw new KeyInputError('unsupported-pem', 'a PKCS#1 RSA public key: convert it to SPKI first (openssl rsa -RSAPublicKey_in -pubout)');
  }
  if (label !== 'PUBLIC KEY' && label !== 'CERTIFICATE') throw new KeyInputError('unsupported-pem', `a PEM "${label}" is not a public key: paste -----BEGIN PUBLIC KEY----- (SPKI)`);
  // Re-wrapped from its base64 body: a one-line input box turns the line breaks into spaces.
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const endAt = text.indexOf(end, begin.length);
  const body = text.slice(begin.length, endAt < 0 ? text.length : endAt).replace(/\s+/g, '');
  if (endAt < 0 || body.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw new KeyInputError('bad-key', `the PEM ${label === 'CERTIFICATE' ? 'certificate' : 'public key'} could not be read (is it complete?)`);
  }
  const lines: string[] = [];
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  const pem = `${begin}\n${lines.join('\n')}\n${end}\n`;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new KeyInputError('bad-key', `the PEM ${label === 'CERTIFICATE' ? 'certificate' : 'public key'} could not be read (is it complete?)`);
  }
  const keyType = nodeTypeLabel(key);
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return {
    kind: 'pem',
    pem,
    pemLabel: label,
    keyType,
    description: `${keyType} public key (${label === 'CERTIFICATE' ? 'X.509 certificate' : 'PEM'}${bits ? `, ${bits} bits` : ''})`,
  };
}

function parseSecret(text: string): VerificationKey {
  // A public key pasted as a shared secret is the alg confusion attack's key: refuse it.
  const trimmed = text.trim();
  if (pemLabel(trimmed) !== undefined || trimmed.startsWith('{')) {
    throw new KeyInputError('looks-like-public-key', 'that looks like a key (PEM or JSON), not a shared secret: a public key used as an HMAC secret would let anyone who has it forge tokens');
  }
  let secret: Uint8Array;
  if (text.startsWith('base64:') || text.startsWith('base64url:')) {
    const body = text.slice(text.indexOf(':') + 1).trim();
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body)) throw new KeyInputError('bad-key', 'the base64 secret has characters that are not base64');
    const bytes = decodeBase64Url(body.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    if (!bytes) throw new KeyInputError('bad-key', 'the base64 secret could not be decoded');
    secret = bytes;
  } else {
    secret = new TextEncoder().encode(text);
  }
  if (secret.length === 0) throw new KeyInputError('empty', 'the shared secret is empty');
  return { kind: 'secret', secret, description: `shared secret (${secret.length} bytes)` };
}

/**
 * Parses what the user pasted as `kind`. Throws `KeyInputError` with a clear message; the
 * message never quotes the input. A secret may be given as `base64:<base64>` for binary keys.
 */
export function parseVerificationKey(kind: KeyInputKind, text: string): VerificationKey {
  if (typeof text !== 'string') throw new KeyInputError('empty', 'no key given');
  const limit = kind === 'secret' ? MAX_SECRET_LENGTH : MAX_KEY_TEXT_LENGTH;
  if (text.length > limit) throw new KeyInputError('too-large', `the ${kind === 'secret' ? 'secret' : 'key'} is ${text.length.toLocaleString('en-US')} characters (at most ${limit.toLocaleString('en-US')})`);
  if (kind === 'secret') return parseSecret(text);
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new KeyInputError('empty', 'no key given');
  return kind === 'jwks' ? parseJwks(trimmed) : parsePem(trimmed);
}

// ───────────────────────────────────────── verifying ─────────────────────────────────────────

interface Parts {
  alg: string;
  kid?: string;
  signingInput: string;
  signature: Uint8Array;
  payload: Record<string, unknown>;
}

function readHeader(token: string): Parts {
  if (token.length > MAX_TOKEN_LENGTH) throw new KeyInputError('bad-token', `the token is longer than ${MAX_TOKEN_LENGTH} characters`);
  const parts = token.split('.');
  if (parts.length === 5) throw new KeyInputError('encrypted-token', 'an encrypted token (JWE) has no signature to check: only its recipient can decrypt it');
  if (parts.length !== 3) throw new KeyInputError('bad-token', 'not a signed JWT (three dot-separated parts)');
  const bytes = decodeBase64Url(parts[0] ?? '');
  let header: unknown;
  try {
    header = bytes ? JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) : undefined;
  } catch {
    header = undefined;
  }
  if (!isPlainObject(header)) throw new KeyInputError('bad-token', 'the token header is not a JSON object');
  const alg = header.alg;
  if (typeof alg !== 'string' || alg.length === 0) throw new KeyInputError('bad-token', 'the token header has no alg');
  if (alg.toLowerCase() === 'none') throw new KeyInputError('alg-not-allowed', 'alg "none": the token is unsigned, there is no signature to verify');
  // An extension this check does not implement (RFC 7515 4.1.11), b64: false among them.
  if (header.crit !== undefined || header.b64 !== undefined) throw new KeyInputError('bad-token', 'the token header has crit or b64, which this check does not support');
  const signature = decodeBase64Url(parts[2] ?? '');
  if (!signature || signature.length === 0) throw new KeyInputError('bad-token', 'the signature is not base64url');
  const payloadBytes = decodeBase64Url(parts[1] ?? '');
  let payload: unknown;
  try {
    payload = payloadBytes ? JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes)) : undefined;
  } catch {
    payload = undefined;
  }
  if (!isPlainObject(payload)) throw new KeyInputError('bad-token', 'the token payload is not a JSON object');
  const out: Parts = { alg, signingInput: `${parts[0] ?? ''}.${parts[1] ?? ''}`, signature, payload };
  if (typeof header.kid === 'string') out.kid = header.kid;
  return out;
}

const DIGEST: Readonly<Record<string, string>> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
/** ECDSA signature lengths in the JOSE form (r || s). */
const ES_SIGNATURE_BYTES: Readonly<Record<string, number>> = { ES256: 64, ES384: 96, ES512: 132 };

/** The public key as a node KeyObject, checked the way jose checks it (RSA of at least 2048 bits). */
function publicKeyObject(input: { pem: string } | { jwk: JWK }): KeyObject {
  let key: KeyObject;
  try {
    key = 'pem' in input ? createPublicKey({ key: input.pem, format: 'pem' }) : createPublicKey({ key: input.jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw new KeyInputError('bad-key', 'the key could not be read (a member is missing or not base64url)');
  }
  if (key.type !== 'public') throw new KeyInputError('private-key', 'that is not a public key');
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < 2048) throw new KeyInputError('bad-key', `the RSA key has ${bits} bits: at least 2048 are required`);
  return key;
}

/** True when `signature` is `alg`'s signature of `signingInput` under `key`. */
function signatureMatches(alg: string, key: KeyObject | Uint8Array, signingInput: string, signature: Uint8Array): boolean {
  const data = Buffer.from(signingInput, 'ascii');
  const bits = alg.slice(2);
  if (key instanceof Uint8Array) {
    const mac = createHmac(DIGEST[bits] ?? 'sha256', key).update(data).digest();
    return mac.length === signature.length && timingSafeEqual(mac, signature);
  }
  const sig = Buffer.from(signature);
  if (alg.startsWith('RS')) return cryptoVerify(DIGEST[bits] ?? 'sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
  if (alg.startsWith('PS')) return cryptoVerify(DIGEST[bits] ?? 'sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) >> 3 }, sig);
  if (alg.startsWith('ES')) return sig.length === ES_SIGNATURE_BYTES[alg] && cryptoVerify(DIGEST[bits] ?? 'sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  return cryptoVerify(null, data, key, sig);
}

/** Picks the key of the set for this token the way a verifier would, with a clear reason when none fits. */
function pickJwk(jwks: JSONWebKeySet, alg: string, kid: string | undefined): { jwk: JWK; index: number } {
  const candidates = jwks.keys
    .map((jwk, index) => ({ jwk, index }))
    .filter(({ jwk }) => kid === undefined || jwk.kid === kid);
  if (candidates.length === 0) {
    const kids = jwks.keys.map((k) => (typeof k.kid === 'string' ? k.kid : '(none)')).slice(0, 10);
    throw new KeyInputError('no-matching-key', `no key with kid ${kid ?? ''} in the key set (its kids: ${kids.join(', ')})`);
  }
  const usable = candidates.filter(({ jwk }) => jwk.use === undefined || jwk.use === 'sig');
  if (usable.length === 0) throw new KeyInputError('no-matching-key', `the key${kid !== undefined ? ` with kid ${kid}` : 's'} of the set are for encryption (use "enc"), not signatures`);
  const sameAlg = usable.filter(({ jwk }) => jwk.alg === undefined || jwk.alg === alg);
  if (sameAlg.length === 0) {
    const first = usable[0]!.jwk;
    throw new KeyInputError('key-type-mismatch', `the key${kid !== undefined ? ` with kid ${kid}` : ''} is for alg ${String(first.alg)}, the token says ${alg}`);
  }
  // The key type must fit the alg (checked here for a clear message; jose checks it again).
  const fitting = sameAlg.filter(({ jwk }) => {
    try {
      requireMatch(jwkTypeLabel(jwk), alg);
      return true;
    } catch {
      return false;
    }
  });
  if (fitting.length === 0) requireMatch(jwkTypeLabel(sameAlg[0]!.jwk), alg);
  return fitting[0]!;
}

function clampSkew(s: number | undefined): number {
  if (s === undefined || !Number.isFinite(s)) return DEFAULT_CLOCK_SKEW_SECONDS;
  return Math.min(Math.max(0, s), MAX_CLOCK_SKEW_SECONDS);
}

function errorResult(err: KeyInputError, description: string, header?: Parts): KeyVerifyResult {
  const result: KeyVerifyResult = {
    ok: false,
    signature: 'error',
    checks: [{ name: 'format', status: err.code === 'bad-token' || err.code === 'encrypted-token' ? 'fail' : 'pass', detail: err.code === 'bad-token' ? err.message : 'A signed JWT.' }, { name: 'signature', status: 'skip', detail: `Not checked: ${err.message}.` }],
    keyDescription: description,
    error: { code: err.code, message: err.message },
  };
  if (header) {
    result.alg = header.alg;
    if (header.kid !== undefined) result.kid = header.kid;
  }
  return result;
}

/**
 * Verifies `token` with `key`: the signature (the algorithm the token's own, after the key-type
 * checks above), then `exp` and `nbf` with the clock-skew tolerance. Never throws; a result with
 * `signature: 'error'` says why nothing was checked.
 */
export async function verifyWithKey(token: string, key: VerificationKey, options: VerifyWithKeyOptions = {}): Promise<KeyVerifyResult> {
  let header: Parts | undefined;
  let description = key.description;
  try {
    header = readHeader(token.trim());
    const { alg, kid } = header;
    let verifyKey: KeyObject | Uint8Array;
    switch (key.kind) {
      case 'secret':
        requireMatch('oct (shared secret)', alg);
        verifyKey = key.secret;
        description = `${alg} ${key.description}`;
        break;
      case 'pem':
        requireMatch(key.keyType, alg);
        verifyKey = publicKeyObject({ pem: key.pem });
        break;
      case 'jwks': {
        const { jwk, index } = pickJwk(key.jwks, alg, kid);
        description = `${jwk.kid !== undefined ? `key ${String(jwk.kid)}` : `key ${index + 1}`} (${jwkTypeLabel(jwk)}) of ${key.description}`;
        verifyKey = publicKeyObject({ jwk });
        // The key node read must be the type its kty said (a JWK's members decide what it is).
        requireMatch(nodeTypeLabel(verifyKey), alg);
        break;
      }
    }
    const now = options.now ?? Date.now();
    const skew = clampSkew(options.clockSkewSeconds);
    const checks: KeyCheck[] = [{ name: 'format', status: 'pass', detail: 'A signed JWT.' }];
    let valid: boolean;
    try {
      valid = signatureMatches(alg, verifyKey, header.signingInput, header.signature);
    } catch (err) {
      throw new KeyInputError('bad-key', `the key could not verify this token (${err instanceof Error ? err.message : String(err)})`);
    }
    if (valid) {
      checks.push({ name: 'signature', status: 'pass', detail: `Valid ${alg} signature, checked with the ${description}.` });
      checks.push(timeCheck(header.payload, 'expiry', now, skew), timeCheck(header.payload, 'not_before', now, skew));
    } else {
      checks.push({ name: 'signature', status: 'fail', detail: `The ${alg} signature does not match the ${description}: the token was not signed with this key, or it was changed.` });
    }
    const signature: KeyVerifyResult['signature'] = valid ? 'valid' : 'invalid';
    const result: KeyVerifyResult = { ok: valid && checks.every((c) => c.status !== 'fail'), signature, checks, alg, keyDescription: description };
    if (kid !== undefined) result.kid = kid;
    return result;
  } catch (err) {
    const e = err instanceof KeyInputError ? err : new KeyInputError('bad-key', err instanceof Error ? err.message : String(err));
    return errorResult(e, description, header);
  }
}

/** The expiry or not-before check from the payload, as the signature check's companion. */
function timeCheck(payload: Record<string, unknown>, name: 'expiry' | 'not_before', now: number, skew: number): KeyCheck {
  const claim = name === 'expiry' ? payload.exp : payload.nbf;
  if (typeof claim !== 'number' || !Number.isFinite(claim)) {
    return { name, status: 'skip', detail: name === 'expiry' ? 'No exp claim: the token does not expire.' : 'No nbf claim.' };
  }
  const at = new Date(claim * 1000).toISOString();
  if (name === 'expiry') {
    return now >= claim * 1000 + skew * 1000
      ? { name, status: 'fail', detail: `Expired at ${at} (with a ${skew} s clock-skew tolerance).` }
      : { name, status: 'pass', detail: `Not expired: exp is ${at}.` };
  }
  return now < claim * 1000 - skew * 1000
    ? { name, status: 'fail', detail: `Not valid before ${at} (with a ${skew} s clock-skew tolerance).` }
    : { name, status: 'pass', detail: `Valid since ${at}.` };
}

/** One line for a log or a notice: what was used and how it went (never the key). */
export function describeKeyResult(r: KeyVerifyResult): string {
  if (r.signature === 'error') return `not checked: ${r.error?.message ?? 'unknown error'}`;
  return r.ok ? `signature valid (${r.alg ?? '?'}, ${r.keyDescription})` : r.signature === 'invalid' ? 'signature invalid' : `signature valid, but ${r.checks.filter((c) => c.status === 'fail').map((c) => c.name).join(', ')} failed`;
}
