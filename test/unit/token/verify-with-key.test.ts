// Verifying a token with a pasted key (src/core/token/verify-with-key.ts): real keys made with
// jose and node:crypto, real signatures; no network.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  MAX_KEY_TEXT_LENGTH,
  MAX_SECRET_LENGTH,
  parseVerificationKey,
  verifyWithKey,
  type KeyErrorCode,
  type KeyInputKind,
  type KeyVerifyResult,
} from '../../../src/core/token/verify-with-key';
import { unsecuredToken } from '../../fixtures/tokens/factory';

const NOW_S = 1_750_000_000;
const NOW = NOW_S * 1000;
const CLAIMS = { sub: 'user-1', iss: 'https://issuer.example', iat: NOW_S - 60, exp: NOW_S + 3600 };
const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';

function parseError(kind: KeyInputKind, text: string): { code: KeyErrorCode; message: string } {
  try {
    parseVerificationKey(kind, text);
  } catch (err) {
    const e = err as { code: KeyErrorCode; message: string };
    return { code: e.code, message: e.message };
  }
  assert.fail(`parseVerificationKey(${kind}) accepted the input`);
}

async function verify(token: string, kind: KeyInputKind, text: string): Promise<KeyVerifyResult> {
  return verifyWithKey(token, parseVerificationKey(kind, text), { now: NOW, clockSkewSeconds: 60 });
}

function status(r: KeyVerifyResult, name: string): string | undefined {
  return r.checks.find((c) => c.name === name)?.status;
}

/** A token signed with HMAC over `key` (the bytes an attacker would use), header alg as given. */
function hmacToken(alg: 'HS256' | 'HS384' | 'HS512', key: string | Uint8Array, claims: Record<string, unknown> = CLAIMS, extraHeader: Record<string, unknown> = {}): string {
  const head = base64url.encode(JSON.stringify({ alg, typ: 'JWT', ...extraHeader }));
  const body = base64url.encode(JSON.stringify(claims));
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  const sig = createHmac(hash, key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

describe('verify with a pasted key', () => {
  let rsa: { privateKey: CryptoKey; publicJwk: JWK; spki: string };
  let other: { privateKey: CryptoKey; publicJwk: JWK };
  let rsToken: string;

  before(async () => {
    const a = await generateKeyPair('RS256', { extractable: true });
    rsa = { privateKey: a.privateKey, publicJwk: { ...(await exportJWK(a.publicKey)), kid: 'kid-1', alg: 'RS256', use: 'sig' }, spki: await exportSPKI(a.publicKey) };
    const b = await generateKeyPair('RS256', { extractable: true });
    other = { privateKey: b.privateKey, publicJwk: { ...(await exportJWK(b.publicKey)), kid: 'kid-2', alg: 'RS256', use: 'sig' } };
    rsToken = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'RS256', kid: 'kid-1' }).sign(rsa.privateKey);
  });

  describe('RS256 with a JWKS', () => {
    it('verifies with the key of the set whose kid the token names', async () => {
      const r = await verify(rsToken, 'jwks', JSON.stringify({ keys: [other.publicJwk, rsa.publicJwk] }));
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(r.signature, 'valid');
      assert.equal(r.alg, 'RS256');
      assert.equal(r.kid, 'kid-1');
      assert.match(r.keyDescription, /^key kid-1 \(RSA\) of a JWKS with 2 keys$/);
      assert.equal(status(r, 'expiry'), 'pass');
    });

    it('accepts a single JWK as a set of one', async () => {
      const r = await verify(rsToken, 'jwks', JSON.stringify(rsa.publicJwk));
      assert.equal(r.ok, true, JSON.stringify(r));
    });

    it('fails a token signed by another key with the same kid', async () => {
      const forged = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'RS256', kid: 'kid-1' }).sign(other.privateKey);
      const r = await verify(forged, 'jwks', JSON.stringify({ keys: [rsa.publicJwk] }));
      assert.equal(r.ok, false);
      assert.equal(r.signature, 'invalid');
      assert.equal(status(r, 'signature'), 'fail');
    });

    it('fails a token whose payload was changed', async () => {
      const [h, , s] = rsToken.split('.');
      const changed = `${h}.${base64url.encode(JSON.stringify({ ...CLAIMS, sub: 'admin' }))}.${s}`;
      const r = await verify(changed, 'jwks', JSON.stringify({ keys: [rsa.publicJwk] }));
      assert.equal(r.signature, 'invalid');
    });

    it('says which kid is missing', async () => {
      const r = await verify(rsToken, 'jwks', JSON.stringify({ keys: [other.publicJwk] }));
      assert.equal(r.signature, 'error');
      assert.equal(r.error?.code, 'no-matching-key');
      assert.match(r.error?.message ?? '', /^no key with kid kid-1 in the key set \(its kids: kid-2\)$/);
    });

    it('refuses an encryption key and a key pinned to another alg', async () => {
      const enc = await verify(rsToken, 'jwks', JSON.stringify({ keys: [{ ...rsa.publicJwk, use: 'enc' }] }));
      assert.equal(enc.error?.code, 'no-matching-key');
      const pinned = await verify(rsToken, 'jwks', JSON.stringify({ keys: [{ ...rsa.publicJwk, alg: 'RS512' }] }));
      assert.equal(pinned.error?.code, 'key-type-mismatch');
      assert.match(pinned.error?.message ?? '', /for alg RS512, the token says RS256/);
    });

    it('reports an expired token as signed but expired', async () => {
      const expired = await new SignJWT({ ...CLAIMS, exp: NOW_S - 3600 }).setProtectedHeader({ alg: 'RS256', kid: 'kid-1' }).sign(rsa.privateKey);
      const r = await verify(expired, 'jwks', JSON.stringify({ keys: [rsa.publicJwk] }));
      assert.equal(r.signature, 'valid');
      assert.equal(status(r, 'signature'), 'pass');
      assert.equal(status(r, 'expiry'), 'fail');
      assert.equal(r.ok, false);
    });
  });

  describe('RS256 with a PEM public key', () => {
    it('verifies with the SPKI key', async () => {
      const r = await verify(rsToken, 'pem', rsa.spki);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.match(r.keyDescription, /^RSA public key \(PEM, 2048 bits\)$/);
    });

    it('verifies a PEM whose line breaks a one-line box turned into spaces', async () => {
      const r = await verify(rsToken, 'pem', rsa.spki.replace(/\n/g, ' '));
      assert.equal(r.ok, true, JSON.stringify(r));
    });

    it('fails a token signed by another key', async () => {
      const forged = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'RS256', kid: 'kid-1' }).sign(other.privateKey);
      const r = await verify(forged, 'pem', rsa.spki);
      assert.equal(r.signature, 'invalid');
    });

    it('refuses private keys, PKCS#1 and other PEM blocks with a clear reason', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pkcs8 = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      assert.equal(parseError('pem', pkcs8).code, 'private-key');
      const pkcs1 = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
      assert.equal(parseError('pem', pkcs1).code, 'private-key');
      assert.equal(parseError('pem', '-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----').code, 'unsupported-pem');
      assert.equal(parseError('pem', 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA').code, 'unsupported-pem');
      assert.equal(parseError('pem', '-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----').code, 'bad-key');
    });

    it('an ES256 key for an RS256 token: key type EC P-256 does not match alg RS256', async () => {
      const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const r = await verify(rsToken, 'pem', publicKey.export({ format: 'pem', type: 'spki' }).toString());
      assert.equal(r.error?.code, 'key-type-mismatch');
      assert.equal(r.error?.message, 'key type EC P-256 does not match alg RS256');
    });
  });

  describe('other asymmetric algorithms', () => {
    for (const alg of ['PS256', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const) {
      it(`${alg} with a PEM key and with a JWKS; a changed payload fails`, async () => {
        const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
        const token = await new SignJWT(CLAIMS).setProtectedHeader({ alg, kid: 'k' }).sign(privateKey);
        const pem = await verify(token, 'pem', await exportSPKI(publicKey));
        assert.equal(pem.ok, true, `${alg} PEM: ${JSON.stringify(pem)}`);
        const jwks = await verify(token, 'jwks', JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k' }] }));
        assert.equal(jwks.ok, true, `${alg} JWKS: ${JSON.stringify(jwks)}`);
        const [h, , sig] = token.split('.');
        const changed = await verify(`${h}.${base64url.encode(JSON.stringify({ ...CLAIMS, sub: 'admin' }))}.${sig}`, 'pem', await exportSPKI(publicKey));
        assert.equal(changed.signature, 'invalid', alg);
      });
    }

    it('refuses an RSA key under 2048 bits, and a token with crit', async () => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const head = base64url.encode(JSON.stringify({ alg: 'RS256' }));
      const body = base64url.encode(JSON.stringify(CLAIMS));
      const { sign } = await import('node:crypto');
      const small = `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`;
      const r = await verify(small, 'pem', publicKey.export({ format: 'pem', type: 'spki' }).toString());
      assert.equal(r.error?.code, 'bad-key');
      assert.match(r.error?.message ?? '', /1024 bits: at least 2048/);
      const crit = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'RS256', kid: 'kid-1', crit: ['exp'] } as never).sign(rsa.privateKey).catch(() => undefined);
      const critToken = crit ?? `${base64url.encode(JSON.stringify({ alg: 'RS256', crit: ['x'], x: 1 }))}.${body}.AAAA`;
      assert.equal((await verify(critToken, 'jwks', JSON.stringify({ keys: [rsa.publicJwk] }))).error?.code, 'bad-token');
    });
  });

  describe('HS256 with a shared secret', () => {
    it('verifies with the right secret', async () => {
      const token = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
      const r = await verify(token, 'secret', SECRET);
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.match(r.keyDescription, /^HS256 shared secret \(38 bytes\)$/);
    });

    it('fails with a wrong secret', async () => {
      const token = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
      const r = await verify(token, 'secret', `${SECRET}x`);
      assert.equal(r.ok, false);
      assert.equal(r.signature, 'invalid');
    });

    it('HS384 and HS512, and a base64: secret for binary keys', async () => {
      const bytes = new Uint8Array(64).map((_, i) => (i * 37) & 0xff);
      for (const alg of ['HS384', 'HS512'] as const) {
        const token = hmacToken(alg, bytes);
        const r = await verify(token, 'secret', `base64:${Buffer.from(bytes).toString('base64')}`);
        assert.equal(r.ok, true, `${alg}: ${JSON.stringify(r)}`);
      }
    });

    it('a shared secret does not verify an RS256 token', async () => {
      const r = await verify(rsToken, 'secret', SECRET);
      assert.equal(r.error?.code, 'key-type-mismatch');
      assert.equal(r.error?.message, 'key type oct (shared secret) does not match alg RS256');
    });
  });

  describe('alg confusion is refused', () => {
    it('an HS256 token signed with the text of the RSA public key does not verify with that PEM key', async () => {
      const forged = hmacToken('HS256', rsa.spki, { ...CLAIMS, sub: 'admin' });
      const r = await verify(forged, 'pem', rsa.spki);
      assert.equal(r.ok, false);
      assert.equal(r.signature, 'error');
      assert.equal(r.error?.message, 'key type RSA does not match alg HS256');
    });

    it('nor with the JWKS holding that key', async () => {
      const forged = hmacToken('HS256', JSON.stringify(rsa.publicJwk), CLAIMS, { kid: 'kid-1' });
      const r = await verify(forged, 'jwks', JSON.stringify({ keys: [{ ...rsa.publicJwk, alg: undefined }] }));
      assert.equal(r.ok, false);
      assert.equal(r.error?.code, 'key-type-mismatch');
      assert.equal(r.error?.message, 'key type RSA does not match alg HS256');
    });

    it('a PEM or a JWK pasted as the shared secret is refused before any HMAC is computed', () => {
      assert.equal(parseError('secret', rsa.spki).code, 'looks-like-public-key');
      assert.equal(parseError('secret', `  ${rsa.spki}`).code, 'looks-like-public-key');
      assert.equal(parseError('secret', JSON.stringify(rsa.publicJwk)).code, 'looks-like-public-key');
    });

    it('a symmetric key (kty oct) or a private key in a JWKS is refused', async () => {
      assert.equal(parseError('jwks', JSON.stringify({ keys: [{ kty: 'oct', k: base64url.encode(SECRET) }] })).code, 'symmetric-in-key-set');
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      assert.equal(parseError('jwks', JSON.stringify({ keys: [await exportJWK(privateKey)] })).code, 'private-key');
    });

    it('alg none is refused whatever the key', async () => {
      const none = unsecuredToken(CLAIMS);
      for (const [kind, text] of [['secret', SECRET], ['pem', rsa.spki], ['jwks', JSON.stringify({ keys: [rsa.publicJwk] })]] as const) {
        const r = await verify(none, kind, text);
        assert.equal(r.ok, false);
        assert.equal(r.error?.code, 'alg-not-allowed', kind);
      }
      const upper = `${base64url.encode(JSON.stringify({ alg: 'NONE' }))}.${base64url.encode('{}')}.`;
      assert.equal((await verify(upper, 'secret', SECRET)).error?.code, 'alg-not-allowed');
    });
  });

  describe('garbage and bounds', () => {
    it('not JSON, not a key set, empty', () => {
      assert.equal(parseError('jwks', 'hello').code, 'not-json');
      assert.match(parseError('jwks', 'hello').message, /^not JSON/);
      assert.equal(parseError('jwks', '{"keys": 3}').code, 'not-a-key-set');
      assert.equal(parseError('jwks', '{"keys": []}').code, 'not-a-key-set');
      assert.equal(parseError('jwks', '[1,2]').code, 'not-a-key-set');
      assert.equal(parseError('jwks', '{"keys": [{"n": "x"}]}').code, 'not-a-key-set');
      assert.equal(parseError('jwks', '   ').code, 'empty');
      assert.equal(parseError('secret', '').code, 'empty');
    });

    it('bounded sizes', () => {
      assert.equal(parseError('jwks', ' '.repeat(MAX_KEY_TEXT_LENGTH + 1)).code, 'too-large');
      assert.equal(parseError('pem', 'A'.repeat(MAX_KEY_TEXT_LENGTH + 1)).code, 'too-large');
      assert.equal(parseError('secret', 's'.repeat(MAX_SECRET_LENGTH + 1)).code, 'too-large');
      assert.equal(parseError('jwks', JSON.stringify({ keys: Array.from({ length: 101 }, () => rsa.publicJwk) })).code, 'too-large');
    });

    it('a token that is not a signed JWT', async () => {
      for (const t of ['', 'abc', 'a.b', 'a.b.c.d.e', '!!!.e30.', `${base64url.encode('[1]')}.e30.`]) {
        const r = await verify(t, 'secret', SECRET);
        assert.equal(r.ok, false, t);
        assert.ok(r.error?.code === 'bad-token' || r.error?.code === 'encrypted-token', `${t}: ${JSON.stringify(r.error)}`);
      }
    });

    it('error messages never quote the key or the secret', async () => {
      const secretish = 'SUPERSECRET-{not a key}';
      const r = await verify(rsToken, 'secret', secretish);
      assert.ok(!JSON.stringify(r).includes('SUPERSECRET'));
      for (const [kind, text] of [['jwks', `SUPERSECRET${'x'.repeat(10)}`], ['pem', '-----BEGIN PUBLIC KEY-----SUPERSECRET-----END PUBLIC KEY-----']] as const) {
        assert.ok(!parseError(kind, text).message.includes('SUPERSECRET'), kind);
      }
    });
  });
});
