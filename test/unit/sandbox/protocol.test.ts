// The AWS JSON 1.1 wire format, checked with raw HTTP and through the SDK.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CognitoIdentityProviderServiceException,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { rejectsWith, sdkClient, signIn } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function post(sandbox: SandboxHandle, target: string | undefined, body: string, contentType = 'application/x-amz-json-1.1') {
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (target !== undefined) headers['X-Amz-Target'] = target;
  const res = await fetch(`${sandbox.endpoint}/`, { method: 'POST', headers, body });
  return { res, json: (await res.json()) as Record<string, unknown> };
}

void describe('AWS JSON 1.1 protocol', () => {
  let sandbox: SandboxHandle;
  let emulator: SandboxHandle;

  before(async () => {
    sandbox = await startSandbox();
    emulator = await startSandbox({ config: { ...demoConfig(), unsupportedOperations: ['GetTokensFromRefreshToken'] } });
  });
  after(async () => {
    await sandbox.close();
    await emulator.close();
  });

  void it('answers a modeled exception with 400, __type, message and the x-amzn-Error headers', async () => {
    const { res, json } = await post(sandbox, 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
      JSON.stringify({ ClientId: 'nosuchclient', RefreshToken: 'abc' }));
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID);
    assert.equal(res.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
    assert.equal(res.headers.get('x-amzn-errormessage'), 'User pool client nosuchclient does not exist.');
    assert.deepEqual(json, { __type: 'ResourceNotFoundException', message: 'User pool client nosuchclient does not exist.' });
  });

  void it('answers success with 200, a JSON 1.1 body and a request id', async () => {
    const c = sandbox.info.clients[0];
    const { res, json } = await post(sandbox, 'AWSCognitoIdentityProviderService.InitiateAuth', JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: c.clientId,
      AuthParameters: { USERNAME: sandbox.info.user.username, PASSWORD: sandbox.info.user.password },
    }));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(JSON.stringify(json))));
    assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID);
    assert.deepEqual(Object.keys(json).sort(), ['AuthenticationResult', 'ChallengeParameters']);
    assert.deepEqual(json.ChallengeParameters, {});
  });

  void it('gives every response its own request id', async () => {
    const a = await post(sandbox, 'AWSCognitoIdentityProviderService.RevokeToken', '{}');
    const b = await post(sandbox, 'AWSCognitoIdentityProviderService.RevokeToken', '{}');
    assert.notEqual(a.res.headers.get('x-amzn-requestid'), b.res.headers.get('x-amzn-requestid'));
  });

  for (const [label, target] of [
    ['an operation Cognito has but the sandbox does not', 'AWSCognitoIdentityProviderService.CreateUserPool'],
    ['another service', 'DynamoDB_20120810.ListTables'],
    ['no X-Amz-Target at all', undefined],
  ] as const) {
    void it(`answers ${label} as an unknown operation`, async () => {
      const { res, json } = await post(sandbox, target, '{}');
      assert.equal(res.status, 400);
      assert.deepEqual(json, { __type: 'com.amazon.coral.service#UnknownOperationException' });
      assert.match(res.headers.get('x-amzn-requestid') ?? '', UUID);
    });
  }

  void it('answers a wrong Content-Type as an unknown operation', async () => {
    const { res, json } = await post(sandbox, 'AWSCognitoIdentityProviderService.InitiateAuth', '{}', 'application/json');
    assert.equal(res.status, 400);
    assert.equal(json.__type, 'com.amazon.coral.service#UnknownOperationException');
  });

  void it('answers a body that is not a JSON object with SerializationException', async () => {
    for (const body of ['{not json', '[1,2]', '"text"']) {
      const { res, json } = await post(sandbox, 'AWSCognitoIdentityProviderService.InitiateAuth', body);
      assert.equal(res.status, 400, body);
      assert.equal(json.__type, 'com.amazon.coral.service#SerializationException', body);
    }
  });

  void it('answers a member of the wrong JSON type with SerializationException', async () => {
    const { res, json } = await post(sandbox, 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
      JSON.stringify({ ClientId: 42, RefreshToken: 'abc' }));
    assert.equal(res.status, 400);
    assert.equal(json.__type, 'com.amazon.coral.service#SerializationException');
  });

  void it('reports missing required members the way the AWS framework does', async () => {
    const cognito = sdkClient(sandbox);
    // The v3 SDK sends the request without checking required members.
    await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({} as never)), InvalidParameterException, {
      message: "2 validation errors detected: Value null at 'refreshToken' failed to satisfy constraint: Member must not be null; "
        + "Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    });
    await rejectsWith(cognito.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH' } as never)), InvalidParameterException, {
      message: "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    });
    await rejectsWith(cognito.send(new InitiateAuthCommand({ AuthFlow: 'NOT_A_FLOW' as never, ClientId: sandbox.info.clients[0].clientId })),
      InvalidParameterException, { message: /^1 validation error detected: Value at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: \[USER_SRP_AUTH, / });
    await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: 'bad client!', RefreshToken: 'x' })), InvalidParameterException, {
      message: "1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+",
    });
    cognito.destroy();
  });

  void it('answers an unknown app client with ResourceNotFoundException', async () => {
    const cognito = sdkClient(sandbox);
    await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: 'unknownclient123', RefreshToken: 'abc' })),
      ResourceNotFoundException, { message: 'User pool client unknownclient123 does not exist.' });
    cognito.destroy();
  });

  void it('behaves like an emulator without GetTokensFromRefreshToken when configured so', async () => {
    const cognito = sdkClient(emulator);
    const c = emulator.info.clients.find((x) => x.name === 'no-rotation');
    assert.ok(c);
    const tokens = await signIn(cognito, c.clientId, emulator.info.user.username, emulator.info.user.password);
    const err = await rejectsWith(
      cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: c.clientId, RefreshToken: tokens.RefreshToken })),
      CognitoIdentityProviderServiceException,
      { status: 400, name: 'UnknownOperationException' },
    );
    // rejectsWith checked the class; an unknown operation reaches the SDK as the base class, by name.
    assert.equal(err.constructor, CognitoIdentityProviderServiceException);
    // The older path still works, so a client can fall back to it.
    const refreshed = await cognito.send(new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: c.clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
    }));
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
    assert.deepEqual(emulator.calls().map((x) => [x.operation, x.status, x.errorName]), [
      ['InitiateAuth', 200, undefined],
      ['GetTokensFromRefreshToken', 400, 'UnknownOperationException'],
      ['InitiateAuth', 200, undefined],
    ]);
    cognito.destroy();
  });

  void it('serves 404 for other paths and methods', async () => {
    assert.equal((await fetch(`${sandbox.endpoint}/nothing-here`)).status, 404);
    assert.equal((await fetch(`${sandbox.endpoint}/${sandbox.info.userPoolId}/.well-known/nope`)).status, 404);
    assert.equal((await fetch(`${sandbox.endpoint}/us-east-1_Other/.well-known/jwks.json`)).status, 404);
    assert.equal((await fetch(`${sandbox.endpoint}/`, { method: 'PUT', body: '{}' })).status, 404);
  });

  void it('does not let a NotAuthorizedException hide behind a success status', async () => {
    const cognito = sdkClient(sandbox);
    const c = sandbox.info.clients[0];
    await rejectsWith(cognito.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: c.clientId, AuthParameters: { USERNAME: sandbox.info.user.username, PASSWORD: 'wrong' },
    })), NotAuthorizedException, { status: 400, message: 'Incorrect username or password.' });
    cognito.destroy();
  });
});
