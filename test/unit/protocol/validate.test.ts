// The host's gate for every message from the inspector webview: exact shapes, known types and
// commands, bounded values; and the redacted description it logs for what it drops.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeShape,
  isAllowedDocsUrl,
  MAX_REQUEST_ID,
  parseUiState,
  parseWebviewMessage,
  PROTOCOL_VERSION,
  type RejectReason,
} from '../../../src/shared/protocol';

const DOCS = 'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-refresh-token.html#using-the-refresh-token-rotation';
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl';

function rejects(value: unknown, reason: RejectReason, field?: string): void {
  const r = parseWebviewMessage(value);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(value)}`);
  assert.ok(!r.ok);
  assert.equal(r.reason, reason, `${JSON.stringify(value)}: ${r.reason}`);
  if (field !== undefined) assert.equal(r.field, field);
}

test('accepts exactly the messages the webview sends', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready', protocol: PROTOCOL_VERSION }), { ok: true, value: { type: 'ready', protocol: PROTOCOL_VERSION } });
  assert.deepEqual(parseWebviewMessage({ type: 'request', id: 1, command: 'refresh' }), { ok: true, value: { type: 'request', id: 1, command: 'refresh' } });
  assert.deepEqual(parseWebviewMessage({ type: 'request', id: 2, command: 'verify' }), { ok: true, value: { type: 'request', id: 2, command: 'verify' } });
  assert.deepEqual(parseWebviewMessage({ type: 'request', id: 3, command: 'openDocs', url: DOCS }), {
    ok: true,
    value: { type: 'request', id: 3, command: 'openDocs', url: DOCS },
  });
  for (const slot of ['id', 'access', 'refresh', 'token']) {
    assert.deepEqual(parseWebviewMessage({ type: 'request', id: MAX_REQUEST_ID, command: 'reveal', slot }), {
      ok: true,
      value: { type: 'request', id: MAX_REQUEST_ID, command: 'reveal', slot },
    });
  }
  // A null-prototype object (structured clone never makes one, but it is still a plain record).
  const bare = Object.assign(Object.create(null) as Record<string, unknown>, { type: 'request', id: 4, command: 'verify' });
  assert.equal(parseWebviewMessage(bare).ok, true);
});

test('returns a fresh object: nothing of the input is kept by reference', () => {
  const input = { type: 'request', id: 7, command: 'openDocs', url: DOCS };
  const r = parseWebviewMessage(input);
  assert.ok(r.ok);
  assert.notEqual(r.value, input);
});

test('rejects what is not an object', () => {
  for (const v of [undefined, null, 0, 1, 'ready', true, [], [{ type: 'ready' }], () => undefined, new Date(), new Map()]) rejects(v, 'not-an-object');
  class Message {
    type = 'ready';
    protocol = PROTOCOL_VERSION;
  }
  rejects(new Message(), 'not-an-object');
});

test('rejects unknown types and commands', () => {
  rejects({}, 'missing-field', 'type');
  rejects({ type: 'READY', protocol: 1 }, 'unknown-type', 'type');
  rejects({ type: 'state', state: {} }, 'unknown-type', 'type');
  rejects({ type: 'reply', id: 1, ok: true }, 'unknown-type', 'type');
  rejects({ type: 42 }, 'unknown-type', 'type');
  rejects({ type: 'request', id: 1 }, 'missing-field', 'command');
  rejects({ type: 'request', id: 1, command: 'revoke' }, 'unknown-command', 'command');
  rejects({ type: 'request', id: 1, command: 'copyRefreshToken' }, 'unknown-command', 'command');
  rejects({ type: 'request', id: 1, command: 'toString' }, 'unknown-command', 'command');
  rejects({ type: 'request', id: 1, command: ['refresh'] }, 'unknown-command', 'command');
});

test('rejects extra and missing fields', () => {
  rejects({ type: 'ready' }, 'missing-field', 'protocol');
  rejects({ type: 'ready', protocol: 1, token: JWT }, 'unexpected-field', 'token');
  rejects({ type: 'request', id: 1, command: 'refresh', url: DOCS }, 'unexpected-field', 'url');
  rejects({ type: 'request', command: 'verify' }, 'missing-field', 'id');
  rejects({ type: 'request', id: 1, command: 'openDocs' }, 'missing-field', 'url');
  rejects({ type: 'request', id: 1, command: 'reveal' }, 'missing-field', 'slot');
  rejects({ type: 'request', id: 1, command: 'reveal', slot: 'id', url: DOCS }, 'unexpected-field', 'url');
  rejects({ type: 'request', id: 1, command: 'verify', __proto__x: 1 }, 'unexpected-field', '__proto__x');
  // Key names that are not identifiers are never echoed (they could carry anything).
  rejects({ type: 'request', id: 1, command: 'verify', [JWT]: 1 }, 'unexpected-field', '<key>');
});

test('rejects bad field values', () => {
  for (const id of [0, -1, 1.5, NaN, Infinity, MAX_REQUEST_ID + 1, '1', null, true]) rejects({ type: 'request', id, command: 'verify' }, 'bad-field', 'id');
  rejects({ type: 'ready', protocol: '1' }, 'bad-field', 'protocol');
  rejects({ type: 'ready', protocol: 1.5 }, 'bad-field', 'protocol');
  rejects({ type: 'ready', protocol: PROTOCOL_VERSION + 1 }, 'protocol-mismatch', 'protocol');
  for (const slot of ['ID', 'idToken', '', 3, null]) rejects({ type: 'request', id: 1, command: 'reveal', slot }, 'bad-field', 'slot');
  rejects({ type: 'request', id: 1, command: 'openDocs', url: 42 }, 'bad-field', 'url');
  rejects({ type: 'request', id: 1, command: 'openDocs', url: `${DOCS}${'x'.repeat(3000)}` }, 'bad-field', 'url');
});

test('openDocs takes only https pages on docs.aws.amazon.com', () => {
  const bad = [
    'http://docs.aws.amazon.com/cognito/',
    'https://docs.aws.amazon.com.evil.example/cognito/',
    'https://evil.example/?https://docs.aws.amazon.com/',
    'https://user@docs.aws.amazon.com/cognito/',
    'https://docs.aws.amazon.com:8443/cognito/',
    'https://docs.aws.amazon.com@evil.example/',
    'https://docs.aws.amazon.com/../../etc',
    'https://docs.aws.amazon.com/cognito/./x',
    'https://docs.aws.amazon.com\\@evil.example',
    'https://docs.aws.amazon.com/cognito/\\evil',
    'https://docs.aws.amazon.com/cog nito/',
    'https://docs.aws.amazon.com/cognito/\n',
    ' https://docs.aws.amazon.com/cognito/',
    'javascript:alert(1)//https://docs.aws.amazon.com/',
    'command:workbench.action.terminal.new',
    'HTTPS://DOCS.AWS.AMAZON.COM/cognito/',
    'https://DOCS.aws.amazon.com/cognito/',
    'file:///etc/passwd',
    'vscode://ms-vscode.foo',
    '',
  ];
  for (const url of bad) {
    assert.equal(isAllowedDocsUrl(url), false, url);
    rejects({ type: 'request', id: 1, command: 'openDocs', url }, 'url-not-allowed', 'url');
  }
  for (const url of [DOCS, 'https://docs.aws.amazon.com', 'https://docs.aws.amazon.com/', 'https://docs.aws.amazon.com/general/latest/gr/cognito.html', 'https://docs.aws.amazon.com/x?y=1#z']) {
    assert.equal(isAllowedDocsUrl(url), true, url);
  }
});

test('a throwing getter or proxy is rejected, never thrown', () => {
  const hostile = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('boom');
      },
      getPrototypeOf() {
        return Object.prototype;
      },
      get() {
        throw new Error('boom');
      },
    },
  );
  const r = parseWebviewMessage(hostile);
  assert.equal(r.ok, false);
  assert.equal(describeShape(hostile), 'unreadable');
  const getter = { type: 'request', id: 1, get command(): string {
    throw new Error('boom');
  } };
  assert.equal(parseWebviewMessage(getter).ok, false);
});

test('describeShape tells types and lengths, never values', () => {
  const shape = describeShape({ type: 'request', id: 1, command: 'openDocs', url: JWT, nested: { token: JWT }, list: [JWT], [JWT]: JWT });
  assert.equal(shape, `{type: string(7), id: number, command: string(8), url: string(${JWT.length}), nested: object, list: array(1), <key>: string(${JWT.length})}`);
  assert.ok(!shape.includes('eyJ'));
  assert.equal(describeShape(JWT), `string(${JWT.length})`);
  assert.equal(describeShape(null), 'null');
  const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
  assert.match(describeShape(many), /… 12 more\}$/);
});

test('UI state: the session id, tab and sections; never anything else', () => {
  assert.deepEqual(parseUiState({ v: 1, target: 'session', sessionId: 'abc-123', tab: 'access', open: ['id:raw', 'id:raw', 'page:session'], closed: ['id:claims'] }), {
    v: 1,
    target: 'session',
    sessionId: 'abc-123',
    tab: 'access',
    open: ['id:raw', 'page:session'],
    closed: ['id:claims'],
  });
  assert.deepEqual(parseUiState({ v: 1, target: 'token', tab: 'token', token: JWT }), { v: 1, target: 'token', tab: 'token' });
  // Bad sections are dropped, not the state.
  assert.deepEqual(parseUiState({ v: 1, target: 'token', open: ['ok:one', JWT, 3, 'Bad:Key', 'x'.repeat(100) + ':y'] }), { v: 1, target: 'token', open: ['ok:one'] });
  assert.deepEqual(parseUiState({ v: 1, target: 'token', tab: 'nope' }), { v: 1, target: 'token' });
  // A session state without a usable id, an unknown version or target: nothing to restore.
  for (const bad of [
    undefined,
    null,
    'state',
    { v: 2, target: 'session', sessionId: 'a' },
    { v: 1, target: 'session' },
    { v: 1, target: 'session', sessionId: '' },
    { v: 1, target: 'session', sessionId: 'has space' },
    { v: 1, target: 'session', sessionId: 'x'.repeat(201) },
    { v: 1, target: 'session', sessionId: 5 },
    { v: 1, target: 'other' },
  ]) {
    assert.equal(parseUiState(bad), undefined, JSON.stringify(bad));
  }
  const long = { v: 1, target: 'token', open: Array.from({ length: 100 }, (_, i) => `s${i}:raw`) };
  assert.equal(parseUiState(long)?.open?.length, 64);
});
