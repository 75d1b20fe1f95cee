// Issue 7 item 1: a refresh token must never be sent to an address taken from unverified token
// content. The parser only suggests a non-AWS issuer's endpoint; an AWS issuer counts only in
// its exact form; chooseEndpoint applies the user's answer.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { chooseEndpoint, isStrictAwsIssuer, parseSessionPaste, refreshDestination } from '../../../src/core/import';
import { signToken, idTokenClaims, unsecuredToken } from '../../fixtures/tokens/factory';
import { AWS_POOL_ID, AWS_REGION, CLIENT_ID, expectOk, FIXED_NOW_MS, makeTokens, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
let t: Tokens;
before(async () => {
  t = await makeTokens();
});

void describe('where the first refresh goes', () => {
  void it('the reported attack: an ID token naming 127.0.0.1 two lines above a real refresh token sets no endpoint', async () => {
    const forged = await signToken(t.key, idTokenClaims({ issuer: 'http://127.0.0.1:9999/us-east-1_X' }));
    const env = `ID_TOKEN=${forged}\nSOMETHING=else\nREFRESH_TOKEN=${t.refreshToken}\n`;
    const { draft } = expectOk(parseSessionPaste(env, { now }));
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.equal(draft.endpoint, undefined, 'the endpoint must not come from the token');
    assert.equal(draft.suggestedEndpoint?.url, 'http://127.0.0.1:9999');
    assert.match(draft.suggestedEndpoint?.source ?? '', /not verified/);
    // Nothing goes there until the user confirms it.
    assert.equal(refreshDestination(draft), 'https://cognito-idp.us-east-1.amazonaws.com');
    assert.equal(refreshDestination(chooseEndpoint(draft, { use: 'suggested' })), 'http://127.0.0.1:9999');
  });

  void it('an unsigned token also only suggests', () => {
    const forged = unsecuredToken(idTokenClaims({ issuer: 'http://127.0.0.1:9999/us-east-1_X' }));
    const { draft } = expectOk(parseSessionPaste(`ID_TOKEN=${forged}\nREFRESH_TOKEN=${t.refreshToken}`, { now }));
    assert.equal(draft.endpoint, undefined);
  });

  void it('an AWS issuer maps to the AWS endpoint of its Region, with no suggestion', () => {
    const { draft } = expectOk(parseSessionPaste(JSON.stringify({ IdToken: t.idToken, RefreshToken: t.refreshToken }), { now }));
    assert.equal(draft.endpoint, undefined);
    assert.equal(draft.suggestedEndpoint, undefined);
    assert.equal(draft.region, AWS_REGION);
    assert.equal(draft.userPoolId, AWS_POOL_ID);
    assert.equal(refreshDestination(draft), `https://cognito-idp.${AWS_REGION}.amazonaws.com`);
  });

  void it('AWS-looking issuers that are not the exact form give neither pool nor Region nor endpoint', async () => {
    const bad = [
      'https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_AbC123def', // pool of another Region
      'https://cognito-idp.us-east-1.amazonaws.com:8443/us-east-1_AbC123def',
      'https://cognito-idp.useast1.amazonaws.com/useast1_AbC123def',
      'https://cognito-idp-fips.us-east-1.amazonaws.com/us-east-1_AbC123def',
      'https://cognito-idp.us-east-1.amazonaws.com.cn/us-east-1_AbC123def',
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123def/',
    ];
    for (const issuer of bad) {
      const id = await signToken(t.key, idTokenClaims({ issuer }));
      const { draft } = expectOk(parseSessionPaste(JSON.stringify({ IdToken: id, RefreshToken: t.refreshToken }), { now }));
      assert.equal(draft.endpoint, undefined, issuer);
      assert.equal(draft.suggestedEndpoint, undefined, issuer);
      assert.equal(draft.userPoolId, undefined, issuer);
      assert.equal(draft.region, undefined, issuer);
      assert.equal(draft.clientId, CLIENT_ID, 'the client id still comes from aud');
    }
  });

  void it('isStrictAwsIssuer accepts the standard and China forms only', () => {
    assert.equal(isStrictAwsIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_A1', 'us-east-1', 'us-east-1_A1'), true);
    assert.equal(isStrictAwsIssuer('https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_A1', 'cn-north-1', 'cn-north-1_A1'), true);
    assert.equal(isStrictAwsIssuer('https://cognito-idp.cn-north-1.amazonaws.com/cn-north-1_A1', 'cn-north-1', 'cn-north-1_A1'), false);
    assert.equal(isStrictAwsIssuer('http://cognito-idp.us-east-1.amazonaws.com/us-east-1_A1', 'us-east-1', 'us-east-1_A1'), false);
  });
});

void describe('chooseEndpoint', () => {
  void it('use AWS: a cognito-local pool and Region go back to missing', async () => {
    const id = await signToken(t.key, idTokenClaims({ issuer: 'http://localhost:9229/local_5FhPz2aB' }));
    const { draft } = expectOk(parseSessionPaste(JSON.stringify({ IdToken: id, RefreshToken: t.refreshToken }), { now }));
    assert.equal(draft.region, 'local');
    const aws = chooseEndpoint(draft, { use: 'aws' });
    assert.equal(aws.endpoint, undefined);
    assert.equal(aws.suggestedEndpoint, undefined);
    assert.deepEqual(aws.missing, ['region', 'userPoolId']);
    const local = chooseEndpoint(draft, { use: 'suggested' });
    assert.equal(local.endpoint, 'http://localhost:9229');
    assert.equal(local.region, 'local');
    assert.deepEqual(local.missing, []);
    const typed = chooseEndpoint(draft, { use: 'url', url: 'http://127.0.0.1:4000' });
    assert.equal(typed.endpoint, 'http://127.0.0.1:4000');
    assert.equal(typed.suggestedEndpoint, undefined);
  });
});
