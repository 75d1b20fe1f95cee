import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSessionPaste } from '../../../src/core/import';
import { refreshTokenJwe } from '../../fixtures/tokens/factory';
import { assertNoSecretsIn, AWS_POOL_ID, CLIENT_ID, expectFail, expectOk, FIXED_NOW_MS, makeTokens, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
let t: Tokens;
before(async () => {
  t = await makeTokens();
});

void describe('tokens in other text', () => {
  void it('a log line with the three tokens', () => {
    const paste = `2025-06-01T11:50:00Z INFO auth ok idToken=${t.idToken} accessToken=${t.accessToken} refresh=${t.refreshToken} user=jdoe`;
    const { draft } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.kind, 'tokens-in-text');
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.equal(draft.secrets.idToken, t.idToken);
    assert.equal(draft.secrets.accessToken, t.accessToken);
    assert.equal(draft.clientId, CLIENT_ID);
    assert.equal(draft.userPoolId, AWS_POOL_ID);
    assert.deepEqual(draft.missing, []);
  });

  void it('an HTTP trace with an opaque refresh token and a client id in a form body', () => {
    const paste = `POST /oauth2/token HTTP/1.1\nHost: auth.example.com\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=refresh_token&client_id=abcdefghijklmnopqrstuvwxyz&refresh_token=3f2b8c1e-9d4a-4e6b-8f00-123456789abc`;
    const { draft } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.kind, 'tokens-in-text');
    assert.equal(draft.secrets.refreshToken, '3f2b8c1e-9d4a-4e6b-8f00-123456789abc');
    assert.equal(draft.clientId, 'abcdefghijklmnopqrstuvwxyz');
  });

  void it('a shell command with its --output text result', () => {
    const paste = `$ aws cognito-idp initiate-auth --region eu-west-1 --client-id abcdefghijklmnopqrstuvwxyz --auth-flow USER_PASSWORD_AUTH --auth-parameters USERNAME=jdoe,PASSWORD=x --output text\nAUTHENTICATIONRESULT\t${t.accessToken}\t3600\t${t.idToken}\t${t.refreshToken}\tBearer`;
    const { draft } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    // The token's aud wins over the command line, and the disagreement is noted.
    assert.equal(draft.clientId, CLIENT_ID);
    assert.ok(draft.notes.some((n) => n.startsWith('The app client id differs')));
    assert.ok(draft.notes.some((n) => n.startsWith('The region differs')));
    assertNoSecretsIn({ ok: true, draft }, [t.idToken, t.accessToken, t.refreshToken]);
  });

  void it('several refresh tokens: the last one is used, the others are alternatives', async () => {
    const older = await refreshTokenJwe();
    const paste = `10:00 refreshed, new token ${older}\n11:00 refreshed, new token ${t.refreshToken}\n11:00 again ${t.refreshToken}`;
    const { draft, alternatives } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.equal(alternatives.length, 1);
    assert.equal(alternatives[0]?.secrets.refreshToken, older);
    assert.ok(draft.notes.some((n) => n.startsWith('Found 2 different refresh tokens')));
  });

  void it('an ID and an access token but no refresh token', () => {
    const result = parseSessionPaste(`Authorization: Bearer ${t.accessToken}\nX-Id: ${t.idToken}`, { now });
    const f = expectFail(result);
    assert.equal(f.recognised, 'an ID token and an access token but no refresh token');
    assertNoSecretsIn(result, [t.idToken, t.accessToken]);
  });

  void it('only an access token in text', () => {
    const f = expectFail(parseSessionPaste(`curl -H "Authorization: Bearer ${t.accessToken}" https://api.example.com`, { now }));
    assert.equal(f.recognised, 'an access token but no refresh token; an access token cannot refresh a session');
  });

  void it('text without tokens', () => {
    const f = expectFail(parseSessionPaste('hello world, nothing to see here', { now }));
    assert.equal(f.recognised, '32 characters of text with no token in it');
    assert.match(f.message, /^No usable refresh token found: the paste holds 32 characters of text with no token in it\. Paste a refresh token/);
  });

  void it('empty and whitespace-only pastes', () => {
    assert.equal(expectFail(parseSessionPaste('', { now })).recognised, 'nothing (the paste is empty)');
    assert.equal(expectFail(parseSessionPaste(' \n\t ', { now })).recognised, 'nothing (the paste is empty)');
  });
});
