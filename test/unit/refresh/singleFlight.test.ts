import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SingleFlight } from '../../../src/core/refresh/singleFlight';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SingleFlight', () => {
  it('runs one task per key and shares its result', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    let started = 0;
    const task = () => {
      started++;
      return gate.promise;
    };
    const calls = Array.from({ length: 10 }, () => flight.run('k', undefined, task, () => 'aborted'));
    assert.equal(flight.has('k'), true);
    gate.resolve('done');
    assert.deepEqual(await Promise.all(calls), Array(10).fill('done'));
    assert.equal(started, 1);
    assert.equal(flight.has('k'), false);
    assert.equal(await flight.run('k', undefined, () => Promise.resolve('again'), () => 'aborted'), 'again');
  });

  it('lets one caller give up while the task continues for the others', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    let taskSignal: AbortSignal | undefined;
    const ac = new AbortController();
    const quitter = flight.run('k', ac.signal, (s) => ((taskSignal = s), gate.promise), () => 'aborted');
    const stayer = flight.run('k', undefined, () => Promise.resolve('unused'), () => 'aborted');
    ac.abort();
    assert.equal(await quitter, 'aborted');
    await Promise.resolve();
    assert.equal(taskSignal?.aborted, false);
    gate.resolve('done');
    assert.equal(await stayer, 'done');
  });

  it('aborts the task when every caller has given up; the last one gets the task result', async () => {
    const flight = new SingleFlight<string>();
    const a = new AbortController();
    const b = new AbortController();
    let taskSignal: AbortSignal | undefined;
    const task = (s: AbortSignal) => {
      taskSignal = s;
      return new Promise<string>((resolve) => s.addEventListener('abort', () => resolve('task saw abort')));
    };
    const first = flight.run('k', a.signal, task, () => 'a gave up');
    const second = flight.run('k', b.signal, task, () => 'b gave up');
    await Promise.resolve();
    a.abort();
    assert.equal(taskSignal?.aborted, false);
    b.abort();
    assert.equal(taskSignal?.aborted, true);
    assert.deepEqual(await Promise.all([first, second]), ['a gave up', 'task saw abort']);
  });

  it('starts the task synchronously, in call order', () => {
    const flight = new SingleFlight<string>();
    const order: string[] = [];
    void flight.run('a', undefined, () => (order.push('a'), Promise.resolve('a')), () => 'aborted');
    order.push('after a');
    void flight.run('b', undefined, () => (order.push('b'), Promise.resolve('b')), () => 'aborted');
    assert.deepEqual(order, ['a', 'after a', 'b']);
  });

  it('passes a synchronous throw on as a rejection', async () => {
    const flight = new SingleFlight<string>();
    await assert.rejects(
      flight.run('k', undefined, () => {
        throw new Error('boom');
      }, () => 'aborted'),
      /boom/,
    );
    assert.equal(flight.has('k'), false);
  });

  it('does not start for an already aborted signal', async () => {
    const flight = new SingleFlight<string>();
    let started = false;
    const result = await flight.run('k', AbortSignal.abort(), () => ((started = true), Promise.resolve('x')), () => 'aborted');
    assert.equal(result, 'aborted');
    assert.equal(started, false);
  });
});
