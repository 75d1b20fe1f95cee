// Issue 7 items 11 and 14, issue 8 item 2: entries the history picks, from
// real refreshes against the sandbox (real SDK over HTTP, real store), and a
// session removed while its refresh is in flight.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATALOG,
  explain,
  explainWithHistory,
  idForAttempts,
  OWN_RETRY_REUSE_ID,
  RESPONSE_LOST_NOT_RESENT_ID,
  SESSION_REMOVED_ID,
  toErrorInfo,
} from '../../../src/core/errors';
import { InMemorySessionStore, SessionNotFoundError } from '../../../src/core/sessions';
import { startHarness, type Harness } from '../refresh/harness';

void describe('entries chosen from the attempts of a real refresh', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  void it('no grace, response lost, the extension\'s own retry: "your own retry reused a rotated-out token"', async () => {
    const rec = await h.newSession('rotating-no-grace');
    // The old behaviour (retry outside grace) is what produced issue 7 item 11.
    const service = h.service({ retry: { retryOutsideGrace: true } });
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', drop: 'after-processing' });
    const outcome = await service.refresh(rec.session.id);
    assert.ok(!outcome.ok && 'error' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.error.name, 'RefreshTokenReuseException');

    const stored = await h.load(rec.session.id);
    assert.ok(stored.lastError);
    // Without the attempts: the generic card.
    assert.equal(explain(stored.lastError).id, 'RefreshTokenReuseException');
    // With the history, as the UI calls it: the card for what happened.
    const card = explainWithHistory(stored.lastError, stored.history);
    assert.equal(card.id, OWN_RETRY_REUSE_ID);
    assert.equal(card.name, 'RefreshTokenReuseException');
    assert.match(card.title, /retry after a lost response/i);
    assert.match(card.whatToDo[0] ?? '', /Sign in again/);
    assert.match(card.whatToDo.join(' '), /cannot be recovered/);
    assert.match(card.whatToDo.join(' '), /will not send this refresh token again/);
    assert.equal(card.retryable, 'no');
  });

  void it('no grace, response lost, resend withheld: "not sent again; it may be rotated out; sign in"', async () => {
    const rec = await h.newSession('rotating-no-grace');
    const service = h.service();
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', drop: 'after-processing' });
    const outcome = await service.refresh(rec.session.id);
    assert.ok(!outcome.ok && 'error' in outcome, JSON.stringify(outcome));

    const stored = await h.load(rec.session.id);
    assert.ok(stored.lastError);
    // Stored as the withheld resend it was: even a view without the history shows that card.
    assert.equal(stored.lastError.catalogId, RESPONSE_LOST_NOT_RESENT_ID);
    assert.equal(explain(stored.lastError).id, RESPONSE_LOST_NOT_RESENT_ID);
    const card = explainWithHistory(stored.lastError, stored.history);
    assert.equal(card.id, RESPONSE_LOST_NOT_RESENT_ID);
    assert.match(card.whatHappened, /did not resend/);
    assert.match(card.whatToDo.join(' '), /rotated out/);
    assert.match(card.whatToDo.join(' '), /RefreshTokenReuseException/);
    assert.match(card.whatToDo[0] ?? '', /Sign in again/);
    // The refresh's own explanation, with its attempts, is the same card.
    assert.equal(explainWithHistory(outcome.error, stored.history).id, RESPONSE_LOST_NOT_RESENT_ID);
  });

  void it('a lost response retried within grace that then succeeds leaves no error to explain; a plain reuse keeps the generic card', async () => {
    const rec = await h.newSession('rotating-grace-10s');
    const service = h.service();
    h.sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', drop: 'after-processing' });
    const ok = await service.refresh(rec.session.id);
    assert.ok(ok.ok, JSON.stringify(ok));
    assert.equal((await h.load(rec.session.id)).lastError, undefined);
    // A RefreshTokenReuseException whose last attempt was not a retry: generic.
    assert.equal(idForAttempts('RefreshTokenReuseException', [{ outcome: 'error', errorName: 'RefreshTokenReuseException' }]), 'RefreshTokenReuseException');
    // A retry note without a lost response before it: generic too.
    assert.equal(
      idForAttempts('RefreshTokenReuseException', [{ outcome: 'error' }, { outcome: 'error', notes: ['retry-outside-grace'] }]),
      'RefreshTokenReuseException',
    );
  });

  void it('attempts that are not arrays or hold junk never break explain', () => {
    const err = { name: 'RefreshTokenReuseException', message: 'Refresh token has already been used.' };
    for (const attempts of [undefined, [], [null], [{ notes: 'response-lost' }], [{ notes: [1, 2] }]]) {
      assert.equal(explain(err, { attempts: attempts as never }).id, 'RefreshTokenReuseException');
    }
  });
});

void describe('a session removed while its refresh is in flight (issue 7 item 14)', () => {
  void it('SessionNotFoundError from the real store is "the session was removed", quiet', async () => {
    const store = new InMemorySessionStore();
    const err = await store
      .saveTokens('c34f9ae9-0000-4000-8000-000000000000', { accessToken: 'x', receivedAt: new Date().toISOString() } as never)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof SessionNotFoundError, String(err));
    for (const value of [err, toErrorInfo(err, 'GetTokensFromRefreshToken'), { name: 'SessionNotFoundError', message: 'No stored session with id c34f9ae9.' }]) {
      const e = explain(value);
      assert.equal(e.id, SESSION_REMOVED_ID);
      assert.equal(e.title, 'The session was removed');
      assert.equal(e.quiet, true);
      assert.doesNotMatch(e.title, /Unexpected error/);
    }
    assert.equal(CATALOG.get(SESSION_REMOVED_ID)?.kind, 'client');
    // No other entry is quiet.
    assert.deepEqual([...CATALOG.values()].filter((x) => x.quiet).map((x) => x.id), [SESSION_REMOVED_ID]);
  });
});
