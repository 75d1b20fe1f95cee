// The inspector's token tools (issue 11 item 5): the validator's gate for copyToken,
// verifyWithKey and savedKey (exact shapes, fixed values, a bounded public key, never a secret in
// a message), the clipboard formats (a correctly shell-quoted curl line, a placeholder URL that
// sends nothing), and the claims search (plain, case-insensitive substrings, no regex).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { MAX_KEY_TEXT_LENGTH } from '../../../src/core/token/verify-with-key';
import { MAX_PASTED_KEY_LENGTH, parseWebviewMessage, type RejectReason } from '../../../src/shared/protocol';
import { bearerHeader, copyText, curlLine, CURL_URL_PLACEHOLDER, isHeaderSafe, shellQuote } from '../../../src/vscode/inspector/copyFormats';
import { claimCountText, matchesClaim } from '../../../webview/filter';

const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';
const PEM = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n';

function accepts(value: Record<string, unknown>): void {
  assert.deepEqual(parseWebviewMessage(value), { ok: true, value }, JSON.stringify(value).slice(0, 200));
}

function rejects(value: unknown, reason: RejectReason, field?: string): void {
  const r = parseWebviewMessage(value);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(value).slice(0, 200)}`);
  assert.ok(!r.ok);
  assert.equal(r.reason, reason, `${JSON.stringify(value).slice(0, 200)}: ${r.reason} ${r.field ?? ''}`);
  if (field !== undefined) assert.equal(r.field, field);
}

test('copyToken: a tab and a fixed format, nothing else', () => {
  for (const slot of ['id', 'access', 'refresh', 'token']) {
    for (const format of ['raw', 'bearer', 'curl']) accepts({ type: 'request', id: 1, command: 'copyToken', slot, format });
  }
  rejects({ type: 'request', id: 1, command: 'copyToken', slot: 'id', format: 'wget' }, 'bad-field', 'format');
  rejects({ type: 'request', id: 1, command: 'copyToken', slot: 'secret', format: 'raw' }, 'bad-field', 'slot');
  rejects({ type: 'request', id: 1, command: 'copyToken', slot: 'id' }, 'missing-field', 'format');
  // No free text: a URL or a template for the curl line is not something the webview may send.
  rejects({ type: 'request', id: 1, command: 'copyToken', slot: 'id', format: 'curl', url: 'https://evil.example/' }, 'unexpected-field', 'url');
  rejects({ type: 'request', id: 1, command: 'copyToken', slot: 'id', format: 'raw', token: JWT }, 'unexpected-field', 'token');
});

test('verifyWithKey: a public key (bounded) travels; a secret never does', () => {
  accepts({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'pem', key: PEM });
  accepts({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'id', source: 'jwks', key: '{"keys":[]}' });
  accepts({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'secret' });
  accepts({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'saved' });
  // A secret or a saved-key request that carries a key is not one the webview sends.
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'secret', key: 'hunter2' }, 'unexpected-field', 'key');
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'saved', key: PEM }, 'unexpected-field', 'key');
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'pem' }, 'missing-field', 'key');
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'x509' }, 'bad-field', 'source');
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'x509', key: PEM }, 'unexpected-field', 'key');
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'pem', key: '' }, 'bad-field', 'key');
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'pem', key: 42 }, 'bad-field', 'key');
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'nope', source: 'pem', key: PEM }, 'bad-field', 'slot');
  // Bounded: exactly the core's limit passes, one more is refused.
  assert.equal(MAX_PASTED_KEY_LENGTH, MAX_KEY_TEXT_LENGTH, 'the protocol and the core agree on the limit');
  accepts({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'jwks', key: ' '.repeat(MAX_PASTED_KEY_LENGTH) });
  rejects({ type: 'request', id: 2, command: 'verifyWithKey', slot: 'token', source: 'jwks', key: ' '.repeat(MAX_PASTED_KEY_LENGTH + 1) }, 'bad-field', 'key');
});

test('savedKey: save or forget, for a tab', () => {
  accepts({ type: 'request', id: 3, command: 'savedKey', slot: 'token', op: 'save' });
  accepts({ type: 'request', id: 3, command: 'savedKey', slot: 'access', op: 'forget' });
  rejects({ type: 'request', id: 3, command: 'savedKey', slot: 'token', op: 'read' }, 'bad-field', 'op');
  rejects({ type: 'request', id: 3, command: 'savedKey', slot: 'token', op: 'save', key: PEM }, 'unexpected-field', 'key');
});

test('shellQuote keeps any text exactly, as a POSIX shell reads it back', () => {
  const samples = ["plain", "it's", "'", "''", "a'b'c", '$(rm -rf ~)`id`"\\', 'new\nline', ''];
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  for (const s of samples) {
    // The real shell is the judge: printf '%s' <quoted> prints the text unchanged.
    const out = execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(s)}`], { encoding: 'utf8' });
    assert.equal(out, s, JSON.stringify(s));
  }
});

test('the Authorization header and curl forms', () => {
  assert.equal(bearerHeader(JWT), `Authorization: Bearer ${JWT}`);
  assert.equal(curlLine(JWT), `curl -H 'Authorization: Bearer ${JWT}' '<URL>'`);
  assert.equal(CURL_URL_PLACEHOLDER, '<URL>');
  // Read back by a shell: curl would get exactly these arguments.
  const args = execFileSync('/bin/sh', ['-c', `set -- ${curlLine(JWT).slice('curl '.length)}; for a in "$@"; do printf '%s\\n' "$a"; done`], { encoding: 'utf8' });
  assert.deepEqual(args.trimEnd().split('\n'), ['-H', `Authorization: Bearer ${JWT}`, '<URL>']);
  assert.equal(copyText('id', JWT, 'raw'), JWT);
  assert.equal(copyText('access', JWT, 'curl'), curlLine(JWT));
});

test('the header forms refuse what a header cannot carry, and refresh tokens', () => {
  assert.ok(isHeaderSafe(JWT));
  assert.ok(isHeaderSafe('abc+/=='));
  for (const bad of ['a b', 'a\r\nX-Evil: 1', "a'b", 'a"b', '', 'a=b']) assert.equal(isHeaderSafe(bad), false, JSON.stringify(bad));
  assert.ok(copyText('token', 'a\r\nX-Evil: 1', 'bearer') instanceof Error);
  assert.ok(copyText('refresh', JWT, 'bearer') instanceof Error);
  assert.equal(copyText('refresh', JWT, 'raw'), JWT);
  // A long run of a's then a bad character stays linear (the pattern has one class and one run).
  assert.equal(isHeaderSafe(`${'a'.repeat(100_000)}!`), false);
});

test('the claims search: plain substrings of name or value, case-insensitive, trimmed', () => {
  const rows = [
    { name: 'cognito:groups', value: '["Admins","Readers"]' },
    { name: 'email', value: 'Jane@Example.com' },
    { name: 'sub', value: 'aaaa-bbbb' },
  ];
  assert.ok(matchesClaim(rows[1]!, 'EXAMPLE'));
  assert.ok(matchesClaim(rows[0]!, 'admins'));
  assert.ok(matchesClaim(rows[0]!, ' Cognito: '));
  assert.ok(!matchesClaim(rows[2]!, 'email'));
  // Regex syntax is plain text here.
  assert.ok(!matchesClaim(rows[1]!, '.*'));
  assert.ok(matchesClaim({ name: 'x', value: 'a.*b' }, '.*'));
  assert.ok(!matchesClaim(rows[0]!, '(a+)+$'));
  assert.equal(claimCountText(rows, ''), '3 claims');
  assert.equal(claimCountText(rows, 'a'), 'Matches: 3 of 3 claims');
  assert.equal(claimCountText(rows, 'jane'), 'Matches: 1 of 3 claims');
  assert.equal(claimCountText(rows, 'zzz'), 'No claim matches (of 3)');
  assert.equal(claimCountText([rows[0]!], ''), '1 claim');
});
