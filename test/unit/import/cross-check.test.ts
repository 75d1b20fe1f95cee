import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSessionPaste } from '../../../src/core/import';
import { AWS_POOL_ID, CLIENT_ID, expectOk, FIXED_NOW_MS, makeTokens } from './fixtures';

const now = FIXED_NOW_MS;

function paste(idToken: string | undefined, accessToken: string | undefined, refreshToken: string): string {
  return JSON.stringify({ IdToken: idToken, AccessToken: accessToken, RefreshToken: refreshToken });
}

void describe('filling in and cross-checking from the tokens', () => {
  void it('the ID token aud and the access token client_id disagree: the ID token wins, with a note', async () => {
    const t = await makeTokens({ clientId: 'idclient' }, { clientId: 'accessclient' });
    const { draft } = expectOk(parseSessionPaste(paste(t.idToken, t.accessToken, t.refreshToken), { now }));
    assert.equal(draft.clientId, 'idclient');
    assert.ok(
      draft.notes.includes(
        'The app client id differs: the ID token (aud) says "idclient" and the access token (client_id) says "accessclient". Using "idclient" from the ID token (aud).',
      ),
      draft.notes.join(' | '),
    );
  });

  void it('the tokens name different user pools', async () => {
    const t = await makeTokens({}, { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other123' });
    const { draft } = expectOk(parseSessionPaste(paste(t.idToken, t.accessToken, t.refreshToken), { now }));
    assert.equal(draft.userPoolId, AWS_POOL_ID);
    assert.equal(draft.region, 'us-east-1');
    assert.ok(draft.notes.some((n) => n.startsWith('The user pool id differs')));
  });

  void it('the tokens belong to different users', async () => {
    const t = await makeTokens({}, { extra: { sub: 'someone-else' } });
    const { draft } = expectOk(parseSessionPaste(paste(t.idToken, t.accessToken, t.refreshToken), { now }));
    assert.ok(draft.notes.some((n) => n.includes('different users')));
  });

  void it('only an access token next to the refresh token: pool and client from it', async () => {
    const t = await makeTokens();
    const { draft } = expectOk(parseSessionPaste(paste(undefined, t.accessToken, t.refreshToken), { now }));
    assert.equal(draft.clientId, CLIENT_ID);
    assert.equal(draft.userPoolId, AWS_POOL_ID);
    assert.equal(draft.username, 'jdoe');
    assert.equal(draft.label, `jdoe @ ${AWS_POOL_ID}`);
    assert.deepEqual(draft.missing, []);
  });

  void it('tokens swapped between fields are put right', async () => {
    const t = await makeTokens();
    const { draft } = expectOk(parseSessionPaste(paste(t.accessToken, t.idToken, t.refreshToken), { now }));
    assert.equal(draft.secrets.idToken, t.idToken);
    assert.equal(draft.secrets.accessToken, t.accessToken);
    assert.ok(draft.notes.some((n) => n.includes('holds an ID token')));
  });

  void it('a local issuer only suggests the endpoint (unverified), it does not set it', async () => {
    const issuer = 'http://127.0.0.1:4566/us-east-1_Local123';
    const t = await makeTokens({ issuer });
    const { draft } = expectOk(parseSessionPaste(paste(t.idToken, t.accessToken, t.refreshToken), { now }));
    assert.equal(draft.endpoint, undefined);
    assert.deepEqual(draft.suggestedEndpoint, { url: 'http://127.0.0.1:4566', source: 'the iss claim of the ID token (not verified)' });
    assert.equal(draft.userPoolId, 'us-east-1_Local123');
    assert.equal(draft.region, 'us-east-1');
  });

  void it('an AWS issuer gives no endpoint; the username falls back to sub', async () => {
    const t = await makeTokens({ extra: { 'cognito:username': undefined } }, { extra: { username: undefined } });
    const { draft } = expectOk(parseSessionPaste(paste(t.idToken, t.accessToken, t.refreshToken), { now }));
    assert.equal(draft.endpoint, undefined);
    assert.equal(draft.suggestedEndpoint, undefined);
    assert.equal(draft.username, 'aaaaaaaa-bbbb-cccc-dddd-example11111');
  });

  void it('an ID token that does not decode is left out with a note', async () => {
    const t = await makeTokens();
    const { draft } = expectOk(parseSessionPaste(paste('eyJhbGciOiJSUzI1NiJ9.not-json.sig', t.accessToken, t.refreshToken), { now }));
    assert.equal(draft.secrets.idToken, undefined);
    assert.ok(draft.notes.some((n) => n.startsWith('The ID token was left out')));
  });
});
