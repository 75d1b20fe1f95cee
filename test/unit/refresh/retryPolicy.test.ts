import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideRetry, rotationKnowledge, type RetryInput } from '../../../src/core/refresh/retryPolicy';

const lost: RetryInput = {
  operation: 'GetTokensFromRefreshToken',
  mayHaveReachedServer: true,
  cancelled: false,
  rotation: { kind: 'on', graceSeconds: 10 },
  elapsedMs: 200,
  retriesSoFar: 0,
};

describe('decideRetry', () => {
  it('retries a lost response within the grace period', () => {
    assert.deepEqual(decideRetry(lost), { retry: true, note: 'retry-within-grace' });
  });

  it('keeps a margin inside the grace window', () => {
    assert.deepEqual(decideRetry({ ...lost, elapsedMs: 8_999 }), { retry: true, note: 'retry-within-grace' });
    assert.deepEqual(decideRetry({ ...lost, elapsedMs: 9_000 }), { retry: false });
  });

  it('treats rotation off and InitiateAuth as always covered', () => {
    assert.deepEqual(decideRetry({ ...lost, rotation: { kind: 'off' }, elapsedMs: 120_000 }), { retry: true, note: 'retry-within-grace' });
    assert.deepEqual(decideRetry({ ...lost, operation: 'InitiateAuth', rotation: { kind: 'unknown' } }), { retry: true, note: 'retry-within-grace' });
  });

  it('never re-sends outside a grace period that provably covers it (0, unknown grace, unknown rotation)', () => {
    assert.deepEqual(decideRetry({ ...lost, rotation: { kind: 'on', graceSeconds: 0 } }), { retry: false });
    assert.deepEqual(decideRetry({ ...lost, rotation: { kind: 'on' } }), { retry: false });
    assert.deepEqual(decideRetry({ ...lost, rotation: { kind: 'unknown' } }), { retry: false });
    // Only when a caller asks for the old probing behaviour explicitly.
    assert.deepEqual(
      decideRetry({ ...lost, rotation: { kind: 'on', graceSeconds: 0 } }, { maxRetries: 1, graceMarginMs: 1000, retryOutsideGrace: true }),
      { retry: true, note: 'retry-outside-grace' },
    );
  });

  it('never retries answers, cancellations or beyond the bound', () => {
    assert.deepEqual(decideRetry({ ...lost, mayHaveReachedServer: false }), { retry: false });
    assert.deepEqual(decideRetry({ ...lost, cancelled: true }), { retry: false });
    assert.deepEqual(decideRetry({ ...lost, retriesSoFar: 1 }), { retry: false });
  });
});

describe('rotationKnowledge', () => {
  it('prefers the hint, then what was observed', () => {
    assert.deepEqual(rotationKnowledge({ enabled: true, graceSeconds: 5 }, false), { kind: 'on', graceSeconds: 5 });
    assert.deepEqual(rotationKnowledge({ enabled: false, graceSeconds: 0 }, true), { kind: 'off' });
    assert.deepEqual(rotationKnowledge(undefined, true), { kind: 'on' });
    assert.deepEqual(rotationKnowledge(undefined, false), { kind: 'off' });
    assert.deepEqual(rotationKnowledge(undefined, undefined), { kind: 'unknown' });
  });
});
