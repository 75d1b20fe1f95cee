// What the hover finds around the cursor: the token under it (any length, escaped contexts),
// and when "Add as Session" makes sense, with the text it hands to the paste parser.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parseSessionPaste } from '../../../src/core/import/index';
import { NEARBY_LIMITS, sessionPasteNear, tokenAt } from '../../../src/vscode/hover/nearby';
import {
  accessTokenClaims,
  AWS_POOL_ID,
  CLIENT_ID,
  createSigningKey,
  FIXED_NOW_MS,
  idTokenClaims,
  refreshTokenJwe,
  signToken,
  unsecuredToken,
} from '../../fixtures/tokens/factory';

const NOW = FIXED_NOW_MS;
let id = '';
let access = '';
let refresh = '';
let otherId = '';
let otherRefresh = '';

before(async () => {
  const key = await createSigningKey();
  id = await signToken(key, idTokenClaims());
  access = await signToken(key, accessTokenClaims());
  refresh = await refreshTokenJwe();
  otherId = await signToken(key, idTokenClaims({ clientId: 'otherclient0000000000000000' }));
  otherRefresh = await refreshTokenJwe();
});

/** The paste "Add as Session" would get when hovering `hovered` in `text`. */
function pasteFor(text: string, hovered: string): string | undefined {
  const offset = text.indexOf(hovered) + Math.floor(hovered.length / 2);
  const at = tokenAt(text, offset, { now: NOW });
  assert.ok(at, 'no token under the cursor');
  assert.equal(at.found.raw, hovered);
  assert.ok(at.result.ok);
  return sessionPasteNear(text, at.found, at.result.token, { now: NOW });
}

test('tokenAt finds the token under the cursor in JSON, .env, a header, markdown and a URL', () => {
  const contexts = [
    (t: string) => `{"IdToken":"${t}"}`,
    (t: string) => `ID_TOKEN=${t}\n`,
    (t: string) => `2025-06-01T12:00:00Z DEBUG > Authorization: Bearer ${t}`,
    (t: string) => `Paste this: \`${t}\`.`,
    (t: string) => `https://app.example.com/cb#id_token=${t}&state=x`,
    (t: string) => `"{\\"IdToken\\":\\"${t}\\"}"`,
  ];
  for (const wrap of contexts) {
    const text = wrap(id);
    for (const offset of [text.indexOf(id), text.indexOf(id) + 100, text.indexOf(id) + id.length]) {
      const at = tokenAt(text, offset, { now: NOW });
      assert.equal(at?.found.raw, id, `${wrap('<token>')} at ${offset}`);
    }
  }
  assert.equal(tokenAt('no token here, just eyJ-looking words', 22), undefined);
});

test('a refresh token on its own is a session to add, with the labels around it', () => {
  const env = `# staging\nAWS_REGION=us-east-1\nCLIENT_ID=${CLIENT_ID}\nREFRESH_TOKEN=${refresh}\nOTHER=1\n`;
  const paste = pasteFor(env, refresh);
  assert.ok(paste !== undefined && paste.includes(`CLIENT_ID=${CLIENT_ID}`), 'the client id label above was left out');
  assert.ok(paste.includes('AWS_REGION=us-east-1'));
  const parsed = parseSessionPaste(paste, { now: NOW });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.equal(parsed.draft.secrets.refreshToken, refresh);
  assert.equal(parsed.draft.clientId, CLIENT_ID);
});

test('an ID or access token alone is not a session: no paste', () => {
  assert.equal(pasteFor(`{"IdToken": "${id}"}`, id), undefined);
  assert.equal(pasteFor(`Authorization: Bearer ${access}`, access), undefined);
});

test('an AuthenticationResult: hovering any of its tokens gives the whole result', () => {
  const json = JSON.stringify(
    { AuthenticationResult: { AccessToken: access, ExpiresIn: 3600, TokenType: 'Bearer', RefreshToken: refresh, IdToken: id }, ChallengeParameters: {} },
    null,
    2,
  );
  for (const hovered of [id, access, refresh]) {
    const paste = pasteFor(json, hovered);
    assert.ok(paste, 'no paste');
    const parsed = parseSessionPaste(paste, { now: NOW });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.draft.secrets.refreshToken, refresh);
    assert.equal(parsed.draft.secrets.idToken, id);
    assert.equal(parsed.draft.secrets.accessToken, access);
    assert.equal(parsed.draft.userPoolId, AWS_POOL_ID);
  }
});

test('the same on one minified line, and in an Amplify localStorage dump', () => {
  const minified = `${'x'.repeat(5000)};var s={"AccessToken":"${access}","RefreshToken":"${refresh}","IdToken":"${id}"};${'y'.repeat(5000)}`;
  const paste = pasteFor(minified, id);
  assert.ok(paste !== undefined && paste.length < id.length + access.length + refresh.length + 2 * NEARBY_LIMITS.lineChars + 100, 'the paste took the whole long line');
  assert.ok(parseSessionPaste(paste, { now: NOW }).ok);

  const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
  const dump = [
    `${prefix}.LastAuthUser\tjdoe`,
    `${prefix}.jdoe.idToken\t${id}`,
    `${prefix}.jdoe.accessToken\t${access}`,
    `${prefix}.jdoe.refreshToken\t${refresh}`,
    `${prefix}.jdoe.clockDrift\t0`,
  ].join('\n');
  const fromDump = pasteFor(dump, access);
  assert.ok(fromDump !== undefined && fromDump.includes('LastAuthUser'));
  const parsed = parseSessionPaste(fromDump, { now: NOW });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.equal(parsed.draft.secrets.refreshToken, refresh);
});

test('another session next door: same-line tokens first, and only matching clients join', () => {
  const log = [`session A: id=${otherId} refresh=${otherRefresh}`, `session B: id=${id} refresh=${refresh}`].join('\n');
  const paste = pasteFor(log, id);
  assert.ok(paste !== undefined && paste.includes(refresh));
  assert.ok(!paste.includes(otherRefresh), "the other session's refresh token was taken");
  assert.ok(!paste.includes(otherId), 'a token of another client was taken');

  // An ID token of another client is not taken even when it is the nearest.
  const mixed = [`IdToken=${otherId}`, `AccessToken=${access}`, `RefreshToken=${refresh}`].join('\n');
  const fromAccess = pasteFor(mixed, access);
  assert.ok(fromAccess !== undefined && fromAccess.includes(refresh));
  assert.ok(!fromAccess.includes(otherId));
});

test('an unsigned token never offers a session', () => {
  const forged = unsecuredToken(idTokenClaims());
  assert.equal(pasteFor(`IdToken=${forged}\nRefreshToken=${refresh}`, forged), undefined);
});

test('a 20 KB token is found from anywhere in it, near its end too', async () => {
  const groups = Array.from({ length: 700 }, (_, i) => `group-with-a-long-name-${i}`);
  const big = await signToken(await createSigningKey(), idTokenClaims({ groups }));
  assert.ok(big.length > 20_000);
  const text = `{"IdToken": "${big}"}`;
  const start = text.indexOf(big);
  for (const offset of [start + 1, start + 10_000, start + big.length - 5, start + big.length]) {
    assert.equal(tokenAt(text, offset, { now: NOW })?.found.raw, big, `offset ${offset - start}`);
  }
});
