// Known messages of NotAuthorizedException and friends, built with the SDK's
// own exception classes (and once over the wire through a local server).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvalidParameterException,
  NotAuthorizedException,
  RefreshTokenReuseException,
  ResourceNotFoundException,
  UnsupportedOperationException,
} from '@aws-sdk/client-cognito-identity-provider';
import { CATALOG, explain, MESSAGE_RULES, mayHaveReachedServer, toErrorInfo } from '../../../src/core/errors';
import { cognitoError, refreshError, startServer } from './support';

const meta = { httpStatusCode: 400, requestId: 'b4c1f9e2-0000-4000-8000-000000000000' };
const notAuthorized = (message: string) => new NotAuthorizedException({ message, $metadata: meta });

/** Message variants as Cognito and common emulators write them: periods, case, client ids. */
const SHAPES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['NotAuthorizedException/refresh-token-expired', ['Refresh Token has expired', 'Refresh Token has expired.', 'refresh token has expired']],
  ['NotAuthorizedException/refresh-token-revoked', ['Refresh Token has been revoked', 'Refresh Token has been revoked.']],
  ['NotAuthorizedException/access-token-revoked', ['Access Token has been revoked', 'Access Token has been revoked.']],
  ['NotAuthorizedException/access-token-expired', ['Access Token has expired', 'Access Token has expired.', 'access token expired']],
  ['NotAuthorizedException/invalid-access-token', ['Invalid Access Token', 'Invalid Access Token.']],
  ['NotAuthorizedException/sign-in-session-expired', ['Invalid session for the user, session is expired.']],
  ['NotAuthorizedException/sign-in-session-invalid', ['Invalid session for the user.', 'Invalid session for the user']],
  ['NotAuthorizedException/invalid-refresh-token', ['Invalid Refresh Token', 'Invalid Refresh Token.', 'invalid refresh token']],
  [
    'NotAuthorizedException/client-secret-missing',
    [
      'Client 1example23456789 is configured for secret but secret was not received',
      'Client 60c14ln0t3saa1jg2e0q13oj2v is configured for secret but secret was not received.',
    ],
  ],
  [
    'NotAuthorizedException/secret-hash-mismatch',
    [
      'Unable to verify secret hash for client 1example23456789',
      'Unable to verify secret hash for client 6ojv9ilmtgimddqfkvhj4m9vim.',
      'SecretHash does not match for the client: 6ojv9ilmtgimddqfkvhj4m9vim',
      'SecretHash does not match for the client: 1example23456789.',
    ],
  ],
  [
    'NotAuthorizedException/refresh-token-auth-not-allowed',
    [
      'Refresh Token auth flow is not enabled for this client',
      'REFRESH_TOKEN_AUTH flow not enabled for this client',
      'REFRESH_TOKEN_AUTH is not supported for app clients with refresh token rotation enabled.',
    ],
  ],
  [
    'NotAuthorizedException/auth-flow-not-enabled',
    ['USER_PASSWORD_AUTH flow not enabled for this client', 'USER_SRP_AUTH flow is not enabled for this client.'],
  ],
  ['NotAuthorizedException/incorrect-username-or-password', ['Incorrect username or password.', 'Incorrect username or password']],
  ['NotAuthorizedException/user-disabled', ['User is disabled.', 'User is disabled']],
  ['NotAuthorizedException/password-attempts-exceeded', ['Password attempts exceeded']],
];

void describe('NotAuthorizedException message shapes', () => {
  for (const [id, messages] of SHAPES) {
    for (const message of messages) {
      void it(`"${message}" -> ${id}`, () => {
        const explanation = explain(notAuthorized(message));
        assert.equal(explanation.id, id);
        assert.equal(explanation.name, 'NotAuthorizedException');
        assert.equal(explanation.kind, 'service');
        assert.equal(explanation.message, message);
        assert.equal(explanation.requestId, meta.requestId);
        assert.ok(CATALOG.has(id));
      });
    }
  }

  void it('every message rule has an entry and is exercised above', () => {
    const tested = new Set(SHAPES.map(([id]) => id));
    for (const rule of MESSAGE_RULES) {
      assert.ok(CATALOG.has(rule.id), `rule ${rule.id} has no catalog entry`);
      if (rule.names.includes('NotAuthorizedException')) assert.ok(tested.has(rule.id), `rule ${rule.id} has no test message`);
    }
  });

  void it('an unknown message falls back to the NotAuthorizedException entry', () => {
    const explanation = explain(notAuthorized('Something new happened.'));
    assert.equal(explanation.id, 'NotAuthorizedException');
    assert.equal(explanation.message, 'Something new happened.');
  });

  void it('a message shape is not applied to another exception name', () => {
    const err = new UnsupportedOperationException({ message: 'Invalid Refresh Token', $metadata: meta });
    assert.equal(explain(err).id, 'UnsupportedOperationException');
  });

  void it('the invalid-refresh-token entry lists its unrelated causes', () => {
    const causes = explain(notAuthorized('Invalid Refresh Token.')).likelyCauses.join('\n');
    assert.match(causes, /app client that issued/);
    assert.match(causes, /DeviceKey|DEVICE_KEY/);
    assert.match(causes, /ADMIN_NO_SRP_AUTH/);
    assert.match(causes, /aws-sdk-js-v3#7162/);
    assert.match(causes, /another user pool, Region or endpoint/);
  });

  void it('the secret-hash entry names the internal username for REFRESH_TOKEN_AUTH', () => {
    const explanation = explain(notAuthorized('SecretHash does not match for the client: abc'));
    assert.match(explanation.likelyCauses[0] ?? '', /REFRESH_TOKEN_AUTH/);
    assert.match(explanation.likelyCauses[0] ?? '', /cognito:username/);
  });
});

void describe('other message shapes', () => {
  void it('InvalidParameterException "USER_PASSWORD_AUTH flow not enabled for this client" (what real Cognito sends)', () => {
    const err = new InvalidParameterException({ message: 'USER_PASSWORD_AUTH flow not enabled for this client', $metadata: meta });
    assert.equal(explain(err).id, 'InvalidParameterException/auth-flow-not-enabled');
  });

  void it('InvalidParameterException "REFRESH_TOKEN_AUTH flow not enabled for this client" points at rotation', () => {
    const err = new InvalidParameterException({ message: 'REFRESH_TOKEN_AUTH flow not enabled for this client', $metadata: meta });
    const explanation = explain(err);
    assert.equal(explanation.id, 'InvalidParameterException/refresh-token-auth-not-allowed');
    assert.match(explanation.likelyCauses[0] ?? '', /rotation/i);
    assert.match(explanation.whatToDo[0] ?? '', /GetTokensFromRefreshToken/);
  });

  void it('InvalidParameterException with another message stays the base entry', () => {
    const err = new InvalidParameterException({ message: '1 validation error detected: Value null at \'clientId\'', $metadata: meta });
    assert.equal(explain(err).id, 'InvalidParameterException');
  });

  for (const [message, id] of [
    ['User pool client 1example23456789 does not exist.', 'ResourceNotFoundException/app-client-not-found'],
    ['User pool client abc does not exist', 'ResourceNotFoundException/app-client-not-found'],
    ['User pool client does not exist.', 'ResourceNotFoundException/app-client-not-found'],
    ['User pool us-east-1_EXAMPLE does not exist.', 'ResourceNotFoundException/user-pool-not-found'],
    ['Device does not exist.', 'ResourceNotFoundException/device-not-found'],
  ] as const) {
    void it(`ResourceNotFoundException "${message}" -> ${id}`, () => {
      assert.equal(explain(new ResourceNotFoundException({ message, $metadata: meta })).id, id);
    });
  }
});

void describe('RefreshTokenReuseException', () => {
  const explanation = explain(new RefreshTokenReuseException({ message: 'Refresh token has been reused', $metadata: meta }));

  void it('is never retryable and says so', () => {
    assert.equal(explanation.id, 'RefreshTokenReuseException');
    assert.equal(explanation.retryable, 'no');
    assert.ok(explanation.whatToDo.some((step) => /never retry it in a loop/i.test(step)));
    assert.ok(explanation.whatToDo.some((step) => /sign in again/i.test(step)));
  });

  void it('explains rotation and the grace period', () => {
    assert.match(explanation.whatHappened, /rotates refresh tokens/);
    assert.match(explanation.whatHappened, /grace period/);
    assert.ok(explanation.likelyCauses.some((c) => /RetryGracePeriodSeconds/.test(c)));
  });

  void it('is not a lost-response case', () => {
    assert.equal(mayHaveReachedServer(toErrorInfo(new RefreshTokenReuseException({ message: 'x', $metadata: meta }))), false);
  });
});

void describe('over the wire', () => {
  void it('a Cognito error body read by the SDK keeps message, status and request id', async () => {
    const server = await startServer(
      cognitoError(400, 'NotAuthorizedException', 'Invalid Refresh Token.', { 'x-amzn-requestid': 'wire-req-42' }),
    );
    try {
      const err = await refreshError(server.url);
      const explanation = explain(err, { operation: 'GetTokensFromRefreshToken' });
      assert.equal(explanation.id, 'NotAuthorizedException/invalid-refresh-token');
      assert.equal(explanation.httpStatus, 400);
      assert.equal(explanation.requestId, 'wire-req-42');
      assert.equal(explanation.operation, 'GetTokensFromRefreshToken');
    } finally {
      await server.close();
    }
  });

  void it('an error type sent only in the x-amzn-ErrorType header is still recognized', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(400, { 'x-amzn-errortype': 'TooManyRequestsException:http://internal.amazon.com/', 'x-amzn-errormessage': 'Rate exceeded' });
      res.end('');
    });
    try {
      const explanation = explain(await refreshError(server.url));
      assert.equal(explanation.id, 'TooManyRequestsException');
      assert.equal(explanation.retryable, 'with-backoff');
    } finally {
      await server.close();
    }
  });
});
