// aws-jwt-verify, a backend's production verifier, against sandbox tokens:
// the generic JwtVerifier with the local issuer, and CognitoJwtVerifier (which
// accepts only https://cognito-idp.<region>.amazonaws.com/<poolId>) on a pool
// configured with `issuer: "aws"`, its key set loaded with cacheJwks.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache, type Jwks } from 'aws-jwt-verify/jwk';
import { DEMO_AWS_ISSUER_POOL_ID, startSandbox, type SandboxHandle, type SandboxPoolInfo } from '../../../src/sandbox/index';
import { sdkClient, signIn } from '../sandbox/helpers';

void describe('aws-jwt-verify against the sandbox', () => {
  let sandbox: SandboxHandle;
  let localPool: SandboxPoolInfo;
  let awsPool: SandboxPoolInfo;
  before(async () => {
    sandbox = await startSandbox();
    localPool = sandbox.info.pools[0];
    const found = sandbox.info.pools.find((p) => p.userPoolId === DEMO_AWS_ISSUER_POOL_ID);
    assert.ok(found, 'the demo config has a pool with the AWS issuer');
    awsPool = found;
  });
  after(async () => { await sandbox.close(); });

  async function tokensFrom(pool: SandboxPoolInfo) {
    const cognito = sdkClient(sandbox);
    try {
      const client = pool.clients.find((c) => !c.rotation && c.clientSecret === null);
      assert.ok(client);
      return { client, ...await signIn(cognito, client.clientId, pool.user.username, pool.user.password) };
    } finally {
      cognito.destroy();
    }
  }

  // aws-jwt-verify's own fetcher speaks https only, so the sandbox's http key
  // set reaches it through a fetcher over the global fetch, or through cacheJwks.
  const httpJwksCache = () => new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });

  void it('verifies local-issuer tokens with the generic JwtVerifier (issuer and jwksUri given)', async () => {
    assert.equal(localPool.issuer, `${sandbox.endpoint}/${localPool.userPoolId}`);
    const t = await tokensFrom(localPool);
    const idVerifier = JwtVerifier.create({ issuer: localPool.issuer, audience: t.client.clientId, jwksUri: localPool.jwksUri }, { jwksCache: httpJwksCache() });
    const id = await idVerifier.verify(t.IdToken);
    assert.equal(id.token_use, 'id');
    // Access tokens carry client_id, not aud.
    const accessVerifier = JwtVerifier.create({
      issuer: localPool.issuer, audience: null, jwksUri: localPool.jwksUri,
      customJwtCheck: ({ payload }) => assert.equal(payload.client_id, t.client.clientId),
    });
    accessVerifier.cacheJwks(await (await fetch(localPool.jwksUri)).json() as Jwks);
    assert.equal((await accessVerifier.verify(t.AccessToken)).token_use, 'access');
    // A wrong issuer is refused, so the check above means something.
    await assert.rejects(JwtVerifier.create({ issuer: `${localPool.issuer}x`, audience: null, jwksUri: localPool.jwksUri }, { jwksCache: httpJwksCache() })
      .verify(t.IdToken), /issuer/i);
  });

  void it('CognitoJwtVerifier refuses the local issuer (why the "aws" issuer mode exists)', async () => {
    const t = await tokensFrom(localPool);
    const verifier = CognitoJwtVerifier.create({ userPoolId: localPool.userPoolId, clientId: t.client.clientId, tokenUse: 'id' });
    verifier.cacheJwks(await (await fetch(localPool.jwksUri)).json() as Jwks);
    await assert.rejects(verifier.verify(t.IdToken), /issuer/i);
  });

  void it('CognitoJwtVerifier with cacheJwks verifies ID and access tokens of a pool with the AWS issuer', async () => {
    assert.equal(awsPool.issuerMode, 'aws');
    assert.equal(awsPool.issuer, `https://cognito-idp.${sandbox.info.region}.amazonaws.com/${awsPool.userPoolId}`);
    assert.equal(awsPool.jwksUri, `${sandbox.endpoint}/${awsPool.userPoolId}/.well-known/jwks.json`);
    // The discovery document names the AWS issuer and the local key set.
    const discovery = await (await fetch(`${sandbox.endpoint}/${awsPool.userPoolId}/.well-known/openid-configuration`)).json() as Record<string, unknown>;
    assert.equal(discovery.issuer, awsPool.issuer);
    assert.equal(discovery.jwks_uri, awsPool.jwksUri);

    const t = await tokensFrom(awsPool);
    const jwks = await (await fetch(awsPool.jwksUri)).json() as Jwks;
    const idVerifier = CognitoJwtVerifier.create({ userPoolId: awsPool.userPoolId, clientId: t.client.clientId, tokenUse: 'id' });
    idVerifier.cacheJwks(jwks);
    const id = await idVerifier.verify(t.IdToken);
    assert.equal(id.iss, awsPool.issuer);
    assert.equal(id.aud, t.client.clientId);
    const accessVerifier = CognitoJwtVerifier.create({ userPoolId: awsPool.userPoolId, clientId: t.client.clientId, tokenUse: 'access' });
    accessVerifier.cacheJwks(jwks);
    assert.equal((await accessVerifier.verify(t.AccessToken)).client_id, t.client.clientId);
    // Another pool's key set does not verify them.
    const other = CognitoJwtVerifier.create({ userPoolId: awsPool.userPoolId, clientId: t.client.clientId, tokenUse: 'id' });
    other.cacheJwks(await (await fetch(localPool.jwksUri)).json() as Jwks);
    await assert.rejects(other.verify(t.IdToken));
  });
});
