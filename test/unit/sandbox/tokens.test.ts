// The tokens: claims, signatures verified with jose against the pool's JWKS
// (fetched from <iss>/.well-known/jwks.json), and the discovery document.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, FakeClock, jwtHeader, jwtPayload, sdkClient, signIn } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

void describe('tokens', () => {
  const clock = new FakeClock();
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  let issuer: string;
  let tokens: Awaited<ReturnType<typeof signIn>>;
  let clientId: string;

  before(async () => {
    sandbox = await startSandbox({ now: clock.now });
    cognito = sdkClient(sandbox);
    issuer = `${sandbox.endpoint}/${sandbox.info.userPoolId}`;
    clientId = clientNamed(sandbox, 'rotating-grace-10s').clientId;
    tokens = await signIn(cognito, clientId, sandbox.info.user.username, sandbox.info.user.password);
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  void it('puts Cognito\'s claims in the ID token', () => {
    const p = jwtPayload(tokens.IdToken);
    const now = Math.floor(clock.now() / 1000);
    assert.deepEqual(Object.keys(p).sort(), [
      'aud', 'auth_time', 'cognito:groups', 'cognito:username', 'custom:tenant', 'email', 'email_verified', 'event_id',
      'exp', 'iat', 'iss', 'jti', 'name', 'origin_jti', 'sub', 'token_use',
    ]);
    assert.equal(p.token_use, 'id');
    assert.equal(p.aud, clientId);
    assert.equal(p.iss, issuer);
    assert.equal(p.sub, p['cognito:username']);
    assert.equal(p.email, sandbox.info.user.username);
    assert.equal(p.email_verified, true);
    assert.equal(p['custom:tenant'], 'acme');
    assert.deepEqual(p['cognito:groups'], ['admins', 'beta-testers']);
    assert.equal(p.iat, now);
    assert.equal(p.auth_time, now);
    assert.equal(p.exp, now + 3600);
    for (const claim of ['jti', 'origin_jti', 'event_id']) assert.match(String(p[claim]), UUID, claim);
  });

  void it('puts Cognito\'s claims in the access token, with client_id and no aud', () => {
    const p = jwtPayload(tokens.AccessToken);
    const id = jwtPayload(tokens.IdToken);
    assert.deepEqual(Object.keys(p).sort(), [
      'auth_time', 'client_id', 'cognito:groups', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'scope', 'sub',
      'token_use', 'username', 'version',
    ]);
    assert.equal(p.token_use, 'access');
    assert.equal(p.client_id, clientId);
    assert.equal(p.scope, 'aws.cognito.signin.user.admin');
    assert.equal(p.version, 2);
    assert.equal(p.username, id['cognito:username']);
    assert.equal(p.origin_jti, id.origin_jti);
    assert.equal(p.event_id, id.event_id);
    assert.notEqual(p.jti, id.jti);
  });

  void it('signs with RS256 and a kid, ID and access tokens with different keys of the pool', () => {
    const idHeader = jwtHeader(tokens.IdToken);
    const accessHeader = jwtHeader(tokens.AccessToken);
    assert.deepEqual(Object.keys(idHeader).sort(), ['alg', 'kid']);
    assert.equal(idHeader.alg, 'RS256');
    assert.equal(accessHeader.alg, 'RS256');
    assert.notEqual(idHeader.kid, accessHeader.kid);
  });

  void it('verifies both tokens with jose against <iss>/.well-known/jwks.json', async () => {
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const currentDate = new Date(clock.now());
    const id = await jwtVerify(tokens.IdToken, jwks, { issuer, audience: clientId, algorithms: ['RS256'], currentDate });
    assert.equal(id.payload.token_use, 'id');
    const access = await jwtVerify(tokens.AccessToken, jwks, { issuer, algorithms: ['RS256'], currentDate });
    assert.equal(access.payload.client_id, clientId);
  });

  void it('publishes a JWKS of RSA signing keys', async () => {
    const res = await fetch(`${issuer}/.well-known/jwks.json`);
    assert.equal(res.status, 200);
    const jwks = (await res.json()) as { keys: Record<string, string>[] };
    assert.equal(jwks.keys.length, 2);
    for (const key of jwks.keys) {
      assert.deepEqual(Object.keys(key).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
      assert.equal(key.kty, 'RSA');
      assert.equal(key.alg, 'RS256');
      assert.equal(key.use, 'sig');
      assert.equal(key.e, 'AQAB');
    }
    assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [jwtHeader(tokens.IdToken).kid, jwtHeader(tokens.AccessToken).kid].sort());
  });

  void it('rejects a token whose signature was tampered with', async () => {
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const [h, p, s] = tokens.IdToken.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    payload['cognito:groups'] = ['superadmins'];
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    await assert.rejects(jwtVerify(forged, jwks, { issuer, currentDate: new Date(clock.now()) }), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  void it('serves an OpenID discovery document naming the issuer and the JWKS', async () => {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as Record<string, unknown>;
    assert.equal(doc.issuer, issuer);
    assert.equal(doc.jwks_uri, `${issuer}/.well-known/jwks.json`);
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ['RS256']);
  });

  void it('keeps refresh tokens opaque: JWE-shaped, random, not decodable as a JWT', () => {
    const parts = tokens.RefreshToken.split('.');
    assert.equal(parts.length, 5);
    assert.deepEqual(JSON.parse(Buffer.from(parts[0], 'base64url').toString()), { cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' });
    assert.equal(Buffer.from(parts[1], 'base64url').length, 256);
    assert.equal(Buffer.from(parts[2], 'base64url').length, 12);
    assert.equal(Buffer.from(parts[4], 'base64url').length, 16);
    assert.throws(() => JSON.parse(Buffer.from(parts[3], 'base64url').toString()));
  });

  void it('omits cognito:groups for a user in no group', async () => {
    const other = await startSandbox({
      config: {
        region: 'eu-west-1',
        pools: [{
          id: 'eu-west-1_NoGroups1', name: 'p',
          clients: [{ name: 'c', clientId: 'nogroupsclient', clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }],
          users: [{ username: 'alice', password: 'pw', sub: '11111111-2222-4333-8444-555555555555', attributes: { email: 'a@example.com', email_verified: 'false' } }],
        }],
      },
    });
    try {
      const c = sdkClient(other);
      const t = await signIn(c, 'nogroupsclient', 'alice', 'pw');
      c.destroy();
      const id = jwtPayload(t.IdToken);
      assert.equal('cognito:groups' in id, false);
      assert.equal('cognito:groups' in jwtPayload(t.AccessToken), false);
      assert.equal(id.email_verified, false);
      assert.equal(id.iss, `${other.endpoint}/eu-west-1_NoGroups1`);
      assert.equal(other.info.user.username, 'alice', 'without email sign-in the user signs in with the user name');
    } finally {
      await other.close();
    }
  });
});
