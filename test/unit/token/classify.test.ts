import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyToken, decodeToken, parseUserPoolIssuer, type CognitoClassification } from '../../../src/core/token';
import {
  accessTokenClaims,
  AWS_ISSUER,
  AWS_POOL_ID,
  CLIENT_ID,
  createSigningKey,
  FIXED_NOW_MS,
  FIXED_NOW_S,
  idTokenClaims,
  refreshTokenJwe,
  signToken,
  SUB,
  type SigningKey,
} from '../../fixtures/tokens/factory';

let key: SigningKey;
before(async () => {
  key = await createSigningKey();
});

async function classify(claims: Record<string, unknown>): Promise<CognitoClassification> {
  const result = decodeToken(await signToken(key, claims), { now: FIXED_NOW_MS });
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.token.cognito;
}

void describe('classifying Cognito tokens', () => {
  void it('an ID token from an AWS user pool', async () => {
    assert.deepEqual(await classify(idTokenClaims()), {
      kind: 'id',
      isCognito: true,
      evidence: 'issuer',
      issuer: AWS_ISSUER,
      issuerKind: 'aws',
      region: 'us-east-1',
      userPoolId: AWS_POOL_ID,
      clientId: CLIENT_ID,
      username: 'jdoe',
      sub: SUB,
      groups: ['admins', 'developers'],
      tokenUse: 'id',
      originJti: 'origin-jti-1111',
      eventId: 'event-id-2222',
      jti: 'jti-id-3333',
      authTime: FIXED_NOW_S - 660,
    });
  });

  void it('an access token: client_id, username and scopes', async () => {
    const c = await classify(accessTokenClaims({ issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Xyz987' }));
    assert.equal(c.kind, 'access');
    assert.equal(c.region, 'eu-west-2');
    assert.equal(c.userPoolId, 'eu-west-2_Xyz987');
    assert.equal(c.clientId, CLIENT_ID);
    assert.equal(c.username, 'jdoe');
    assert.deepEqual(c.scopes, ['aws.cognito.signin.user.admin', 'openid', 'email']);
    assert.deepEqual(c.groups, ['admins']);
  });

  void it('an access token does not take its client id from aud', async () => {
    const c = await classify(accessTokenClaims({ extra: { aud: 'someone-else' } }));
    assert.equal(c.clientId, CLIENT_ID);
  });

  void it('tokens from local Cognito-compatible endpoints', async () => {
    const localstack = await classify(idTokenClaims({ issuer: 'http://127.0.0.1:4566/us-east-1_AbCdEf123' }));
    assert.equal(localstack.isCognito, true);
    assert.equal(localstack.issuerKind, 'compatible');
    assert.equal(localstack.userPoolId, 'us-east-1_AbCdEf123');
    assert.equal(localstack.region, 'us-east-1');

    const cognitoLocal = await classify(accessTokenClaims({ issuer: 'http://localhost:9229/local_5bZ2Dh4A' }));
    assert.equal(cognitoLocal.isCognito, true);
    assert.equal(cognitoLocal.kind, 'access');
    assert.equal(cognitoLocal.userPoolId, 'local_5bZ2Dh4A');
    assert.equal(cognitoLocal.region, 'local');
  });

  void it('a Cognito refresh token (JWE) by its header', async () => {
    const result = decodeToken(await refreshTokenJwe());
    assert.ok(result.ok);
    assert.deepEqual(result.token.cognito, { kind: 'refresh', isCognito: true, evidence: 'refresh-header' });
  });

  void it('another JWE is unknown', async () => {
    const result = decodeToken(await refreshTokenJwe({ alg: 'RSA-OAEP-256', enc: 'A128GCM' }));
    assert.ok(result.ok);
    assert.deepEqual(result.token.cognito, { kind: 'unknown', isCognito: false, evidence: 'none' });
  });

  void it('a JWS with token_use refresh (other endpoints)', async () => {
    const c = await classify({ iss: 'http://localhost:9229/local_5bZ2Dh4A', token_use: 'refresh', sub: SUB });
    assert.equal(c.kind, 'refresh');
    assert.equal(c.isCognito, true);
  });

  void it('a token from another issuer is unknown but still reports its claims', async () => {
    const c = await classify({ iss: 'https://login.example.com/realms/my_realm', sub: 'u1', aud: 'app', jti: 'j' });
    assert.deepEqual(c, {
      kind: 'unknown',
      isCognito: false,
      evidence: 'none',
      issuer: 'https://login.example.com/realms/my_realm',
      clientId: 'app',
      sub: 'u1',
      jti: 'j',
    });
  });

  void it('ignores claims of the wrong type', () => {
    const c = classifyToken('jws', { alg: 'RS256' }, {
      iss: 42,
      token_use: ['id'],
      'cognito:groups': ['a', 1, null, 'b'],
      scope: 7,
      auth_time: 'yesterday',
      aud: ['one', 'two'],
    });
    assert.deepEqual(c, { kind: 'unknown', isCognito: false, evidence: 'none', groups: ['a', 'b'] });
  });
});

void describe('parseUserPoolIssuer', () => {
  const accepted: Array<[string, string, string, 'aws' | 'compatible']> = [
    ['https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123', 'us-east-1', 'us-east-1_AbC123', 'aws'],
    ['https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_abc', 'us-gov-west-1', 'us-gov-west-1_abc', 'aws'],
    ['https://cognito-idp-fips.us-east-2.amazonaws.com/us-east-2_Q1', 'us-east-2', 'us-east-2_Q1', 'aws'],
    ['http://127.0.0.1:4566/us-east-1_AbCdEf123', 'us-east-1', 'us-east-1_AbCdEf123', 'compatible'],
    ['http://localhost:9229/local_5bZ2Dh4A', 'local', 'local_5bZ2Dh4A', 'compatible'],
    ['http://localhost:8080/cognito/ap-southeast-2_Z9/', 'ap-southeast-2', 'ap-southeast-2_Z9', 'compatible'],
  ];
  for (const [iss, region, userPoolId, kind] of accepted) {
    void it(`accepts ${iss}`, () => {
      assert.deepEqual(parseUserPoolIssuer(iss), { issuer: iss, kind, region, userPoolId });
    });
  }

  const rejected = [
    'https://login.example.com/realms/my_realm',
    'https://cognito-idp.us-east-1.amazonaws.com/',
    'https://cognito-idp.us-east-1.amazonaws.com/not-a-pool',
    'ftp://localhost/us-east-1_AbC',
    'http://localhost:9229/local_5bZ2Dh4A?x=1',
    'not a url',
    '',
  ];
  for (const iss of rejected) {
    void it(`rejects ${JSON.stringify(iss)}`, () => assert.equal(parseUserPoolIssuer(iss), undefined));
  }

  void it('a look-alike AWS host is at most a compatible endpoint, never "aws"', () => {
    const lookalike = 'https://cognito-idp.us-east-1.amazonaws.com.evil.example/us-east-1_AbC';
    assert.equal(parseUserPoolIssuer(lookalike)?.kind, 'compatible');
  });
});
