// `auto` against an endpoint without GetTokensFromRefreshToken, like the
// local emulators (cognito-local, moto).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogId } from '../../../src/core/errors';
import { demoConfig } from '../../../src/sandbox';
import { startHarness, type Harness } from './harness';
import { startProxy, type Proxy } from './proxy';

describe('auto fallback to InitiateAuth', () => {
  let h: Harness;
  before(async () => (h = await startHarness({ config: { ...demoConfig(), unsupportedOperations: ['GetTokensFromRefreshToken'] } })));
  after(() => h.close());

  it('falls back each time, and remembers it only once the endpoint lacked the operation twice', async () => {
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
    assert.equal(first.session.effectiveMethod, undefined, 'one unsupported answer is not remembered');
    assert.deepEqual(calls(), { gt: start.gt + 1, ia: start.ia + 1 });

    let stored = await h.load(session.id);
    assert.equal(stored.session.effectiveMethod, undefined);
    assert.equal(stored.session.unsupportedSeen, 1);
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
    assert.ok(second.ok && second.fellBack);
    assert.equal(second.session.effectiveMethod, 'InitiateAuth', 'the second unsupported answer is remembered');
    assert.deepEqual(calls(), { gt: start.gt + 2, ia: start.ia + 2 });

    const third = await service.refresh(session.id);
    assert.ok(third.ok);
    assert.equal(third.usedRememberedFallback, true);
    assert.equal(third.fellBack, false);
    assert.deepEqual(calls(), { gt: start.gt + 2, ia: start.ia + 3 }, 'the failing call is not paid again');
    stored = await h.load(session.id);
    assert.deepEqual(stored.history.at(-1)?.notes, ['remembered-fallback']);
    assert.ok(stored.session.effectiveMethodSince, 'when it was remembered, so that it is tried again later');
  });

  it('choosing GetTokensFromRefreshToken explicitly forgets the fallback and reports the endpoint gap', async () => {
    const { session } = await h.newSession('no-rotation');
    const service = h.service();
    assert.ok((await service.refresh(session.id)).ok);
    assert.ok((await service.refresh(session.id)).ok);
    assert.equal((await h.load(session.id)).session.effectiveMethod, 'InitiateAuth');
    await h.store.updateSettings(session.id, { refreshMethod: 'GetTokensFromRefreshToken', at: new Date().toISOString() });
    assert.equal((await h.load(session.id)).session.effectiveMethod, undefined);
    const outcome = await service.refresh(session.id);
    assert.ok(!outcome.ok && outcome.reason === 'transport', JSON.stringify(outcome));
    assert.equal(outcome.fellBack, false);
    assert.equal(catalogId(outcome.error), 'transport/unsupported-operation');
  });
});

describe('one transient UnknownOperationException on a rotating client (issue 8, item 3)', () => {
  let h: Harness;
  before(async () => (h = await startHarness()));
  after(() => h.close());

  it('does not fall back to REFRESH_TOKEN_AUTH, remembers nothing, and the next refresh uses GetTokensFromRefreshToken', async () => {
    const rec = await h.newSession('rotating-grace-10s');
    const service = h.service();
    const ia = h.calls('InitiateAuth');
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'UnknownOperationException', message: '' } });
    const first = await service.refresh(rec.session.id);
    assert.ok(!first.ok && 'fellBack' in first, JSON.stringify(first));
    assert.equal(first.fellBack, false, 'REFRESH_TOKEN_AUTH cannot work on a rotating client');
    assert.equal(h.calls('InitiateAuth'), ia);
    assert.equal((await h.load(rec.session.id)).session.effectiveMethod, undefined);

    const second = await service.refresh(rec.session.id);
    assert.ok(second.ok, JSON.stringify(second));
    assert.equal(second.operation, 'GetTokensFromRefreshToken');
    assert.equal(second.rotated, true);
    assert.equal((await h.load(rec.session.id)).session.unsupportedSeen, undefined, 'a success forgets the unsupported answer');
  });

  it('on a client observed rotating (no hint), either', async () => {
    const rec = await h.newSession('rotating-grace-10s');
    await h.store.updateSettings(rec.session.id, { rotationHint: null, at: new Date().toISOString() });
    const service = h.service();
    assert.ok((await service.refresh(rec.session.id)).ok);
    for (let i = 0; i < 2; i++) {
      h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'UnknownOperationException', message: '' } });
      const failed = await service.refresh(rec.session.id);
      assert.ok(!failed.ok && 'fellBack' in failed && failed.fellBack === false, JSON.stringify(failed));
    }
    const stored = await h.load(rec.session.id);
    assert.equal(stored.session.effectiveMethod, undefined, 'never remembered on a rotating client');
    assert.ok((await service.refresh(rec.session.id)).ok);
  });
});

describe('auto against an endpoint that answers GetTokensFromRefreshToken with an HTML 500, as moto does (issue 7, item 9)', () => {
  let h: Harness;
  let proxy: Proxy;
  before(async () => {
    h = await startHarness();
    // The sandbox answers a missing operation as Cognito's framework does; moto answers with a
    // Flask error page. The proxy plays moto for that one operation and passes the rest on.
    proxy = await startProxy(h.sandbox.endpoint, (operation) => (operation === 'GetTokensFromRefreshToken' ? 'html-500' : 'forward'));
  });
  after(async () => {
    await proxy.close();
    await h.close();
  });

  it('falls back to InitiateAuth, records the fallback in the history, and remembers it the second time', async () => {
    const { session } = await h.newSession('no-rotation');
    await h.store.updateSettings(session.id, { endpoint: proxy.endpoint, at: new Date().toISOString() });
    const service = h.service();
    const ia = h.calls('InitiateAuth');

    const first = await service.refresh(session.id);
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.fellBack, true);
    assert.equal(first.operation, 'InitiateAuth');
    assert.equal(proxy.received('GetTokensFromRefreshToken'), 1, 'the HTML page is not retried');
    assert.equal(h.calls('GetTokensFromRefreshToken'), 0, 'the proxy answered it, the sandbox never saw it');
    assert.equal(h.calls('InitiateAuth'), ia + 1);

    let stored = await h.load(session.id);
    assert.deepEqual(
      stored.history.map((e) => [e.operation, e.outcome, e.notes ?? []]),
      [
        ['GetTokensFromRefreshToken', 'error', ['unsupported-operation']],
        ['InitiateAuth', 'success', ['fallback']],
      ],
    );
    assert.equal(stored.history[0]?.httpStatus, 500);
    assert.equal(stored.session.unsupportedSeen, 1);
    assert.equal(stored.lastError, undefined);

    const second = await service.refresh(session.id);
    assert.ok(second.ok && second.fellBack, JSON.stringify(second));
    stored = await h.load(session.id);
    assert.equal(stored.session.effectiveMethod, 'InitiateAuth', 'the second HTML 500 in a row is remembered');
    assert.equal(h.calls('InitiateAuth'), ia + 2);
  });
});
