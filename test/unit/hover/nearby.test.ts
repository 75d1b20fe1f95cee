// What the hover finds around the cursor: the token under it (any length, escaped contexts),
// and when "Add as Session" makes sense, with the text it hands to the paste parser.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parseSessionPaste } from '../../../src/core/import/index';
import { NEARBY_LIMITS, neighbourhoodRange, OTHER_TOKEN_PLACEHOLDER, sessionPasteNear, tokenAt } from '../../../src/vscode/hover/nearby';
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

test('another session next door: nearness proves nothing, so the refresh token goes alone', () => {
  const log = [`session A: id=${otherId} refresh=${otherRefresh}`, `session B: id=${id} refresh=${refresh}`].join('\n');
  assert.equal(pasteFor(log, id), undefined, 'an ID token in a log line has no provable refresh token');
  const paste = pasteFor(log, refresh);
  assert.ok(paste !== undefined && paste.includes(refresh));
  for (const other of [id, otherId, otherRefresh]) assert.ok(!paste.includes(other), 'an unrelated token was handed over');
  assert.ok(paste.includes(OTHER_TOKEN_PLACEHOLDER));

  // .env lines: no container, so no pairing, whichever token is hovered.
  const env = [`IdToken=${otherId}`, `AccessToken=${access}`, `RefreshToken=${refresh}`].join('\n');
  assert.equal(pasteFor(env, access), undefined);
  const fromRefresh = pasteFor(env, refresh);
  assert.ok(fromRefresh !== undefined && !fromRefresh.includes(access) && !fromRefresh.includes(otherId));
});

test('issue 7 item 3: a token naming a local issuer two lines above a refresh token is not paired', async () => {
  const key = await createSigningKey();
  const forged = await signToken(key, idTokenClaims({ issuer: 'http://127.0.0.1:9999/us-east-1_X' }));
  const env = `ID_TOKEN=${forged}\nAPP=demo\nREFRESH_TOKEN=${refresh}\n`;
  const paste = pasteFor(env, refresh);
  assert.ok(paste !== undefined && !paste.includes(forged), 'the forged ID token was handed over with the refresh token');
  const parsed = parseSessionPaste(paste, { now: NOW });
  assert.ok(parsed.ok);
  assert.equal(parsed.draft.suggestedEndpoint, undefined);
  assert.equal(parsed.draft.endpoint, undefined);
  assert.equal(pasteFor(env, forged), undefined);
});

test('claims that prove one sign-in pair tokens outside a container: same issuer and client, same origin_jti', () => {
  // ID and access tokens of one sign-in pair with each other, but the refresh token (a JWE names nothing) stays apart.
  const log = `id=${id}\naccess=${access}\nrefresh=${refresh}`;
  assert.equal(pasteFor(log, id), undefined);
  const paste = pasteFor(log, refresh);
  assert.ok(paste !== undefined && !paste.includes(id) && !paste.includes(access));
});

test('aws --output yaml and --output text: one AuthenticationResult', () => {
  const yaml = ['AuthenticationResult:', `  AccessToken: ${access}`, '  ExpiresIn: 3600', `  IdToken: ${id}`, `  RefreshToken: ${refresh}`, '  TokenType: Bearer', 'ChallengeParameters: {}'].join('\n');
  for (const hovered of [id, refresh]) {
    const paste = pasteFor(yaml, hovered);
    assert.ok(paste !== undefined && paste.includes(id) && paste.includes(access) && paste.includes(refresh), 'yaml');
  }
  const notABlock = [`IdToken: ${id}`, `RefreshToken: ${refresh}`].join('\n');
  assert.equal(pasteFor(notABlock, id), undefined, 'unindented YAML keys are not a block');

  const text = `AUTHENTICATIONRESULT\t${access}\t3600\t${id}\t${refresh}\tBearer`;
  const fromText = pasteFor(text, refresh);
  assert.ok(fromText !== undefined && fromText.includes(id) && fromText.includes(access));
});

test('an Amplify dump with two users: only the same client and user pair', () => {
  const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
  const dump = JSON.stringify({ [`${prefix}.jdoe.idToken`]: id, [`${prefix}.other.refreshToken`]: otherRefresh, [`${prefix}.jdoe.refreshToken`]: refresh }, null, 2);
  const paste = pasteFor(dump, id);
  assert.ok(paste !== undefined && paste.includes(refresh));
  assert.ok(!paste.includes(otherRefresh), "another user's refresh token was taken");
  const fromOther = pasteFor(dump, otherRefresh);
  assert.ok(fromOther !== undefined && !fromOther.includes(id) && !fromOther.includes(refresh));
});

test('two AuthenticationResults in one array: each stays with its own', () => {
  const json = JSON.stringify([{ IdToken: id, RefreshToken: refresh }, { IdToken: otherId, RefreshToken: otherRefresh }]);
  const paste = pasteFor(json, otherId);
  assert.ok(paste !== undefined && paste.includes(otherRefresh) && !paste.includes(refresh) && !paste.includes(id));
  // The nearest ID token is in the next object: not taken.
  const next = JSON.stringify([{ RefreshToken: refresh }, { IdToken: otherId, RefreshToken: otherRefresh }]);
  const lone = pasteFor(next, refresh);
  assert.ok(lone !== undefined && !lone.includes(otherId), 'an ID token of the next object was taken');
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

/** VS Code's line model over a string, for neighbourhoodRange. */
function linesOf(text: string): { lineCount: number; lineStart: (line: number) => number; lineEnd: (line: number) => number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return {
    lineCount: starts.length,
    lineStart: (line) => starts[line] ?? text.length,
    lineEnd: (line) => (line + 1 < starts.length ? (starts[line + 1] ?? 0) - 1 : text.length),
  };
}

/** What the provider hands to sessionPasteNear: the neighbourhood of the hovered token, and its place there. */
function neighbourhoodOf(text: string, hovered: string): { near: string; start: number; end: number } {
  const tokenStart = text.indexOf(hovered);
  const lines = linesOf(text);
  const line = text.slice(0, tokenStart).split('\n').length - 1;
  const { start, end } = neighbourhoodRange(line, tokenStart, tokenStart + hovered.length, lines);
  return { near: text.slice(start, end), start, end };
}

test('the neighbourhood is a fixed budget around the token, whatever the length of its line (issue 9)', () => {
  const item = '{"id":1,"name":"item","eyes":"new","v":"1.2.3"},';
  const read = (halfLength: number) => {
    const half = item.repeat(Math.ceil(halfLength / item.length));
    const text = `[${half}{"IdToken":"${id}"},${half}]`;
    const { start, end } = neighbourhoodOf(text, id);
    return end - start;
  };
  const sizes = [10_000, 100_000, 1_000_000, 5_000_000].map(read);
  for (const size of sizes) assert.equal(size, id.length + 2 * NEARBY_LIMITS.chars, `read ${size} characters`);
  // Lines bound it too: ten lines above and below, however many the file has.
  const lines = Array.from({ length: 1000 }, (_, i) => (i === 500 ? `token=${id}` : `line ${i}`));
  const log = lines.join('\n');
  const { near } = neighbourhoodOf(log, id);
  assert.equal(near.split('\n').length, 2 * NEARBY_LIMITS.lines + 1);
  assert.ok(near.startsWith('line 490\n') && near.endsWith('\nline 510'));
});

test('within the budget an AuthenticationResult on a 2 MB minified line still pairs, from each of its tokens', () => {
  const filler = 'x'.repeat(1_000_000);
  const text = `${filler};var s={"AccessToken":"${access}","RefreshToken":"${refresh}","IdToken":"${id}"};${filler}`;
  for (const hovered of [id, access, refresh]) {
    const { near, start } = neighbourhoodOf(text, hovered);
    assert.ok(near.length <= hovered.length + 2 * NEARBY_LIMITS.chars);
    const at = text.indexOf(hovered) - start;
    const decoded = tokenAt(near, at + 5, { now: NOW });
    assert.ok(decoded?.result.ok);
    const paste = sessionPasteNear(near, decoded.found, decoded.result.token, { now: NOW });
    assert.ok(paste !== undefined, `no paste from the ${hovered === id ? 'ID' : hovered === access ? 'access' : 'refresh'} token`);
    const parsed = parseSessionPaste(paste, { now: NOW });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.draft.secrets.refreshToken, refresh);
    assert.equal(parsed.draft.secrets.idToken, id);
    assert.equal(parsed.draft.secrets.accessToken, access);
  }
});
