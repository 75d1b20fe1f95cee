// `auto` against an endpoint without GetTokensFromRefreshToken, like the
// local emulators (cognito-local, moto).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogId } from '../../../src/core/errors';
import { demoConfig } from '../../../src/sandbox';
import { startHarness, type Harness } from './harness';

describe('auto fallback to InitiateAuth', () => {
  let h: Harness;
  before(async () => (h = await startHarness({ config: { ...demoConfig(), unsupportedOperations: ['GetTokensFromRefreshToken'] } })));
  after(() => h.close());

  it('falls back, records it, and remembers it for the next refresh', async () => {
    const { session } = await h.newSession('no-rotation');
    assert.equal(session.refreshMethod, 'auto');
    const service = h.service();
    const calls = () => ({ gt: h.calls('GetTokensFromRefreshToken'), ia: h.calls('InitiateAuth') });
    const start = calls();

    const first = await service.refresh(session.id);
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.fellBack, true);
    assert.equal(first.operation, 'InitiateAuth');
    assert.equal(first.attempts, 2);
    assert.equal(first.session.effectiveMethod, 'InitiateAuth');
    assert.deepEqual(calls(), { gt: start.gt + 1, ia: start.ia + 1 });

    let stored = await h.load(session.id);
    assert.equal(stored.session.effectiveMethod, 'InitiateAuth');
    assert.deepEqual(
      stored.history.map((e) => [e.operation, e.outcome, e.notes ?? []]),
      [
        ['GetTokensFromRefreshToken', 'error', ['unsupported-operation']],
        ['InitiateAuth', 'success', ['fallback']],
      ],
    );
    assert.equal(stored.history[0]?.errorName, 'UnknownOperationException');
    assert.equal(stored.lastError, undefined);

    const second = await service.refresh(session.id);
    assert.ok(second.ok);
    assert.equal(second.usedRememberedFallback, true);
    assert.equal(second.fellBack, false);
    assert.deepEqual(calls(), { gt: start.gt + 1, ia: start.ia + 2 }, 'the failing call is not paid again');
    stored = await h.load(session.id);
    assert.deepEqual(stored.history.at(-1)?.notes, ['remembered-fallback']);
  });

  it('choosing GetTokensFromRefreshToken explicitly forgets the fallback and reports the endpoint gap', async () => {
    const { session } = await h.newSession('no-rotation');
    const service = h.service();
    assert.ok((await service.refresh(session.id)).ok);
    await h.store.updateSettings(session.id, { refreshMethod: 'GetTokensFromRefreshToken', at: new Date().toISOString() });
    assert.equal((await h.load(session.id)).session.effectiveMethod, undefined);
    const outcome = await service.refresh(session.id);
    assert.ok(!outcome.ok && outcome.reason === 'transport', JSON.stringify(outcome));
    assert.equal(outcome.fellBack, false);
    assert.equal(catalogId(outcome.error), 'transport/unsupported-operation');
  });
});
