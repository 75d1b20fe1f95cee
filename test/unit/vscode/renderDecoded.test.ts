// The decoded-token document: what it says, and that no claim value can break its markdown.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeToken } from '../../../src/core/token/index';
import { renderDecoded, tokenTitle } from '../../../src/vscode/decode/renderDecoded';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const sec = NOW / 1000;

function decoded(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' }) {
  const r = decodeToken(`${b64(header)}.${b64(payload)}.c2lnbmF0dXJl`, { now: NOW });
  assert.ok(r.ok, JSON.stringify(r));
  return r.token;
}

const ID = {
  iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
  aud: 'client123',
  token_use: 'id',
  'cognito:username': 'alice',
  sub: '11111111-2222-3333-4444-555555555555',
  iat: sec - 60,
  exp: sec + 3540,
};

test('an ID token: title, facts, times, header and payload', () => {
  const t = decoded(ID);
  assert.equal(tokenTitle(t), 'Cognito ID token');
  const md = renderDecoded(t);
  assert.match(md, /^# Cognito ID token\n/);
  // Local time with UTC beside it (issue 7 item 22); the local part depends on the zone.
  assert.match(md, /^- \*\*Validity:\*\* valid, expires in .* \(.*12:59:00 UTC\)$/m);
  assert.match(md, /^- \*\*User pool:\*\* `eu-west-1_AbC123` \(region `eu-west-1`\)$/m);
  assert.match(md, /^- \*\*App client:\*\* `client123`$/m);
  assert.match(md, /^- \*\*Username:\*\* `alice`$/m);
  assert.match(md, /^## Header\n\n```json\n\{\n {2}"alg": "RS256"/m);
  assert.match(md, /"cognito:username": "alice"/);
  assert.match(md, /^- `exp` +\d{4}-\d\d-\d\d .*12:59:00 UTC \(/m);
});

test('an expired token says EXPIRED', () => {
  assert.match(renderDecoded(decoded({ ...ID, iat: sec - 7200, exp: sec - 3600 })), /^- \*\*Validity:\*\* EXPIRED /m);
});

test('claim values cannot break out of code spans or fences', () => {
  const hostile = decoded({ ...ID, 'cognito:username': 'a`b\n# Injected', evil: '```\n# Injected heading\n```' });
  const md = renderDecoded(hostile);
  assert.doesNotMatch(md, /^# Injected/m, 'a claim started a heading');
  // The line break shows as an escape, the value stays on its line.
  assert.match(md, /^- \*\*Username:\*\* ``\s?a`b\\n# Injected\s?``$/m);
  // The payload fence is longer than any backtick run inside it.
  assert.match(md, /^````json$/m);
});

test('a token that is not from Cognito is titled as a plain JWT', () => {
  const t = decoded({ sub: 'x', iss: 'https://example.com', exp: sec + 60 });
  assert.equal(tokenTitle(t), 'JWT');
  assert.match(renderDecoded(t), /not recognised as a Cognito token/);
});

test('bidi, zero-width and control characters show as escapes in the decoded document (issue 8 item 5)', () => {
  const md = renderDecoded(decoded({ ...ID, 'cognito:username': 'Invoice\u202efdp.exe', note: 'ad\u200bmin\ufeff\u2066x\u2069\u00ad\u0085' }, { alg: 'RS256', kid: 'k\u202e1' }));
  assert.doesNotMatch(md, /[\u0085\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/, 'a hidden character reached the document');
  assert.match(md, /^- \*\*Username:\*\* `Invoice\\u202efdp\.exe`$/m);
  assert.match(md, /"note": "ad\\u200bmin\\ufeff\\u2066x\\u2069\\u00ad\\u0085"/);
  assert.match(md, /"kid": "k\\u202e1"/);
});
