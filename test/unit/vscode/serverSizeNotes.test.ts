// The tree's token size warnings (src/vscode/server/sizeNotes.ts): a session's ID and access
// tokens read together, once, from the record, off the render path; an item re-rendered only
// when there is a warning to show; a record that holds a newer token by then gives no warning
// for the old fingerprint.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint, type SessionRecord } from '../../../src/core/sessions/index';
import { TokenSizeNotes } from '../../../src/vscode/server/sizeNotes';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(claims)}.c2ln`;
const SMALL = jwt({ sub: 'u', token_use: 'id' });
const BIG = jwt({ sub: 'u', token_use: 'id', 'cognito:groups': Array.from({ length: 400 }, (_, i) => `group-number-${i}`) });
const record = (idToken: string, accessToken?: string) => ({ session: { id: 's' }, secrets: { refreshToken: 'r', idToken, ...(accessToken ? { accessToken } : {}) }, history: [] }) as unknown as SessionRecord;
const settle = () => new Promise((r) => setImmediate(r));

test('a token within every limit: read once, no warning, no re-render', async () => {
  let reads = 0;
  let changed = 0;
  const notes = new TokenSizeNotes(async () => (reads++, record(SMALL)));
  assert.equal(notes.note('s', fingerprint(SMALL), () => changed++), undefined);
  await settle();
  assert.equal(notes.note('s', fingerprint(SMALL), () => changed++), undefined);
  await settle();
  assert.equal(reads, 1);
  assert.equal(changed, 0);
});

test('a token over 8 KB: the item is re-rendered once and then carries the warning', async () => {
  let reads = 0;
  let changed = 0;
  const seen: string[] = [];
  const notes = new TokenSizeNotes(async () => (reads++, record(BIG, SMALL)));
  assert.equal(notes.note('s', fingerprint(BIG), (w) => (changed++, seen.push(w))), undefined);
  // Asked again, or for the session's other token, while the read runs: not read twice.
  assert.equal(notes.note('s', fingerprint(BIG), () => changed++), undefined);
  assert.equal(notes.note('s', fingerprint(SMALL), () => changed++), undefined);
  await settle();
  assert.equal(changed, 1);
  assert.deepEqual(seen, ['id']);
  assert.match(notes.note('s', fingerprint(BIG), () => changed++) ?? '', /^[\d,]+ bytes: over .* cognito:groups takes \d+%$/);
  assert.equal(notes.note('s', fingerprint(SMALL), () => changed++), undefined);
  await settle();
  assert.equal(reads, 1);
});

test('the record holds a newer token: nothing is shown for the old fingerprint, the new one gets its warning', async () => {
  let reads = 0;
  const notes = new TokenSizeNotes(async () => (reads++, record(BIG)));
  notes.note('s', fingerprint(SMALL), () => undefined);
  await settle();
  assert.equal(notes.note('s', fingerprint(SMALL), () => undefined), undefined);
  assert.ok(notes.note('s', fingerprint(BIG), () => undefined));
  await settle();
  assert.equal(reads, 1, 'asked again for a fingerprint already settled');
  assert.equal(notes.note('s', undefined, () => undefined), undefined);
});
