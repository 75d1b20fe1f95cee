// The tree's token size warnings (src/vscode/server/sizeNotes.ts): read once per token from the
// record, off the render path; the item re-rendered only when there is a warning to show; a
// record that holds a newer token by then gives no warning for the old fingerprint.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint, type SessionRecord } from '../../../src/core/sessions/index';
import { TokenSizeNotes } from '../../../src/vscode/server/sizeNotes';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', kid: 'k' })}.${b64(claims)}.c2ln`;
const SMALL = jwt({ sub: 'u', token_use: 'id' });
const BIG = jwt({ sub: 'u', token_use: 'id', 'cognito:groups': Array.from({ length: 400 }, (_, i) => `group-number-${i}`) });
const record = (idToken: string) => ({ session: { id: 's' }, secrets: { refreshToken: 'r', idToken }, history: [] }) as unknown as SessionRecord;
const settle = () => new Promise((r) => setImmediate(r));

test('a token within every limit: read once, no warning, no re-render', async () => {
  let reads = 0;
  let changed = 0;
  const notes = new TokenSizeNotes(async () => (reads++, record(SMALL)));
  assert.equal(notes.note('s', 'id', fingerprint(SMALL), () => changed++), undefined);
  await settle();
  assert.equal(notes.note('s', 'id', fingerprint(SMALL), () => changed++), undefined);
  await settle();
  assert.equal(reads, 1);
  assert.equal(changed, 0);
});

test('a token over 8 KB: the item is re-rendered once and then carries the warning', async () => {
  let reads = 0;
  let changed = 0;
  const notes = new TokenSizeNotes(async () => (reads++, record(BIG)));
  assert.equal(notes.note('s', 'id', fingerprint(BIG), () => changed++), undefined);
  // Asked again while the read runs: not read twice.
  assert.equal(notes.note('s', 'id', fingerprint(BIG), () => changed++), undefined);
  await settle();
  assert.equal(changed, 1);
  assert.match(notes.note('s', 'id', fingerprint(BIG), () => changed++) ?? '', /^[\d,]+ bytes: over .* cognito:groups takes \d+%$/);
  assert.equal(reads, 1);
});

test('the record holds a newer token: nothing is kept for the old fingerprint', async () => {
  let changed = 0;
  const notes = new TokenSizeNotes(async () => record(BIG));
  notes.note('s', 'id', fingerprint(SMALL), () => changed++);
  await settle();
  assert.equal(changed, 0);
  assert.equal(notes.note('s', 'id', undefined, () => changed++), undefined);
});
