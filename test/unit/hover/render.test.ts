// The hover's markdown: what it says, that no claim can inject markup, links or commands into
// it, that its links carry the token to the contract's commands, and that it stays small.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { test } from 'node:test';
import { decodeToken, type DecodedToken, type DecodeOptions } from '../../../src/core/token/index';
import { tokenSize } from '../../../src/core/token/size';
import { commandUri, cut, expiryPhrase, HOVER_COMMANDS, HOVER_LIMITS, parseCopyArgs, renderTokenHover, SIZE_CHECK_FROM, visible } from '../../../src/vscode/hover/render';
import { sizeWarning } from '../../../src/vscode/sessions/sizeText';
import { FIXED_NOW_MS, refreshTokenJwe, unsecuredToken } from '../../fixtures/tokens/factory';
import { clickArgs, hrefs, jws, toHtml } from './support';

const NOW = FIXED_NOW_MS;
const S = NOW / 1000;
const ISS = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123';
const ID = { sub: '1111-2222', iss: ISS, aud: 'client123', token_use: 'id', 'cognito:username': 'alice', 'cognito:groups': ['admins', 'devs'], iat: S - 60, exp: S + 720 };
const ACCESS = { sub: '1111-2222', iss: ISS, client_id: 'client123', token_use: 'access', username: 'alice', scope: 'openid email', iat: S - 60, exp: S + 720 };

function decoded(raw: string, options: DecodeOptions = {}): DecodedToken {
  const r = decodeToken(raw, { now: NOW, ...options });
  assert.ok(r.ok, JSON.stringify(r));
  return r.token;
}

const ALLOWED = new Set<string>(Object.values(HOVER_COMMANDS));

/** Every link in both parts goes to one of the hover's commands; the details hold none. */
function assertOnlyOurLinks(md: { summary: string; details: string }): void {
  for (const href of hrefs(md.summary)) {
    const { command } = clickArgs(href);
    assert.ok(ALLOWED.has(command), `the summary links to ${command}`);
  }
  assert.deepEqual(hrefs(md.details), [], 'the details part must hold no link at all');
}

test('an ID token: title, expiry, classification, header and payload with human times', () => {
  const md = renderTokenHover({ token: decoded(jws(ID)), utcOffsetMinutes: 0 });
  assert.match(md.summary, /^\$\(key\) \*\*Cognito ID token\*\* · \$\(pass\) expires in 12 min · signature not checked$/m);
  assert.match(md.details, /^\*\*User pool\*\* `eu-west-1_AbC123` · region `eu-west-1`\\$/m);
  assert.match(md.details, /^\*\*App client\*\* `client123`\\$/m);
  assert.match(md.details, /^\*\*Username\*\* `alice` · sub `1111-2222`\\$/m);
  assert.match(md.details, /^\*\*Groups\*\* `admins`, `devs`$/m);
  assert.match(md.details, /^\{ "kid": "k1", "alg": "RS256" \}$/m);
  assert.match(md.details, /^ {2}"exp": \d+ \/\/ 2025-06-01 12:12:00 UTC, in 12 min\n\}$/m);
  assert.match(md.details, /^ {2}"iat": \d+, \/\/ 2025-06-01 11:59:00 UTC, 1 min ago$/m);
  assert.deepEqual(md.links, ['openInspector', 'verifyToken']);
  assertOnlyOurLinks(md);
  // It renders as the markdown we mean: two bold labels, a json and a jsonc block.
  const html = toHtml(md.details);
  assert.match(html, /<code class="language-jsonc">/);
  assert.match(html, /<strong>Payload<\/strong>/);
});

test('an access token shows its client and scopes', () => {
  const md = renderTokenHover({ token: decoded(jws(ACCESS)) });
  assert.match(md.summary, /\*\*Cognito access token\*\*/);
  assert.match(md.details, /^\*\*Scopes\*\* `openid` `email`$/m);
});

test('expiry reads "expired 3 h ago", and notes the clock-skew tolerance when it decided', () => {
  const expired = decoded(jws({ ...ID, iat: S - 4 * 3600, exp: S - 3 * 3600 }));
  assert.deepEqual(expiryPhrase(expired), { icon: 'error', text: 'expired 3 h ago' });
  assert.match(renderTokenHover({ token: expired }).summary, /\$\(error\) expired 3 h ago/);

  const justExpired = decoded(jws({ ...ID, exp: S - 30 }), { clockSkewSeconds: 60 });
  const phrase = expiryPhrase(justExpired);
  assert.equal(phrase.text, 'expired 30 s ago');
  assert.match(phrase.note ?? '', /within the 60 s clock-skew tolerance/);
  // The same token with no tolerance is plainly expired.
  assert.equal(expiryPhrase(decoded(jws({ ...ID, exp: S - 30 }), { clockSkewSeconds: 0 })).icon, 'error');

  const future = decoded(jws({ ...ID, iat: S + 600, exp: S + 4200 }));
  assert.match(expiryPhrase(future, 0).text, /^not valid until 2025-06-01 12:10:00 UTC \(in 10 min\)$/);
  assert.match(expiryPhrase(future, 120).text, /^not valid until 2025-06-01 14:10:00 \(local, UTC\+02:00\) · 12:10:00 UTC \(in 10 min\)$/);
});

test('hostile claim values cannot inject links, commands, icons, headings or quotes', () => {
  const attacks = [
    '](command:workbench.action.quit)',
    '[click](command:workbench.action.quit)',
    '<command:workbench.action.quit>',
    'x`](command:workbench.action.quit)`',
    'a\r> [quote link](command:workbench.action.quit)',
    'a\n# Heading [h](command:workbench.action.quit)',
    'a\u2028b\u202eevil',
    '$(zap) https://evil.example/x',
    '```\n[fence](command:workbench.action.quit)\n```',
    '<img src=x onerror=alert(1)>',
  ];
  const claims: Record<string, unknown> = { ...ID, 'cognito:username': attacks[0], 'cognito:groups': attacks, iss: ISS };
  attacks.forEach((a, i) => (claims[`evil${i}`] = a));
  claims['](command:workbench.action.quit)'] = 'key attack';
  const md = renderTokenHover({ token: decoded(jws(claims, { kid: attacks[1], alg: 'RS256', x: attacks[4] })) });
  assertOnlyOurLinks(md);
  const html = toHtml(md.details);
  assert.doesNotMatch(html, /<h\d|<blockquote|<img|<a /, 'a claim produced markup');
  assert.doesNotMatch(md.details, /\u202e|\u2028/, 'a bidi or separator character reached the hover');
  assert.match(md.details, /\\u202e/);
  // The values are still there to read, as text.
  assert.match(html, /<code>\]\(command:workbench\.action\.quit\)<\/code>/);
  // The summary (icons and trusted commands) holds no claim value at all.
  assert.doesNotMatch(md.summary, /workbench|alice|zap|evil/);
});

test('the links carry the raw token to the contract commands, and the paste to Add Session', () => {
  const raw = jws(ID);
  const paste = 'IdToken: x (with parentheses) and 100%41 "quotes"\n[brackets](y)';
  const md = renderTokenHover({ token: decoded(raw), sessionPaste: paste });
  const links = hrefs(md.summary).map(clickArgs);
  assert.deepEqual(
    links.map((l) => l.command),
    [HOVER_COMMANDS.openInspector, HOVER_COMMANDS.verifyToken, HOVER_COMMANDS.addSession],
  );
  assert.deepEqual(links[0]?.args, [{ token: raw }]);
  assert.deepEqual(links[1]?.args, [raw]);
  assert.deepEqual(links[2]?.args, [paste], 'the paste must arrive unchanged (%, parentheses, quotes, newlines)');
  // The labels render with their codicons.
  assert.match(md.summary, /\[\$\(inspect\) Open in Inspector\]\(command:/);
  assert.match(md.summary, /\[\$\(add\) Add as Session\]\(command:/);
});

test('commandUri: the URI cannot end the markdown link early', () => {
  const uri = commandUri('x.y', ['a) [b](command:evil) (c']);
  assert.doesNotMatch(uri, /[()[\]\s"<>]/);
});

test('a Cognito refresh token is labelled encrypted, shows its header, and has no verify link', async () => {
  const raw = await refreshTokenJwe();
  const token = decoded(raw);
  const md = renderTokenHover({ token, sessionPaste: raw });
  assert.match(md.summary, /^\$\(lock\) \*\*Cognito refresh token\*\* · encrypted \(JWE\) · \$\(question\) expiry unknown$/m);
  assert.match(md.summary, /only Cognito can read it/);
  assert.match(md.details, /^\{ "cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP" \}$/m);
  assert.match(md.details, /\*\*Payload\*\* encrypted/);
  assert.deepEqual(md.links, ['openInspector', 'addSession']);
});

test('another issuer\'s JWE is labelled encrypted and not Cognito', async () => {
  const token = decoded(await refreshTokenJwe({ alg: 'RSA-OAEP-256', enc: 'A128GCM' }));
  const md = renderTokenHover({ token });
  assert.match(md.summary, /\*\*Encrypted token \(JWE\)\*\*/);
  assert.doesNotMatch(md.summary, /encrypted \(JWE\) · .*encrypted \(JWE\)/);
  assert.deepEqual(md.links, ['openInspector']);
});

test('an unsigned (alg none) token is flagged loudly and offers no verification', () => {
  const md = renderTokenHover({ token: decoded(unsecuredToken(ID)) });
  assert.match(md.summary, /^\$\(warning\) \*\*UNSIGNED Cognito ID token\*\*/m);
  assert.match(md.summary, /\*\*Unsigned: `alg` is `none`\.\*\* Nothing vouches for these claims/);
  assert.match(md.summary, /Cognito never issues unsigned tokens/);
  assert.deepEqual(md.links, ['openInspector']);
});

test('a token that is not from Cognito says so', () => {
  const md = renderTokenHover({ token: decoded(jws({ sub: 'x', iss: 'https://login.example.com', exp: S + 60 })) });
  assert.match(md.summary, /\*\*JWT\*\*/);
  assert.match(md.details, /Not recognised as a Cognito token/);
  assert.match(md.details, /^\*\*Issuer\*\* `https:\/\/login\.example\.com`$/m);
  assert.deepEqual(md.links, ['openInspector'], 'no JWKS is known for another issuer');
});

test('the hover stays small: long values, many claims and many groups are cut', () => {
  const groups = Array.from({ length: 1000 }, (_, i) => `group-with-a-long-name-${i}`);
  const claims: Record<string, unknown> = { ...ID, 'cognito:groups': groups, blob: 'y'.repeat(13_000) };
  for (let i = 0; i < 200; i++) claims[`custom:attr${i}`] = `value ${i}`;
  const raw = jws(claims);
  assert.ok(raw.length > 60_000 && raw.length < 65_536, `token is ${raw.length} characters`);
  const md = renderTokenHover({ token: decoded(raw) });
  assert.ok(md.details.length < 12_000, `details are ${md.details.length} characters`);
  assert.match(md.details, /^\*\*Groups\*\* `group-with-a-long-name-0`, .* and 990 more$/m);
  assert.match(md.details, /"blob": "y{100,}…", \/\/ cut: 13,000 characters$/m);
  assert.match(md.details, /\/\/ … 169 more claims: open the token in the inspector/);
  // The summary carries the token in its links, within VS Code's 100,000-character limit:
  // a 64 KB token leaves room for one link only, and the hover says how to get the rest.
  assert.ok(md.summary.length <= HOVER_LIMITS.summaryChars, `summary is ${md.summary.length} characters`);
  assert.deepEqual(md.links, ['openInspector']);
  assert.match(md.summary, /Too large to carry in more links: verify it from the inspector\.$/);
});

test('a 20 KB token keeps all its links', () => {
  const groups = Array.from({ length: 700 }, (_, i) => `group-with-a-long-name-${i}`);
  const raw = jws({ ...ID, 'cognito:groups': groups });
  assert.ok(raw.length > 20_000, `token is ${raw.length} characters`);
  const md = renderTokenHover({ token: decoded(raw), sessionPaste: 'x' });
  assert.deepEqual(md.links, ['openInspector', 'verifyToken', 'addSession']);
  assert.deepEqual(clickArgs(hrefs(md.summary)[1] ?? '').args, [raw]);
});

test('visible() shows control, separator, bidi and zero-width characters as escapes; cut() keeps surrogate pairs whole', () => {
  assert.equal(visible('a\nb\rc\td\u0000e\u2028f\u202eg\u200bh\u00adi'), 'a\\nb\\rc\\td\\u0000e\\u2028f\\u202eg\\u200bh\\u00adi');
  assert.equal(visible('plain ünïcödé 😀'), 'plain ünïcödé 😀');
  assert.equal(cut('ab😀', 3).text, 'ab…');
  assert.deepEqual(cut('abc', 3), { text: 'abc', cut: false });
});

test('times read as local time with UTC beside it (issue 7 item 22)', () => {
  const md = renderTokenHover({ token: decoded(jws(ID)), utcOffsetMinutes: 60 });
  assert.match(md.details, /^ {2}"exp": \d+ \/\/ 2025-06-01 13:12:00 \(local, UTC\+01:00\) · 12:12:00 UTC, in 12 min\n\}$/m);
  // Without an offset: the extension host's zone, and the UTC time is always there.
  assert.match(renderTokenHover({ token: decoded(jws(ID)) }).details, /"exp": \d+ \/\/ 2025-06-01 .*12:12:00 UTC, in 12 min/);
});

test('every bidi and zero-width character of issue 8 shows as an escape in the hover', () => {
  const chars = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\u00ad'];
  const claims: Record<string, unknown> = { ...ID, 'cognito:username': `Invoice\u202efdp.exe`, 'cognito:groups': chars.map((c) => `g${c}x`) };
  chars.forEach((c, i) => (claims[`custom:c${i}`] = `a${c}b`));
  const md = renderTokenHover({ token: decoded(jws(claims)) });
  for (const c of chars) {
    assert.ok(!md.details.includes(c) && !md.summary.includes(c), `U+${c.charCodeAt(0).toString(16)} reached the hover`);
    assert.ok(md.details.includes(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`), `U+${c.charCodeAt(0).toString(16)} is not shown`);
  }
  assert.match(md.details, /`Invoice\\u202efdp\.exe`/);
  assertOnlyOurLinks(md);
});

/** The general encoding commandUri had before its fast path: JSON, encoded twice, parentheses and the like escaped. */
function referenceCommandUri(command: string, args: readonly unknown[]): string {
  const once = encodeURIComponent(JSON.stringify(args));
  return `command:${command}?${encodeURIComponent(once).replace(/[()'*!]/g, (c) => `%25${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

test('commandUri: its fast path writes exactly what encoding the whole JSON twice writes (tokens, pastes, any text)', () => {
  const raw = jws(ID);
  assert.equal(commandUri('a.b', [{ token: raw }]), referenceCommandUri('a.b', [{ token: raw }]));
  assert.equal(commandUri('a.b', [raw], raw), referenceCommandUri('a.b', [raw]));
  assert.equal(commandUri('a.b', ['x (y) 100%41 "q"\n\u{1F600}\ud800', { k: ['~', '*!'] }, 3, null]), referenceCommandUri('a.b', ['x (y) 100%41 "q"\n\u{1F600}\ud800', { k: ['~', '*!'] }, 3, null]));
  const value = fc.oneof(fc.string({ unit: 'grapheme-composite' }), fc.string({ unit: 'binary' }), fc.stringMatching(/^[A-Za-z0-9_.~-]{0,40}$/));
  const arg = fc.oneof(value, fc.dictionary(value, value, { maxKeys: 3 }), fc.array(value, { maxLength: 3 }), fc.integer(), fc.constant(undefined), fc.constant(null));
  fc.assert(
    fc.property(fc.array(arg, { maxLength: 4 }), (args) => {
      assert.equal(commandUri('x.y', args), referenceCommandUri('x.y', args));
    }),
    { numRuns: 500, seed: 9 },
  );
});

test('claim values: the no-escaping path renders what the escaping one does (code spans, JSON, names)', () => {
  // Printable ASCII takes the short path, anything else the long one: both must give the same
  // hover for values that differ only in one character.
  const plain = 'user-123 (ok) *bold* _x_ [y](z) <b> #h';
  const claims: Record<string, unknown> = { ...ID, 'cognito:username': plain, 'cognito:groups': [plain, `${plain}\u202e`, 'a`b'], note: plain, [plain]: 1 };
  const md = renderTokenHover({ token: decoded(jws(claims)), utcOffsetMinutes: 0 });
  assert.match(md.details, /^\*\*Username\*\* `user-123 \(ok\) \*bold\* _x_ \[y\]\(z\) <b> #h` · sub `1111-2222`\\$/m);
  assert.match(md.details, /^\*\*Groups\*\* `user-123 \(ok\) \*bold\* _x_ \[y\]\(z\) <b> #h`, `user-123 \(ok\) \*bold\* _x_ \[y\]\(z\) <b> #h\\u202e`, `` a`b ``$/m);
  assert.match(md.details, /^ {2}"note": "user-123 \(ok\) \*bold\* _x_ \[y\]\(z\) <b> #h",$/m);
  assert.match(md.details, /^ {2}"user-123 \(ok\) \*bold\* _x_ \[y\]\(z\) <b> #h": 1/m);
  assertOnlyOurLinks(md);
  assert.doesNotMatch(toHtml(md.details), /<b>|<h\d|<a |<strong>bold/);
});

// ---------------------------------------------------------------------------------------------
// Size warning (issue 11 item 4) and copy links (issue 11 item 5)

/** An ID token of about `length` characters, its size mostly in `cognito:groups`. */
function idTokenOfLength(length: number, groupName = 'g'): string {
  const groups: string[] = [];
  let raw = jws({ ...ID, 'cognito:groups': groups });
  while (raw.length < length) {
    groups.push(`${groupName}-${groups.length}-${'x'.repeat(40)}`);
    raw = jws({ ...ID, 'cognito:groups': groups });
  }
  return raw;
}

test('a token near or over the header limits says so, with the size line the tree shows', () => {
  for (const [length, level] of [[7_000, 'near'], [9_000, 'exceeded'], [20_000, 'exceeded']] as const) {
    const raw = idTokenOfLength(length);
    const expected = sizeWarning(tokenSize(raw));
    assert.ok(expected !== undefined, `control: sizeWarning says nothing at ${raw.length}`);
    const md = renderTokenHover({ token: decoded(raw) });
    const what = level === 'near' ? 'Near the size limit of some request headers' : 'Too large for some request headers';
    assert.ok(md.summary.includes(`$(warning) **${what}** (${raw.length.toLocaleString('en-US')} bytes)`), `${raw.length}: ${md.summary.slice(0, 300)}`);
    assert.ok(md.details.includes(`**Size** \`${expected}\``), `${raw.length}: the size line is missing from the details`);
    assert.ok(expected.includes('cognito:groups'), 'the claim taking most room is named');
    assert.ok(!md.summary.includes('cognito:groups'), 'a claim name reached the trusted summary');
  }
  const small = renderTokenHover({ token: decoded(jws(ID)) });
  assert.ok(!small.summary.includes('request headers') && !small.details.includes('**Size**'));
});

test('the size measure is skipped only where no limit can be near', () => {
  // Just below the shortcut's threshold, the full measure would have nothing to say either.
  const below = idTokenOfLength(SIZE_CHECK_FROM - 60);
  assert.ok(below.length < SIZE_CHECK_FROM + 60);
  for (const raw of [below, idTokenOfLength(SIZE_CHECK_FROM - 400)]) {
    if (raw.length < SIZE_CHECK_FROM) assert.equal(sizeWarning(tokenSize(raw)), undefined, `${raw.length} characters would warn`);
  }
  // And the first length that warns is above it.
  let raw = idTokenOfLength(SIZE_CHECK_FROM);
  while (sizeWarning(tokenSize(raw)) === undefined) raw = idTokenOfLength(raw.length + 10);
  assert.ok(raw.length >= SIZE_CHECK_FROM);
  assert.match(renderTokenHover({ token: decoded(raw) }).summary, /Near the size limit of some request headers/);
});

test('a hostile claim name in the size line stays inert', () => {
  const name = '](command:workbench.action.quit) [x](command:workbench.action.quit)\n# h';
  const raw = jws({ ...ID, [name]: 'v'.repeat(12_000) });
  const md = renderTokenHover({ token: decoded(raw) });
  assert.match(md.summary, /Too large for some request headers/);
  assertOnlyOurLinks(md);
  assert.doesNotMatch(md.summary, /workbench/);
});

test('no size warning for a refresh token (never sent in a header)', async () => {
  const md = renderTokenHover({ token: decoded(await refreshTokenJwe()) });
  assert.ok(!md.summary.includes('request headers'));
});

const TARGET = { uri: 'file:///tmp/a%20b/tokens.json', range: [3, 12, 3, 1012] as [number, number, number, number] };

test('copy links carry where the token is, never the token, and parse back', () => {
  const raw = jws(ID);
  const md = renderTokenHover({ token: decoded(raw), copyTarget: TARGET });
  assert.deepEqual(md.links, ['openInspector', 'verifyToken', 'copyRaw', 'copyBearer', 'copyCurl', 'copyClaim']);
  const copies = hrefs(md.summary).map(clickArgs).filter((c) => c.command === HOVER_COMMANDS.copyToken);
  assert.deepEqual(
    copies.map((c) => c.args),
    (['raw', 'bearer', 'curl', 'claim'] as const).map((format) => [{ ...TARGET, format }]),
  );
  for (const href of hrefs(md.summary).filter((h) => h.startsWith(`command:${HOVER_COMMANDS.copyToken}`))) {
    assert.ok(!href.includes(raw.slice(0, 40)), 'a copy link holds the token');
  }
  for (const c of copies) assert.deepEqual(parseCopyArgs(c.args[0]), c.args[0]);
  assertOnlyOurLinks(md);
  // Without a target (the command is not there), no copy link.
  assert.deepEqual(renderTokenHover({ token: decoded(raw) }).links, ['openInspector', 'verifyToken']);
});

test('a refresh token is copied only as it is', async () => {
  const md = renderTokenHover({ token: decoded(await refreshTokenJwe()), copyTarget: TARGET });
  assert.deepEqual(md.links, ['openInspector', 'copyRaw']);
});

test('the copy command refuses any other argument', () => {
  const ok = { ...TARGET, format: 'raw' };
  assert.deepEqual(parseCopyArgs(ok), ok);
  for (const bad of [
    undefined,
    null,
    'file:///x',
    [ok],
    { ...ok, format: 'html' },
    { ...ok, uri: '' },
    { ...ok, uri: 42 },
    { ...ok, range: [3, 12, 4, 10] },
    { ...ok, range: [3, 12, 3, 12] },
    { ...ok, range: [3, -1, 3, 10] },
    { ...ok, range: [3, 1.5, 3, 10] },
    { ...ok, range: [3, 0, 3, 70_000] },
    { ...ok, range: [3, 12, 3] },
  ]) {
    assert.equal(parseCopyArgs(bad), undefined, JSON.stringify(bad));
  }
});
