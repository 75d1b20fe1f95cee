import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64url } from 'jose';
import { findTokenAt, findTokens, MAX_TOKEN_LENGTH, scanTokens, type FoundToken } from '../../../src/core/token';
import {
  accessTokenClaims,
  b64json,
  createSigningKey,
  idTokenClaims,
  refreshTokenJwe,
  signToken,
  unsecuredToken,
  type SigningKey,
} from '../../fixtures/tokens/factory';

let key: SigningKey;
let idToken: string;
let accessToken: string;
let refreshToken: string;

before(async () => {
  key = await createSigningKey();
  idToken = await signToken(key, idTokenClaims());
  accessToken = await signToken(key, accessTokenClaims());
  refreshToken = await refreshTokenJwe();
});

/** What findTokens must return for `text` holding `tokens` in this order (each once, located by indexOf). */
function expected(text: string, tokens: string[]): FoundToken[] {
  let from = 0;
  return tokens.map((raw) => {
    const start = text.indexOf(raw, from);
    assert.ok(start >= 0, 'test setup: token not in text');
    from = start + raw.length;
    return { raw, start, end: start + raw.length, format: raw.split('.').length === 5 ? 'jwe' : 'jws' };
  });
}

function assertFinds(text: string, tokens: string[]): void {
  assert.deepEqual(findTokens(text), expected(text, tokens));
}

void describe('findTokens in the contexts developers paste from', () => {
  void it('JSON strings', () => {
    const text = JSON.stringify({ id_token: idToken, access_token: accessToken, refresh_token: refreshToken, expires_in: 3600 }, null, 2);
    assertFinds(text, [idToken, accessToken, refreshToken]);
  });

  void it('an Authorization: Bearer header', () => {
    const text = `GET /api/me HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: Bearer ${accessToken}\r\nAccept: */*\r\n\r\n`;
    assertFinds(text, [accessToken]);
  });

  void it('.env lines, bare and quoted', () => {
    const text = `# tokens\nID_TOKEN=${idToken}\nACCESS_TOKEN='${accessToken}'\nREFRESH_TOKEN="${refreshToken}"\nREGION=us-east-1\n`;
    assertFinds(text, [idToken, accessToken, refreshToken]);
  });

  void it('log lines', () => {
    const text = [
      `2025-06-01T12:00:00.123Z INFO  [auth] token=${idToken} user=jdoe`,
      `2025-06-01T12:00:01.456Z DEBUG got access token: ${accessToken}, expires in 3600s`,
      '2025-06-01T12:00:02.789Z WARN  refresh failed: NotAuthorizedException: Invalid Refresh Token.',
    ].join('\n');
    assertFinds(text, [idToken, accessToken]);
  });

  void it('URL query strings and fragments', () => {
    const query = `https://app.example.com/callback?id_token=${idToken}&state=af0ifjsldkj`;
    const fragment = `https://app.example.com/#access_token=${accessToken}&token_type=Bearer&expires_in=3600`;
    assertFinds(query, [idToken]);
    assertFinds(fragment, [accessToken]);
  });

  void it('markdown: inline code, code blocks, links and sentences', () => {
    const unsigned = unsecuredToken({ sub: 'x' });
    const text = [
      `Paste \`${idToken}\` into the inspector.`,
      '```http',
      `Authorization: Bearer ${accessToken}`,
      '```',
      `See [the callback](https://app.example.com/cb#id_token=${idToken}) or (${refreshToken}).`,
      `The token was ${accessToken}. Then an unsecured one: ${unsigned}.`,
    ].join('\n');
    assertFinds(text, [idToken, accessToken, idToken, refreshToken, accessToken, unsigned]);
  });

  void it('minified JSON holding many tokens', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 200; i++) tokens.push(await signToken(key, idTokenClaims({ extra: { n: i } })));
    const text = JSON.stringify(tokens.map((t, i) => ({ i, t, r: i % 50 === 0 ? refreshToken : null })));
    const all = tokens.flatMap((t, i) => (i % 50 === 0 ? [t, refreshToken] : [t]));
    assertFinds(text, all);
  });

  void it('escaped contexts: URL-encoded JSON, JSON string escapes', () => {
    const urlEncoded = `state=%7B%22t%22%3A%22${idToken}%22%7D&x=1`;
    const newlineEscape = String.raw`{"msg":"token:\n${accessToken}\nend"}`;
    const unicodeEscape = String.raw`{"msg":"\u0022${accessToken}\u0022"}`;
    assertFinds(urlEncoded, [idToken]);
    assertFinds(newlineEscape, [accessToken]);
    assertFinds(unicodeEscape, [accessToken]);
  });

  void it('headers with whitespace ("ew…" and "eyA…" prefixes)', () => {
    const payload = b64json({ sub: 'x' });
    const spaced = `${base64url.encode('{ "alg": "RS256" }')}.${payload}.c2ln`;
    const multiline = `${base64url.encode('{\n  "alg": "RS256",\n  "kid": "k"\n}')}.${payload}.c2ln`;
    assert.ok(multiline.startsWith('ew'));
    assertFinds(`a ${spaced} b ${multiline} c`, [spaced, multiline]);
  });
});

void describe('findTokens: every header prefix JSON allows', () => {
  // A header is `{` then `"` or JSON whitespace; the scanner only looks at the seven base64url
  // prefixes these give. Each case here would be missed if one prefix were left out.
  const payload = b64json({ sub: 'x' });
  const cases: Array<[string, string, string]> = [
    ['eyJ', '{"alg":"RS256"}', 'a letter after {"'],
    ['eyJ', '{"alg":"x"}', 'the shortest header JSON allows (15 characters)'],
    ['eyI', '{"1":0,"alg":"RS256"}', 'a digit after {"'],
    ['eyI', '{"":0,"alg":"RS256"}', 'an empty member name'],
    ['eyL', '{"\u00e9":0,"alg":"RS256"}', 'a non-ASCII member name (UTF-8 lead byte 0xC2-0xF4)'],
    ['eyA', '{ "alg": "RS256" }', 'a space'],
    ['ewk', '{\t"alg": "RS256"}', 'a tab'],
    ['ewo', '{\n  "alg": "RS256"\n}', 'a line feed'],
    ['ew0', '{\r\n  "alg": "RS256"\r\n}', 'CR LF'],
  ];
  for (const [prefix, json, what] of cases) {
    void it(`${prefix}: ${what}`, () => {
      const token = `${base64url.encode(json)}.${payload}.c2ln`;
      assert.ok(token.startsWith(prefix), `test setup: ${token.slice(0, 3)}`);
      assertFinds(`x ${token} y`, [token]);
      assert.deepEqual(findTokenAt(`x ${token} y`, 5)?.raw, token);
    });
  }
});

void describe('findTokens boundaries', () => {
  void it('keeps the final dot of an unsecured token and drops sentence punctuation', () => {
    const unsigned = unsecuredToken({ sub: 'x' });
    assert.ok(unsigned.endsWith('.'));
    assertFinds(`token ${unsigned}. done`, [unsigned]);
    assertFinds(`token ${unsigned}`, [unsigned]);
    assertFinds(`ends with an ellipsis ${idToken}...`, [idToken]);
  });

  void it('does not start inside a longer run of token characters', () => {
    assert.deepEqual(findTokens(`x${idToken}`), []);
    assert.deepEqual(findTokens(`prefix.${idToken}`), []);
    assert.deepEqual(findTokens(`${idToken}.more`), []);
  });

  void it('accepts JWE with an empty encrypted key (alg dir) and rejects malformed part counts', () => {
    const header = b64json({ alg: 'dir', enc: 'A256GCM' });
    const direct = `${header}..aXZpdml2aXZpdml2.Y2lwaGVydGV4dA.dGFndGFndGFndGFn`;
    assertFinds(` ${direct} `, [direct]);
    const [h, k, iv, ct] = refreshToken.split('.');
    assert.deepEqual(findTokens(`${h}.${k}.${iv}.${ct}`), [], 'JWE header with 4 parts');
    const [jh, jp] = idToken.split('.');
    assert.deepEqual(findTokens(`${jh}.${jp}`), [], 'JWS without signature (alg RS256)');
    assert.deepEqual(findTokens(`${h}.${k}.${iv}`), [], 'JWE header with 3 parts');
  });

  void it('finds a token of MAX_TOKEN_LENGTH and rejects a longer one', () => {
    const header = b64json({ alg: 'RS256' });
    const make = (length: number): string => {
      const fixed = header.length + 2 + 8;
      return `${header}.${'A'.repeat(length - fixed)}.c2lnbmF0`;
    };
    const fits = make(MAX_TOKEN_LENGTH);
    const tooLong = make(MAX_TOKEN_LENGTH + 4);
    assert.equal(fits.length, MAX_TOKEN_LENGTH);
    assertFinds(`"${fits}"`, [fits]);
    assert.deepEqual(findTokens(`"${tooLong}"`), []);
  });
});

void describe('findTokens rejects look-alikes', () => {
  const cases: Array<[string, string]> = [
    ['dotted identifiers', 'com.example.app.MainActivity eyes.were.open ewok.village.scene a.b.c'],
    ['version strings', 'v1.2.3 10.20.30-beta.1 node@20.20.2 eyJ.1.2'],
    ['base64 JSON header without alg', `${b64json({ typ: 'JWT' })}.${b64json({ sub: 'x' })}.c2ln`],
    ['base64 JSON header with a non-string alg', `${b64json({ alg: 256 })}.${b64json({ sub: 'x' })}.c2ln`],
    ['base64 of broken JSON', `${base64url.encode('{"alg":"RS256"')}.${b64json({ sub: 'x' })}.c2ln`],
    ['base64 of a JSON array', `${base64url.encode('["alg","RS256"]')}.${b64json({})}.c2ln`],
    ['not valid UTF-8 after {"', `${base64url.encode(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x41, 0x41, 0x41, 0x41, 0x41]))}.${b64json({})}.c2ln`],
    ['documentation-style truncated tokens', 'eyJhbGciOiJSUzI1NiJ9... and eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.'],
    ['impossible base64 lengths', `${b64json({ alg: 'RS256' })}.${b64json({ sub: 'x' })}.A`],
    ['a run with too many dots', `${b64json({ alg: 'RS256' })}.a.b.c.d.e.f`],
  ];
  for (const [name, text] of cases) {
    void it(name, () => assert.deepEqual(findTokens(text), []));
  }

  void it('a 5 MB input without tokens gives []', () => {
    const lines = [
      '2025-06-01T12:00:00Z INFO new user signed in; they said hey, few eyes were on the view',
      '{"key":"value","eyes":"blue","ew":"gross","nested":{"a":[1,2,3]},"ver":"1.2.3"}',
      `blob=${base64url.encode(new Uint8Array(600).map((_, i) => (i * 37) % 256))}`,
      'com.amazonaws.cognito.idp eyJhbGciOiJSUzI1NiJ9... eyJ.eyJ.eyJ ew.ey.ew',
    ];
    const chunk = lines.join('\n') + '\n';
    const text = chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length));
    assert.ok(text.length >= 5 * 1024 * 1024);
    assert.deepEqual(findTokens(text), []);
  });
});

void describe('findTokens limits and inputs', () => {
  void it('stops at maxTokens and reports truncation', () => {
    const text = Array.from({ length: 5 }, () => idToken).join('\n');
    assert.equal(findTokens(text, { maxTokens: 2 }).length, 2);
    assert.deepEqual(scanTokens(text, { maxTokens: 2 }).truncated, true);
    assert.deepEqual(scanTokens(text, { maxTokens: 5 }), { tokens: findTokens(text), truncated: false });
    assert.equal(findTokens(text, { maxTokens: 0 }).length, 0);
    assert.equal(findTokens(text, { maxTokens: Number.NaN }).length, 5);
  });

  void it('keeps document order and maxTokens across ey… and ew… tokens', () => {
    const payload = b64json({ sub: 'x' });
    const ew = `${base64url.encode('{\n  "alg": "RS256"\n}')}.${payload}.c2ln`;
    const ey = `${b64json({ alg: 'RS256' })}.${payload}.c2ln`;
    const order = [ew, ey, ey, ew, ew, ey];
    const text = order.map((t, i) => `line ${i}: ${t}`).join('\n');
    assertFinds(text, order);
    for (let max = 0; max <= order.length + 1; max++) {
      const result = scanTokens(text, { maxTokens: max });
      assert.deepEqual(result.tokens, expected(text, order).slice(0, max), `maxTokens ${max}`);
      assert.equal(result.truncated, max < order.length, `maxTokens ${max}`);
    }
    const onlyEw = [ew, ew, ew].join(' ');
    assert.equal(scanTokens(onlyEw, { maxTokens: 2 }).truncated, true, 'only ew… tokens');
    assert.equal(scanTokens(onlyEw, { maxTokens: 3 }).truncated, false);
  });

  void it('returns [] for empty and non-string input', () => {
    assert.deepEqual(findTokens(''), []);
    assert.deepEqual(findTokens(undefined as unknown as string), []);
    assert.deepEqual(findTokens(42 as unknown as string), []);
  });
});

void describe('findTokenAt', () => {
  let bigToken: string;
  let text: string;
  let bigStart: number;

  before(async () => {
    const groups = Array.from({ length: 1500 }, (_, i) => `group-with-a-long-name-${String(i).padStart(4, '0')}`);
    bigToken = await signToken(key, idTokenClaims({ groups }));
    assert.ok(bigToken.length > 32 * 1024, `fixture is ${bigToken.length} chars`);
    assert.ok(bigToken.length < MAX_TOKEN_LENGTH);
    // A minified line: 1 MB of JSON before, other tokens around.
    const filler = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: `item ${i}` })));
    text = `${filler},{"a":"${accessToken}","id":"${bigToken}","r":"${refreshToken}"}${filler}`;
    bigStart = text.indexOf(bigToken);
  });

  void it('finds a token longer than 32 KB from its middle in a minified line', () => {
    const found = findTokenAt(text, bigStart + Math.floor(bigToken.length / 2));
    assert.deepEqual(found, { raw: bigToken, start: bigStart, end: bigStart + bigToken.length, format: 'jws' });
  });

  void it('covers the whole token, including the positions touching either end', () => {
    for (const offset of [bigStart, bigStart + 1, bigStart + bigToken.length - 1, bigStart + bigToken.length]) {
      assert.equal(findTokenAt(text, offset)?.start, bigStart, `offset ${offset - bigStart}`);
    }
    assert.equal(findTokenAt(text, bigStart - 2), undefined, 'the quote-colon before the opening quote');
    assert.equal(findTokenAt(text, bigStart + bigToken.length + 1), undefined, 'past the closing quote');
  });

  void it('finds neighbours and nothing in plain text', () => {
    const accessStart = text.indexOf(accessToken);
    const refreshStart = text.indexOf(refreshToken);
    assert.equal(findTokenAt(text, accessStart + 10)?.raw, accessToken);
    assert.equal(findTokenAt(text, refreshStart + 300)?.format, 'jwe');
    assert.equal(findTokenAt(text, 500), undefined);
    assert.equal(findTokenAt(text, text.length), undefined);
  });

  void it('agrees with findTokens on every token of a mixed text', () => {
    const mixed = `a ${idToken} b %22${accessToken}%22 c ${unsecuredToken({ x: 1 })}. d ${refreshToken}`;
    for (const token of findTokens(mixed)) {
      for (const offset of [token.start, token.start + 7, token.end - 1, token.end]) {
        assert.deepEqual(findTokenAt(mixed, offset), token);
      }
    }
  });

  void it('looks no further than the window', () => {
    const middle = bigStart + Math.floor(bigToken.length / 2);
    assert.equal(findTokenAt(text, middle, { window: 1000 }), undefined);
    // Near the start, the token's end lies beyond the window ahead: the run is not read past it.
    assert.equal(findTokenAt(text, bigStart + 5, { window: 1000 }), undefined);
    // The window ends inside the signature: the token is not known to end there.
    assert.equal(findTokenAt(text, bigStart + 5, { window: bigToken.length - 20 }), undefined);
    assert.equal(findTokenAt(text, bigStart + 5, { window: bigToken.length + 10 })?.raw, bigToken);
    const longRun = 'A'.repeat(MAX_TOKEN_LENGTH * 3);
    const withRun = `${longRun} ${idToken} ${longRun}`;
    assert.equal(findTokenAt(withRun, MAX_TOKEN_LENGTH), undefined);
    assert.equal(findTokenAt(withRun, longRun.length + 5)?.raw, idToken);
  });

  void it('never throws on odd offsets or input', () => {
    for (const offset of [-1, -Infinity, Infinity, Number.NaN, 1.5, text.length + 10]) {
      assert.doesNotThrow(() => findTokenAt(text, offset));
    }
    assert.equal(findTokenAt('', 0), undefined);
    assert.equal(findTokenAt(null as unknown as string, 0), undefined);
    assert.equal(findTokenAt(idToken, -5)?.raw, idToken, 'a negative offset clamps to 0');
  });
});
