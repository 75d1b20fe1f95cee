// toErrorInfo and explain must never throw, whatever was thrown.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { CATALOG, explain, toErrorInfo, type ErrorInfo } from '../../../src/core/errors';

const SAMPLE_JWT =
  'eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiIxMjM0NTY3OC1hYmNkIiwidG9rZW5fdXNlIjoiYWNjZXNzIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

function throwingGetters(): object {
  const target = {};
  for (const key of ['name', 'message', '$metadata', 'code', 'cause', '$fault', '__type', 'errors', 'constructor']) {
    Object.defineProperty(target, key, {
      get() {
        throw new Error(`getter ${key} exploded`);
      },
      enumerable: true,
    });
  }
  return target;
}

function hostileProxy(): object {
  const trap = () => {
    throw new Error('proxy trap');
  };
  return new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
}

function circular(): object {
  const err = new Error('loop') as Error & { self?: unknown; cause?: unknown; $metadata?: unknown };
  err.self = err;
  err.cause = err;
  err.$metadata = { parent: err, httpStatusCode: 400 };
  return err;
}

const WEIRD: ReadonlyArray<readonly [string, () => unknown]> = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['a string', () => 'plain failure'],
  ['an empty string', () => ''],
  ['a number', () => 42],
  ['NaN', () => Number.NaN],
  ['a bigint', () => 10n],
  ['a symbol', () => Symbol('boom')],
  ['a boolean', () => false],
  ['a function', () => () => 1],
  ['an empty object', () => ({})],
  ['an array', () => [1, 2, 3]],
  ['an object with throwing getters', throwingGetters],
  ['a proxy whose every trap throws', hostileProxy],
  ['a circular error', circular],
  ['an object without prototype', () => Object.create(null) as object],
  ['a frozen error', () => Object.freeze(new Error('frozen'))],
  ['an error with a non-string message', () => Object.assign(new Error(), { message: { nested: true } })],
  ['an error whose toString throws', () => Object.assign(new Error('x'), { toString: () => { throw new Error('no'); } })],
  ['an object with a huge message', () => ({ name: 'Error', message: 'x'.repeat(100_000) })],
  ['a non-numeric status', () => ({ name: 'Error', $metadata: { httpStatusCode: 'four hundred' } })],
];

void describe('toErrorInfo never throws', () => {
  for (const [label, make] of WEIRD) {
    void it(label, () => {
      const value = make();
      const info = toErrorInfo(value, 'GetTokensFromRefreshToken');
      assert.equal(typeof info.name, 'string');
      assert.ok(info.name.length > 0);
      assert.equal(info.operation, 'GetTokensFromRefreshToken');
      if (info.message !== undefined) {
        assert.equal(typeof info.message, 'string');
        assert.ok(info.message.length <= 2000);
      }
      if (info.httpStatus !== undefined) assert.ok(Number.isInteger(info.httpStatus));
      const explanation = explain(value);
      assert.ok(CATALOG.has(explanation.id), `explain gave unknown id ${explanation.id}`);
      assert.ok(explanation.title.length > 0);
      // JSON-serializable: safe to store, log and post to a webview.
      assert.doesNotThrow(() => JSON.stringify(explanation));
      assert.doesNotThrow(() => JSON.stringify(info));
    });
  }

  void it('a circular error keeps what it can read', () => {
    const info = toErrorInfo(circular());
    assert.equal(info.message, 'loop');
    assert.equal(info.httpStatus, 400);
  });

  void it('a string thrown with a node error code inside still classifies', () => {
    const info = toErrorInfo('connect ECONNREFUSED 127.0.0.1:9229');
    assert.equal(info.code, 'ECONNREFUSED');
    assert.equal(explain(info).id, 'transport/connection-refused');
  });

  void it('null and strings become the unknown fallback, which shows name and message', () => {
    const explanation = explain('plain failure');
    assert.equal(explanation.id, 'unknown');
    assert.equal(explanation.kind, 'unknown');
    assert.equal(explanation.message, 'plain failure');
    assert.match(explanation.title, /Error/);
    assert.match(explain(null).message ?? '', /null/);
  });
});

void describe('toErrorInfo reads SDK, node and older SDK shapes', () => {
  void it('an SDK exception', () => {
    const err = new NotAuthorizedException({ message: 'Invalid Refresh Token.', $metadata: { httpStatusCode: 400, requestId: 'r-1' } });
    assert.deepEqual(toErrorInfo(err, 'InitiateAuth'), {
      name: 'NotAuthorizedException',
      message: 'Invalid Refresh Token.',
      httpStatus: 400,
      requestId: 'r-1',
      operation: 'InitiateAuth',
      fault: 'client',
    });
  });

  void it('is idempotent: an ErrorInfo comes back equal', () => {
    const info: ErrorInfo = {
      name: 'TimeoutError',
      message: 'socket hang up',
      code: 'ECONNRESET',
      operation: 'GetTokensFromRefreshToken',
      syscall: 'read',
      httpStatus: 503,
      requestId: 'x',
      fault: 'server',
      errorType: 'Foo',
    };
    assert.deepEqual(toErrorInfo(info), info);
    assert.deepEqual(toErrorInfo(toErrorInfo(info)), info);
  });

  void it('the operation recorded in an ErrorInfo wins over the context', () => {
    const info = toErrorInfo(new Error('x'), 'RevokeToken');
    assert.equal(explain(info, { operation: 'InitiateAuth' }).operation, 'RevokeToken');
    assert.equal(explain(new Error('x'), { operation: 'InitiateAuth' }).operation, 'InitiateAuth');
  });

  void it('SDK v2 / amazon-cognito-identity-js errors carry the exception name in code', () => {
    const v2 = Object.assign(new Error('Refresh Token has expired'), { code: 'NotAuthorizedException', statusCode: 400 });
    const info = toErrorInfo(v2);
    assert.equal(info.name, 'NotAuthorizedException');
    assert.equal(info.code, undefined);
    assert.equal(info.httpStatus, 400);
    assert.equal(explain(v2).id, 'NotAuthorizedException/refresh-token-expired');
  });

  void it('a raw error body with __type', () => {
    const body = { __type: 'com.amazonaws.cognito.identity.idp.model#RefreshTokenReuseException', message: 'reused' };
    assert.equal(toErrorInfo(body).name, 'RefreshTokenReuseException');
    assert.equal(explain(body).id, 'RefreshTokenReuseException');
  });

  void it('an AggregateError with an empty message takes the inner error\'s', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:9229'), { code: 'ECONNREFUSED', syscall: 'connect' });
    const agg = new AggregateError([inner], '');
    const info = toErrorInfo(agg);
    assert.equal(info.code, 'ECONNREFUSED');
    assert.equal(info.message, 'connect ECONNREFUSED ::1:9229');
    assert.equal(info.syscall, 'connect');
  });

  void it('removes tokens from messages', () => {
    const info = toErrorInfo(new Error(`Token ${SAMPLE_JWT} rejected`));
    assert.ok(!(info.message ?? '').includes(SAMPLE_JWT));
    assert.match(info.message ?? '', /\[redacted JWT\]/);
    assert.ok(!(explain(new Error(`bad ${SAMPLE_JWT}`)).message ?? '').includes('eyJ'));
  });
});
