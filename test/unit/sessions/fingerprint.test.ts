// fingerprint() keeps the fingerprints it computed last (a refresh labels one refresh token
// several times): the same secret is hashed once while it is among the last few, the answer is
// always SHA-256's, and the memo is bounded.
import assert from 'node:assert/strict';
import { createHash, Hash } from 'node:crypto';
import { describe, it } from 'node:test';
import { fingerprint } from '../../../src/core/sessions';

/** How many times `run` hashed `secret` (Hash.prototype.update, whichever module called it). */
function hashesOf(secret: string, run: () => void): number {
  const update = Hash.prototype.update;
  let count = 0;
  Hash.prototype.update = function (this: Hash, data: unknown, ...rest: unknown[]) {
    if (data === secret) count++;
    return (update as (...a: unknown[]) => Hash).call(this, data, ...rest);
  } as typeof update;
  try {
    run();
  } finally {
    Hash.prototype.update = update;
  }
  return count;
}

const sha8 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 8);

describe('fingerprint memo', () => {
  it('hashes a secret once while it is among the last ones fingerprinted, with the same answer', () => {
    const secret = `memo-test-${Math.random()}`;
    const n = hashesOf(secret, () => {
      for (let i = 0; i < 5; i++) assert.equal(fingerprint(secret), sha8(secret));
    });
    // sha8 hashes it 5 times itself; fingerprint once.
    assert.equal(n, 6);
  });

  it('is bounded: a secret followed by many others is hashed again', () => {
    const secret = `bounded-test-${Math.random()}`;
    fingerprint(secret);
    for (let i = 0; i < 100; i++) fingerprint(`other-${i}-${Math.random()}`);
    assert.equal(hashesOf(secret, () => assert.equal(fingerprint(secret), sha8(secret))), 2);
  });

  it('does not keep long secrets', () => {
    const long = 'x'.repeat(17 * 1024) + Math.random();
    assert.equal(hashesOf(long, () => {
      fingerprint(long);
      fingerprint(long);
    }), 2);
  });
});
