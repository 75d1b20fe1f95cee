import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSessionPaste } from '../../../src/core/import';
import { assertNoSecretsIn, AWS_POOL_ID, CLIENT_ID, expectFail, expectOk, FIXED_NOW_MS, makeTokens, SUB, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
const P = 'CognitoIdentityServiceProvider';
let t: Tokens;
let bob: Tokens;
before(async () => {
  t = await makeTokens();
  bob = await makeTokens({ extra: { 'cognito:username': 'bob', email: 'bob@example.com', sub: 'bbbbbbbb-0000-0000-0000-000000000000' } });
});

function entries(user: string, tokens: Tokens, clientId = CLIENT_ID, extra: Record<string, string> = {}): Record<string, string> {
  const base = `${P}.${clientId}.${user}`;
  return {
    [`${base}.idToken`]: tokens.idToken,
    [`${base}.accessToken`]: tokens.accessToken,
    [`${base}.refreshToken`]: tokens.refreshToken,
    [`${base}.clockDrift`]: '0',
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${base}.${k}`, v])),
  };
}

function dump(): Record<string, string> {
  return {
    'amplify-signin-with-hostedUI': 'false',
    ...entries('jdoe', t, CLIENT_ID, { deviceKey: 'us-east-1_d3v1ce', signInDetails: '{"loginId":"jdoe@example.com","authFlowType":"USER_SRP_AUTH"}' }),
    [`${P}.${CLIENT_ID}.LastAuthUser`]: 'jdoe',
  };
}

void describe('Amplify / amazon-cognito-identity-js localStorage', () => {
  void it('JSON.stringify(localStorage): one user', () => {
    const { draft, alternatives } = expectOk(parseSessionPaste(JSON.stringify(dump()), { now }));
    assert.equal(draft.kind, 'amplify-local-storage');
    assert.equal(draft.clientId, CLIENT_ID);
    assert.equal(draft.userPoolId, AWS_POOL_ID);
    assert.equal(draft.region, 'us-east-1');
    assert.equal(draft.username, 'jdoe');
    assert.equal(draft.deviceKey, 'us-east-1_d3v1ce');
    assert.equal(draft.label, `jdoe@example.com @ ${AWS_POOL_ID}`);
    assert.deepEqual(draft.secrets, { refreshToken: t.refreshToken, idToken: t.idToken, accessToken: t.accessToken });
    assert.deepEqual(draft.missing, []);
    assert.deepEqual(draft.notes, []);
    assert.deepEqual(alternatives, []);
  });

  void it('copy(localStorage) pretty-printed, and the console\'s quoted string form', () => {
    expectOk(parseSessionPaste(JSON.stringify(dump(), null, 2), { now }));
    const quoted = JSON.stringify(JSON.stringify(dump()));
    const { draft } = expectOk(parseSessionPaste(quoted, { now }));
    assert.equal(draft.kind, 'amplify-local-storage');
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
  });

  void it('key=value, key: value and devtools table (TAB) lines', () => {
    const d = dump();
    for (const sep of ['=', ': ', '\t']) {
      const paste = Object.entries(d)
        .map(([k, v]) => `${k}${sep}${v}`)
        .join('\n');
      const { draft } = expectOk(parseSessionPaste(paste, { now }));
      assert.equal(draft.kind, 'amplify-local-storage', `separator ${JSON.stringify(sep)}`);
      assert.equal(draft.secrets.refreshToken, t.refreshToken);
      assert.equal(draft.deviceKey, 'us-east-1_d3v1ce');
    }
  });

  void it('what the Chrome console prints for localStorage (unquoted keys)', () => {
    const d = { ...entries('jdoe@example.com', t), [`${P}.${CLIENT_ID}.LastAuthUser`]: 'jdoe@example.com' };
    const paste = `Storage {${Object.entries(d)
      .map(([k, v]) => `${k}: '${v}'`)
      .join(', ')}, length: 5}`;
    const { draft } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.kind, 'amplify-local-storage');
    assert.equal(draft.clientId, CLIENT_ID);
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
  });

  void it('a document.cookie string (Amplify v6 with SSR)', () => {
    const paste = Object.entries(dump())
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const { draft } = expectOk(parseSessionPaste(paste, { now }));
    assert.equal(draft.kind, 'amplify-local-storage');
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
  });

  void it('a Playwright storageState file', () => {
    const state = { cookies: [], origins: [{ origin: 'http://localhost:3000', localStorage: Object.entries(dump()).map(([name, value]) => ({ name, value })) }] };
    const { draft } = expectOk(parseSessionPaste(JSON.stringify(state), { now }));
    assert.equal(draft.kind, 'amplify-local-storage');
    assert.equal(draft.username, 'jdoe');
  });

  void it('usernames with dots (emails) in the key', () => {
    const d = { ...entries('jdoe@example.com', t), [`${P}.${CLIENT_ID}.LastAuthUser`]: 'jdoe@example.com' };
    const { draft } = expectOk(parseSessionPaste(JSON.stringify(d), { now }));
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.equal(draft.username, 'jdoe', 'the internal username comes from the token');
  });

  void it('several users: the LastAuthUser is used, the others are alternatives', () => {
    const d = { ...entries('jdoe', t), ...entries('bob', bob), [`${P}.${CLIENT_ID}.LastAuthUser`]: 'bob' };
    const { draft, alternatives } = expectOk(parseSessionPaste(JSON.stringify(d), { now }));
    assert.equal(draft.username, 'bob');
    assert.equal(draft.secrets.refreshToken, bob.refreshToken);
    assert.ok(draft.notes.includes("Several users found in the localStorage dump; used the LastAuthUser 'bob'. The others are offered as alternatives."));
    assert.equal(alternatives.length, 1);
    assert.equal(alternatives[0]?.username, 'jdoe');
    assert.equal(alternatives[0]?.secrets.refreshToken, t.refreshToken);
    assert.equal(alternatives[0]?.kind, 'amplify-local-storage');
  });

  void it('the LastAuthUser has no refresh token: another user is used, with a note', () => {
    const d: Record<string, string> = { ...entries('jdoe', t), ...entries('bob', bob), [`${P}.${CLIENT_ID}.LastAuthUser`]: 'bob' };
    delete d[`${P}.${CLIENT_ID}.bob.refreshToken`];
    const { draft, alternatives } = expectOk(parseSessionPaste(JSON.stringify(d), { now }));
    assert.equal(draft.username, 'jdoe');
    assert.ok(draft.notes.some((n) => n.includes("LastAuthUser 'bob' has no usable refresh token")));
    assert.deepEqual(alternatives, []);
  });

  void it('several app clients', async () => {
    const other = await makeTokens({ clientId: 'secondclient' });
    const d = {
      ...entries('jdoe', t),
      [`${P}.${CLIENT_ID}.LastAuthUser`]: 'jdoe',
      ...entries('jdoe', other, 'secondclient'),
      [`${P}.secondclient.LastAuthUser`]: 'jdoe',
    };
    const { draft, alternatives } = expectOk(parseSessionPaste(JSON.stringify(d), { now }));
    assert.equal(draft.clientId, CLIENT_ID);
    assert.equal(alternatives[0]?.clientId, 'secondclient');
    assert.ok(draft.notes.some((n) => n.startsWith('Sessions for 2 app clients found')));
  });

  void it('the key\'s client id disagrees with the token: the token wins, with a note', () => {
    const d = { ...entries('jdoe', t, 'keyclientid'), [`${P}.keyclientid.LastAuthUser`]: 'jdoe' };
    const { draft } = expectOk(parseSessionPaste(JSON.stringify(d), { now }));
    assert.equal(draft.clientId, CLIENT_ID);
    const note = draft.notes.find((n) => n.startsWith('The app client id differs'));
    assert.ok(note, draft.notes.join(' | '));
    assert.ok(note.includes('the localStorage key says "keyclientid"'));
    assert.ok(note.includes(`the ID token (aud) says "${CLIENT_ID}"`));
  });

  void it('only a refresh token stored: the client id comes from the key, the username from the key', () => {
    const d = { [`${P}.${CLIENT_ID}.${SUB}.refreshToken`]: t.refreshToken, [`${P}.${CLIENT_ID}.LastAuthUser`]: SUB };
    const { draft } = expectOk(parseSessionPaste(JSON.stringify(d), { now }));
    assert.equal(draft.clientId, CLIENT_ID);
    assert.equal(draft.username, SUB);
    assert.deepEqual(draft.missing, ['region', 'userPoolId']);
  });

  void it('no refresh token stored: fails and says so', () => {
    const d = dump();
    delete d[`${P}.${CLIENT_ID}.jdoe.refreshToken`];
    const result = parseSessionPaste(JSON.stringify(d), { now });
    const f = expectFail(result);
    assert.equal(f.recognised, `an Amplify localStorage dump (app client "${CLIENT_ID}"; 1 user: "jdoe") with an ID token but no refresh token`);
    assertNoSecretsIn(result, [t.idToken, t.accessToken]);
  });

  void it('a refresh token entry that was cut short: fails without quoting it', () => {
    const d = dump();
    d[`${P}.${CLIENT_ID}.jdoe.refreshToken`] = t.refreshToken.slice(0, 300);
    const result = parseSessionPaste(JSON.stringify(d), { now });
    const f = expectFail(result);
    assert.match(f.recognised, /whose refreshToken entry holds a token that starts like a JWT/);
    assertNoSecretsIn(result, [t.idToken, t.accessToken, t.refreshToken.slice(0, 300)]);
  });
});
