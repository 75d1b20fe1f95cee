// Fuzz of the webview message validators (issue 8, "Fuzz"): arbitrary JSON never passes as a
// valid message unless it is one, valid messages always pass, and no validator throws.
// A short seeded run by default; CTD_LONG=1 runs 100,000 cases per property and prints them.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  isAllowedDocsUrl,
  MAX_CLAIM_NAME_LENGTH,
  MAX_REQUEST_ID,
  parseUiState,
  parseWebviewMessage,
  PROTOCOL_VERSION,
  REQUEST_COMMANDS,
  TOKEN_SLOTS,
  VALUE_PARTS,
} from '../../../src/shared/protocol';

const LONG = process.env.CTD_LONG === '1';
const RUNS = LONG ? 100_000 : 2_000;
const SEED = Number(process.env.CTD_SEED ?? 20260101);
const params = { numRuns: RUNS, seed: SEED };

const DOCS = 'https://docs.aws.amazon.com/cognito/latest/developerguide/token-revocation.html';

/** The specification, written apart from the validator: exactly these objects are messages. */
function isMessage(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (o.type === 'ready') return keys === 'protocol,type' && o.protocol === PROTOCOL_VERSION;
  if (o.type !== 'request') return false;
  const id = o.id;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > MAX_REQUEST_ID) return false;
  switch (o.command) {
    case 'refresh':
    case 'verify':
      return keys === 'command,id,type';
    case 'openDocs':
      return keys === 'command,id,type,url' && isAllowedDocsUrl(o.url);
    case 'reveal':
      return keys === 'command,id,slot,type' && (TOKEN_SLOTS as readonly unknown[]).includes(o.slot);
    case 'copyValue':
      return (
        keys === 'command,id,name,part,slot,type' &&
        (TOKEN_SLOTS as readonly unknown[]).includes(o.slot) &&
        (VALUE_PARTS as readonly unknown[]).includes(o.part) &&
        typeof o.name === 'string' &&
        o.name.length > 0 &&
        o.name.length <= MAX_CLAIM_NAME_LENGTH
      );
    default:
      return false;
  }
}

/** JSON that looks like messages often enough to reach every branch. */
const nearMessage = fc.record(
  {
    type: fc.oneof(fc.constantFrom('ready', 'request', 'state', 'reply', ''), fc.jsonValue()),
    protocol: fc.oneof(fc.constant(PROTOCOL_VERSION), fc.integer(), fc.double(), fc.jsonValue()),
    id: fc.oneof(fc.integer({ min: -2, max: MAX_REQUEST_ID + 2 }), fc.double(), fc.constant(MAX_REQUEST_ID), fc.jsonValue()),
    command: fc.oneof(fc.constantFrom(...REQUEST_COMMANDS, 'revoke', 'toString', '__proto__'), fc.jsonValue()),
    url: fc.oneof(fc.constant(DOCS), fc.webUrl(), fc.string(), fc.jsonValue()),
    slot: fc.oneof(fc.constantFrom(...TOKEN_SLOTS, 'ID', ''), fc.jsonValue()),
    part: fc.oneof(fc.constantFrom(...VALUE_PARTS, 'payload'), fc.jsonValue()),
    name: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue()),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const anything = fc.oneof(fc.jsonValue(), nearMessage, fc.anything());

test(`no validator throws, and a value passes exactly when it is a message (${RUNS} cases)`, () => {
  let accepted = 0;
  fc.assert(
    fc.property(anything, (v) => {
      const r = parseWebviewMessage(v);
      assert.equal(r.ok, isMessage(v), `${JSON.stringify(v)?.slice(0, 200)}: ${r.ok ? 'accepted' : r.reason}`);
      if (r.ok) {
        accepted++;
        // What comes out is what went in, as a fresh object.
        assert.deepEqual(r.value, v);
        assert.notEqual(r.value, v);
      }
      parseUiState(v);
    }),
    params,
  );
  if (LONG) console.log(`fuzz webview messages: ${RUNS} cases, ${accepted} valid, seed ${SEED}, 0 failures`);
});

const validMessage = fc.oneof(
  fc.constant({ type: 'ready', protocol: PROTOCOL_VERSION }),
  fc.record({ type: fc.constant('request'), id: fc.integer({ min: 1, max: MAX_REQUEST_ID }), command: fc.constantFrom('refresh', 'verify') }),
  fc.record({ type: fc.constant('request'), id: fc.integer({ min: 1, max: MAX_REQUEST_ID }), command: fc.constant('openDocs'), url: fc.constant(DOCS) }),
  fc.record({ type: fc.constant('request'), id: fc.integer({ min: 1, max: MAX_REQUEST_ID }), command: fc.constant('reveal'), slot: fc.constantFrom(...TOKEN_SLOTS) }),
  fc.record({
    type: fc.constant('request'),
    id: fc.integer({ min: 1, max: MAX_REQUEST_ID }),
    command: fc.constant('copyValue'),
    slot: fc.constantFrom(...TOKEN_SLOTS),
    part: fc.constantFrom(...VALUE_PARTS),
    name: fc.string({ minLength: 1, maxLength: MAX_CLAIM_NAME_LENGTH }),
  }),
);

test(`every valid message passes, and one changed field or one extra key makes it fail (${RUNS} cases)`, () => {
  fc.assert(
    fc.property(validMessage, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), (m, key, value) => {
      assert.equal(parseWebviewMessage(m).ok, true);
      const withExtra = { ...m, [key]: value };
      assert.equal(parseWebviewMessage(withExtra).ok, isMessage(withExtra));
      for (const k of Object.keys(m)) {
        const changed = { ...m, [k]: value };
        assert.equal(parseWebviewMessage(changed).ok, isMessage(changed), `${k} -> ${JSON.stringify(value)?.slice(0, 80)}`);
      }
    }),
    params,
  );
});

test(`persisted UI state: never throws, keeps only what it recognises (${RUNS} cases)`, () => {
  const uiLike = fc.record(
    {
      v: fc.oneof(fc.constant(1), fc.jsonValue()),
      target: fc.oneof(fc.constantFrom('session', 'token'), fc.jsonValue()),
      sessionId: fc.oneof(fc.uuid(), fc.string(), fc.jsonValue()),
      tab: fc.oneof(fc.constantFrom(...TOKEN_SLOTS), fc.jsonValue()),
      open: fc.oneof(fc.array(fc.oneof(fc.constantFrom('id:raw', 'page:session'), fc.string())), fc.jsonValue()),
      closed: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.oneof(uiLike, fc.anything()), (v) => {
      const s = parseUiState(v);
      if (s === undefined) return;
      assert.equal(s.v, 1);
      assert.ok(s.target === 'session' || s.target === 'token');
      if (s.target === 'session') assert.equal(typeof s.sessionId, 'string');
      if (s.tab !== undefined) assert.ok((TOKEN_SLOTS as readonly string[]).includes(s.tab));
      for (const k of [...(s.open ?? []), ...(s.closed ?? [])]) assert.match(k, /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/);
      // Only keys it knows.
      for (const k of Object.keys(s)) assert.ok(['v', 'target', 'sessionId', 'tab', 'open', 'closed'].includes(k), k);
    }),
    params,
  );
});
