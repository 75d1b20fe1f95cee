import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSessionPaste } from '../../../src/core/import';
import { assertNoSecretsIn, AWS_POOL_ID, CLIENT_ID, expectFail, expectOk, FIXED_NOW_MS, makeTokens, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
let t: Tokens;
before(async () => {
  t = await makeTokens();
});

function authResult(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { AccessToken: t.accessToken, ExpiresIn: 3600, TokenType: 'Bearer', RefreshToken: t.refreshToken, IdToken: t.idToken, ...extra };
}

function assertFilled(paste: string, kind: string): void {
  const { draft } = expectOk(parseSessionPaste(paste, { now }));
  assert.equal(draft.kind, kind);
  assert.equal(draft.region, 'us-east-1');
  assert.equal(draft.userPoolId, AWS_POOL_ID);
  assert.equal(draft.clientId, CLIENT_ID);
  assert.equal(draft.username, 'jdoe');
  assert.equal(draft.label, `jdoe@example.com @ ${AWS_POOL_ID}`);
  assert.equal(draft.endpoint, undefined);
  assert.equal(draft.secrets.refreshToken, t.refreshToken);
  assert.equal(draft.secrets.idToken, t.idToken);
  assert.equal(draft.secrets.accessToken, t.accessToken);
  assert.deepEqual(draft.missing, []);
}

void describe('AuthenticationResult and the output around it', () => {
  void it('a bare AuthenticationResult object', () => {
    const { draft } = expectOk(parseSessionPaste(JSON.stringify(authResult(), null, 4), { now }));
    assert.equal(draft.kind, 'authentication-result');
    assert.equal(draft.secrets.expiresIn, 3600);
    assertFilled(JSON.stringify(authResult()), 'authentication-result');
  });

  void it('with NewDeviceMetadata: the device key is kept', () => {
    const paste = JSON.stringify(authResult({ NewDeviceMetadata: { DeviceKey: 'us-east-1_0a1b2c3d-1111-2222-3333-444455556666', DeviceGroupKey: '-abcdefg' } }));
    const { draft } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.deviceKey, 'us-east-1_0a1b2c3d-1111-2222-3333-444455556666');
  });

  void it('aws cognito-idp initiate-auth output', () => {
    const paste = JSON.stringify({ ChallengeParameters: {}, AuthenticationResult: authResult() }, null, 4);
    assertFilled(paste, 'aws-cli-output');
  });

  void it('with surrounding whitespace and a trailing comma', () => {
    assertFilled(`\n\n   ${JSON.stringify({ AuthenticationResult: authResult() }, null, 2)},\n  `, 'aws-cli-output');
  });

  void it('a JSON paste cut before its closing braces is read line by line', () => {
    const whole = JSON.stringify({ ChallengeParameters: {}, AuthenticationResult: authResult() }, null, 4);
    const cut = whole.slice(0, whole.lastIndexOf('\n    }'));
    assert.throws(() => JSON.parse(cut) as unknown);
    assertFilled(cut, 'aws-cli-output');
  });

  void it('a JS object literal with single quotes, unquoted keys and a trailing comma', () => {
    const paste = `{\n  AccessToken: '${t.accessToken}',\n  ExpiresIn: 3600,\n  IdToken: '${t.idToken}',\n  RefreshToken: '${t.refreshToken}',\n  TokenType: 'Bearer',\n}`;
    assertFilled(paste, 'authentication-result');
  });

  void it('what console.log prints for an SDK v3 response ($metadata, undefined, [Object], split strings)', () => {
    const half = Math.floor(t.idToken.length / 2);
    const paste = `{
  '$metadata': {
    httpStatusCode: 200,
    requestId: 'c0ffee00-1111-2222-3333-444455556666',
    extendedRequestId: undefined,
    cfId: undefined,
    attempts: 1,
    totalRetryDelay: 0
  },
  AuthenticationResult: {
    AccessToken: '${t.accessToken}',
    ExpiresIn: 3600,
    IdToken: '${t.idToken.slice(0, half)}' +
      '${t.idToken.slice(half)}',
    NewDeviceMetadata: [Object],
    RefreshToken: '${t.refreshToken}',
    TokenType: 'Bearer'
  },
  ChallengeParameters: {}
}`;
    assertFilled(paste, 'aws-cli-output');
  });

  void it('a Python (boto3) response repr', () => {
    const paste = `{'ChallengeParameters': {}, 'AuthenticationResult': {'AccessToken': '${t.accessToken}', 'ExpiresIn': 3600, 'TokenType': 'Bearer', 'RefreshToken': '${t.refreshToken}', 'IdToken': '${t.idToken}'}, 'ResponseMetadata': {'RequestId': 'abc', 'HTTPStatusCode': 200, 'RetryAttempts': 0, 'Ok': True, 'X': None}}`;
    assertFilled(paste, 'aws-cli-output');
  });

  void it('an OAuth2 token endpoint response', () => {
    const paste = JSON.stringify({ id_token: t.idToken, access_token: t.accessToken, refresh_token: t.refreshToken, expires_in: 3600, token_type: 'Bearer' });
    assertFilled(paste, 'authentication-result');
    const { draft } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.secrets.expiresIn, 3600);
  });

  void it('YAML output (aws ... --output yaml)', () => {
    const paste = `AuthenticationResult:\n  AccessToken: ${t.accessToken}\n  ExpiresIn: 3600\n  IdToken: ${t.idToken}\n  NewDeviceMetadata:\n    DeviceGroupKey: -xyz\n    DeviceKey: us-east-1_dev1ce\n  RefreshToken: ${t.refreshToken}\n  TokenType: Bearer\nChallengeParameters: {}\n`;
    assertFilled(paste, 'aws-cli-output');
    assert.equal(expectOk(parseSessionPaste(paste, { now })).draft.deviceKey, 'us-east-1_dev1ce');
  });

  void it('.env lines', () => {
    const paste = `# tokens\nexport ID_TOKEN=${t.idToken}\nACCESS_TOKEN="${t.accessToken}"\nREFRESH_TOKEN=${t.refreshToken}\n`;
    assertFilled(paste, 'authentication-result');
  });

  void it('a GetTokensFromRefreshToken request: ClientId is used, the secret is not imported', () => {
    const paste = JSON.stringify({ RefreshToken: t.refreshToken, ClientId: 'abcdefghijklmnopqrstuvwxyz', ClientSecret: 'not-imported-secret-value-1234567890ABCDEF' });
    const result = parseSessionPaste(paste, { now });
    const { draft } = expectOk(result);
    assert.equal(draft.clientId, 'abcdefghijklmnopqrstuvwxyz');
    assert.deepEqual(draft.missing, ['region', 'userPoolId']);
    assert.ok(draft.notes.some((n) => n.includes('client secret') && n.includes('not imported')));
    assert.ok(!JSON.stringify(draft).includes('not-imported-secret-value'));
  });

  void it('an InitiateAuth REFRESH_TOKEN_AUTH request: token and device key from AuthParameters', () => {
    const paste = JSON.stringify({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: 'abcdefghijklmnopqrstuvwxyz',
      AuthParameters: { REFRESH_TOKEN: t.refreshToken, DEVICE_KEY: 'us-east-1_dk' },
    });
    const { draft } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.kind, 'authentication-result');
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.equal(draft.clientId, 'abcdefghijklmnopqrstuvwxyz');
    assert.equal(draft.deviceKey, 'us-east-1_dk');
  });

  void it('several results: the first is used, the others are alternatives', async () => {
    const other = await makeTokens({ clientId: 'otherclient' });
    const paste = JSON.stringify([
      { AuthenticationResult: authResult() },
      { AuthenticationResult: { IdToken: other.idToken, AccessToken: other.accessToken, RefreshToken: other.refreshToken } },
    ]);
    const { draft, alternatives } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.clientId, CLIENT_ID);
    assert.equal(alternatives.length, 1);
    assert.equal(alternatives[0]?.clientId, 'otherclient');
    assert.ok(draft.notes.some((n) => n.includes('2 sets of tokens')));
  });
});

void describe('results that cannot make a session', () => {
  void it('the result of a refresh has no RefreshToken', () => {
    const paste = JSON.stringify({ AuthenticationResult: { AccessToken: t.accessToken, IdToken: t.idToken, ExpiresIn: 3600, TokenType: 'Bearer' }, ChallengeParameters: {} });
    const result = parseSessionPaste(paste, { now });
    const f = expectFail(result);
    assert.equal(f.recognised, 'AWS CLI or SDK output with an AuthenticationResult with an ID token and an access token but no refresh token');
    assert.ok(f.message.includes('original sign-in'));
    assertNoSecretsIn(result, [t.idToken, t.accessToken]);
  });

  void it('an OAuth2 response without refresh_token', () => {
    const f = expectFail(parseSessionPaste(JSON.stringify({ access_token: t.accessToken, expires_in: 3600 }), { now }));
    assert.equal(f.recognised, 'an OAuth2 token response with an access token but no refresh token');
  });

  void it('an access token in the RefreshToken field', () => {
    const result = parseSessionPaste(JSON.stringify({ RefreshToken: t.accessToken, IdToken: t.idToken }), { now });
    const f = expectFail(result);
    assert.equal(f.recognised, 'an AuthenticationResult-like object whose refresh token field holds a JWS access token, which cannot refresh a session');
    assertNoSecretsIn(result, [t.idToken, t.accessToken]);
  });

  void it('a sign-in challenge', () => {
    const paste = JSON.stringify({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'AYABeCrazyLongOpaqueSessionValue1234567890abcdefABCDEF', ChallengeParameters: { USER_ID_FOR_SRP: 'jdoe' } });
    const result = parseSessionPaste(paste, { now });
    const f = expectFail(result);
    assert.equal(f.recognised, 'a sign-in challenge (NEW_PASSWORD_REQUIRED) instead of tokens');
    assert.ok(f.message.includes('respond-to-auth-challenge'));
    assertNoSecretsIn(result, ['AYABeCrazyLongOpaqueSessionValue1234567890abcdefABCDEF']);
  });

  void it('a JSON object with other keys', () => {
    const f = expectFail(parseSessionPaste('{"a": 1, "b": [2], "c": {"d": "e"}}', { now }));
    assert.equal(f.recognised, 'a JSON object with keys a, b, c, and no token in it');
    assert.ok(f.expected.includes('refresh token'));
  });
});

void describe('.env files that name the pool with app-specific prefixes', () => {
  void it('COGNITO_CLIENT_ID, VITE_USER_POOL_ID and NEXT_PUBLIC_AWS_REGION fill in what a lone refresh token lacks', () => {
    const paste = [
      'NEXT_PUBLIC_AWS_REGION=eu-west-1',
      'VITE_USER_POOL_ID=eu-west-1_AbC123',
      'COGNITO_CLIENT_ID=abcdefghijklmnopqrstuvwxyz',
      `REFRESH_TOKEN=${t.refreshToken}`,
    ].join('\n');
    const result = parseSessionPaste(paste, { now });
    const { draft } = expectOk(result);
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.equal(draft.clientId, 'abcdefghijklmnopqrstuvwxyz');
    assert.equal(draft.userPoolId, 'eu-west-1_AbC123');
    assert.equal(draft.region, 'eu-west-1');
    assert.deepEqual(draft.missing, []);
    assertNoSecretsIn(result, [t.refreshToken]);
  });
});
