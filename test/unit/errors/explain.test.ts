import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NotAuthorizedException, ResourceNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { CATALOG, catalogId, explain, isTransportError, mayHaveReachedServer, toErrorInfo } from '../../../src/core/errors';

const meta = { httpStatusCode: 400, requestId: 'req-7' };
const clientNotFound = () => new ResourceNotFoundException({ message: 'User pool client 1example23456789 does not exist.', $metadata: meta });

void describe('catalog integrity', () => {
  void it('every entry is complete, with an AWS documentation page', () => {
    assert.ok(CATALOG.size >= 40);
    for (const [id, entry] of CATALOG) {
      assert.equal(entry.id, id);
      for (const field of ['name', 'title', 'whatHappened', 'docsUrl'] as const) {
        assert.ok(entry[field].trim().length > 0, `${id}.${field} is empty`);
      }
      assert.ok(entry.likelyCauses.length > 0 && entry.likelyCauses.every((s) => s.trim().length > 0), `${id}.likelyCauses`);
      assert.ok(entry.whatToDo.length > 0 && entry.whatToDo.every((s) => s.trim().length > 0), `${id}.whatToDo`);
      assert.match(entry.docsUrl, /^https:\/\/docs\.aws\.amazon\.com\/\S+$/, `${id}.docsUrl`);
      assert.ok(['service', 'transport', 'client', 'unknown'].includes(entry.kind), `${id}.kind`);
      assert.ok(['yes', 'no', 'with-backoff', 'same-token-within-grace'].includes(entry.retryable), `${id}.retryable`);
      if (entry.kind === 'service' && id.includes('/') && !id.startsWith('service/')) {
        assert.ok(id.startsWith(`${entry.name}/`), `${id} must start with its exception name`);
        assert.ok(CATALOG.has(entry.name), `${id} has no base entry ${entry.name}`);
      }
      if (entry.kind === 'transport') assert.ok(id.startsWith('transport/'), id);
      if (entry.kind === 'client') assert.ok(id.startsWith('client/'), id);
    }
  });

  void it('has the stable ids other modules rely on', () => {
    for (const id of [
      'NotAuthorizedException',
      'NotAuthorizedException/refresh-token-expired',
      'transport/dns',
      'transport/unsupported-operation',
      'transport/connection-reset',
      'transport/timeout',
      'RefreshTokenReuseException',
      'unknown',
    ]) {
      assert.ok(CATALOG.has(id), id);
    }
  });

  void it('entries cannot be changed through the map, and explain returns copies', () => {
    const entry = CATALOG.get('RefreshTokenReuseException');
    assert.ok(entry);
    assert.throws(() => entry.likelyCauses.push('x'));
    const a = explain(new NotAuthorizedException({ message: 'Invalid Refresh Token', $metadata: meta }));
    a.likelyCauses.push('changed by a caller');
    a.title = 'changed';
    const b = explain(new NotAuthorizedException({ message: 'Invalid Refresh Token', $metadata: meta }));
    assert.ok(!b.likelyCauses.includes('changed by a caller'));
    assert.notEqual(b.title, 'changed');
  });

  void it('only lost-response classes may have reached the server, and they say to retry with the same token', () => {
    for (const [id, entry] of CATALOG) {
      if (entry.retryable === 'same-token-within-grace') {
        assert.ok(entry.whatToDo.some((s) => /same refresh token/.test(s)), `${id} should say to reuse the same refresh token`);
      }
    }
  });
});

void describe('context hints', () => {
  void it('a user pool id from another Region than the configured one', () => {
    const explanation = explain(clientNotFound(), { region: 'us-east-1', userPoolId: 'eu-west-1_AbCdEf123' });
    assert.equal(explanation.id, 'ResourceNotFoundException/app-client-not-found');
    assert.ok(explanation.hints && explanation.hints.length === 1, JSON.stringify(explanation.hints));
    assert.match(explanation.hints[0] ?? '', /eu-west-1_AbCdEf123 is in eu-west-1, but requests go to us-east-1/);
    assert.equal(explanation.likelyCauses[0], explanation.hints[0], 'the hint leads the causes');
  });

  void it('no hint when Region, pool and endpoint agree', () => {
    const explanation = explain(clientNotFound(), {
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEf123',
      endpoint: 'https://cognito-idp.eu-west-1.amazonaws.com',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
    });
    assert.equal(explanation.hints, undefined);
    assert.deepEqual(explanation.likelyCauses, CATALOG.get('ResourceNotFoundException/app-client-not-found')?.likelyCauses);
  });

  void it('an explicit endpoint in another Region decides where requests go', () => {
    const explanation = explain(clientNotFound(), {
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbCdEf123',
      endpoint: 'https://cognito-idp.us-west-2.amazonaws.com/',
    });
    const hints = explanation.hints ?? [];
    assert.ok(hints.some((h) => /endpoint is in us-west-2 but the Region setting is eu-west-1/.test(h)), hints.join('\n'));
    assert.ok(hints.some((h) => /is in eu-west-1, but requests go to us-west-2/.test(h)), hints.join('\n'));
  });

  void it('tokens issued by another user pool', () => {
    const explanation = explain(new NotAuthorizedException({ message: 'Invalid Refresh Token.', $metadata: meta }), {
      region: 'us-east-1',
      userPoolId: 'us-east-1_Configured1',
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other2',
    });
    assert.match(explanation.hints?.[0] ?? '', /user pool us-east-1_Other2, not by the configured pool us-east-1_Configured1/);
  });

  void it('tokens from a local emulator sent to AWS', () => {
    const explanation = explain(new NotAuthorizedException({ message: 'Invalid Refresh Token.', $metadata: meta }), {
      endpoint: 'https://cognito-idp.us-east-1.amazonaws.com',
      issuer: 'http://localhost:9229/local_5Nz4nNfA',
    });
    assert.match(explanation.hints?.[0] ?? '', /not by Amazon Cognito/);
  });

  void it('an endpoint without a scheme', () => {
    const info = { name: 'Unknown', message: 'UnknownError', httpStatus: 404, fault: 'client' as const };
    const explanation = explain(info, { endpoint: 'localhost:9229' });
    assert.equal(explanation.id, 'transport/unsupported-operation');
    assert.match(explanation.hints?.[0] ?? '', /no http:\/\/ or https:\/\/ scheme/);
  });

  void it('odd context values do not throw', () => {
    for (const context of [{}, { region: '' }, { userPoolId: 'not-a-pool' }, { endpoint: '::::' }, { issuer: 'garbage' }]) {
      assert.doesNotThrow(() => explain(clientNotFound(), context));
    }
  });
});

void describe('fallbacks', () => {
  void it('an unknown service error keeps its name and message', () => {
    const err = Object.assign(new Error('The new thing went wrong'), {
      name: 'BrandNewException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'r-9' },
    });
    const explanation = explain(err);
    assert.equal(explanation.id, 'service/unrecognized');
    assert.equal(explanation.name, 'BrandNewException');
    assert.match(explanation.title, /BrandNewException/);
    assert.equal(explanation.message, 'The new thing went wrong');
    assert.equal(explanation.requestId, 'r-9');
    assert.equal(isTransportError(toErrorInfo(err)), false);
  });

  void it('a plain Error is unknown, not a transport error', () => {
    const info = toErrorInfo(new RangeError('index out of range'));
    assert.equal(catalogId(info), 'unknown');
    assert.equal(explain(info).name, 'RangeError');
    assert.equal(isTransportError(info), false);
    assert.equal(mayHaveReachedServer(info), false);
  });

  void it('errors the refresh service throws before sending', () => {
    class MissingUsernameError extends Error {
      override readonly name = 'MissingUsernameError';
    }
    class UnexpectedResponseError extends Error {
      override readonly name = 'UnexpectedResponseError';
    }
    assert.equal(explain(new MissingUsernameError('no username')).id, 'client/missing-username');
    assert.equal(explain(new UnexpectedResponseError('challenge')).id, 'client/no-authentication-result');
  });

  void it('the credentials error of SDK 3.794.0 (aws/aws-sdk-js-v3#7030)', () => {
    const err = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const explanation = explain(err);
    assert.equal(explanation.id, 'client/credentials');
    assert.match(explanation.likelyCauses.join(' '), /#7030/);
  });
});
