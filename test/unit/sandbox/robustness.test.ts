// Odd requests get Cognito-shaped answers (never the sandbox's own 500), null
// map values are read as absent (as the SDK's own codec does for non-sparse
// maps), and every control endpoint validates its input.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { GetTokensFromRefreshTokenCommand, NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { clientNamed, jwtPayload, rejectsWith, sdkClient, signIn } from './helpers';

const TARGET = 'AWSCognitoIdentityProviderService.';

interface RawAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One request through node:http, the path sent exactly as given (fetch would normalise it). */
function raw(sandbox: SandboxHandle, method: string, path: string, headers: Record<string, string>, body = ''): Promise<RawAnswer> {
  const url = new URL(sandbox.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function api(sandbox: SandboxHandle, op: string, body: unknown): Promise<RawAnswer> {
  return raw(sandbox, 'POST', '/', { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': TARGET + op }, JSON.stringify(body));
}

function errorType(a: RawAnswer): string {
  return (JSON.parse(a.body) as { __type: string }).__type;
}

void describe('odd requests', () => {
  let sandbox: SandboxHandle;
  before(async () => { sandbox = await startSandbox(); });
  after(async () => { await sandbox.close(); });

  for (const path of ['//', '///x', '//host/', '/%', '/..//', '/?a=%zz']) {
    void it(`answers POST ${path} with an AWS JSON 1.1 error, not a 500`, async () => {
      const a = await raw(sandbox, 'POST', path, { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}InitiateAuth` }, '{}');
      assert.notEqual(a.status, 500, a.body);
      assert.equal(a.headers['content-type'], 'application/x-amz-json-1.1');
      assert.ok(typeof a.headers['x-amzn-requestid'] === 'string');
      assert.match(errorType(a), /UnknownOperationException|InvalidParameterException/);
    });
  }

  void it('answers other methods and unknown paths with an error that carries __type and x-amzn-ErrorType', async () => {
    for (const [method, path] of [['PUT', '/'], ['GET', '/nothing-here'], ['DELETE', '//'], ['PATCH', '/x'], ['OPTIONS', '/']] as const) {
      const a = await raw(sandbox, method, path, {});
      assert.ok(a.status === 404 || a.status === 400, `${method} ${path}: ${a.status}`);
      assert.equal(errorType(a), 'com.amazon.coral.service#UnknownOperationException', `${method} ${path}`);
      assert.ok(String(a.headers['x-amzn-errortype']).startsWith('UnknownOperationException'));
    }
  });

  void it('answers a body over 1 MiB with SerializationException and keeps serving', async () => {
    const a = await raw(sandbox, 'POST', '/', { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}InitiateAuth` }, `{"x":"${'a'.repeat(1024 * 1024)}"}`);
    assert.equal(a.status, 413);
    assert.equal(errorType(a), 'com.amazon.coral.service#SerializationException');
    assert.equal((await api(sandbox, 'RevokeToken', {})).status, 400);
  });

  void it('answers JSON nested too deep or with a prototype key as a Cognito error', async () => {
    for (const body of ['{"__proto__":{"ClientId":"x"}}', `${'['.repeat(5000)}${']'.repeat(5000)}`, '{"AuthParameters":{"__proto__":"x"},"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"a"}']) {
      const a = await raw(sandbox, 'POST', '/', { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}InitiateAuth` }, body);
      assert.equal(a.status, 400, a.body);
      assert.ok(errorType(a));
    }
  });

  void it('treats null values inside AuthParameters and ClientMetadata as absent', async () => {
    const c = clientNamed(sandbox, 'no-rotation');
    const { username, password } = sandbox.info.user;
    const signedIn = await api(sandbox, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: c.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password, SECRET_HASH: null },
      ClientMetadata: { source: null },
    });
    assert.equal(signedIn.status, 200, signedIn.body);
    const refreshToken = (JSON.parse(signedIn.body) as { AuthenticationResult: { RefreshToken: string } }).AuthenticationResult.RefreshToken;
    // What amazon-cognito-identity-js sends on refresh.
    const refreshed = await api(sandbox, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: c.clientId, ClientMetadata: {},
      AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: null },
    });
    assert.equal(refreshed.status, 200, refreshed.body);
    const viaNewApi = await api(sandbox, 'GetTokensFromRefreshToken', { ClientId: c.clientId, RefreshToken: refreshToken, ClientMetadata: { a: null } });
    assert.equal(viaNewApi.status, 200, viaNewApi.body);
    // A null required parameter is still missing.
    const missing = await api(sandbox, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: c.clientId, AuthParameters: { REFRESH_TOKEN: null } });
    assert.equal(missing.status, 400);
    assert.equal(errorType(missing), 'InvalidParameterException');
    // A value of another type is still a serialization error.
    const wrong = await api(sandbox, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: c.clientId, AuthParameters: { REFRESH_TOKEN: 5 } });
    assert.equal(errorType(wrong), 'com.amazon.coral.service#SerializationException');
  });

  void it('gives the revoked-token answer, not a SerializationException, to a refresh with DEVICE_KEY null', async () => {
    const c = clientNamed(sandbox, 'no-rotation');
    const cognito = sdkClient(sandbox);
    const tokens = await signIn(cognito, c.clientId, sandbox.info.user.username, sandbox.info.user.password);
    await raw(sandbox, 'POST', '/', { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${TARGET}RevokeToken` }, JSON.stringify({ Token: tokens.RefreshToken, ClientId: c.clientId }));
    const a = await api(sandbox, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: c.clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken, DEVICE_KEY: null } });
    assert.equal(errorType(a), 'NotAuthorizedException');
    assert.equal((JSON.parse(a.body) as { message: string }).message, 'Refresh Token has been revoked');
    await rejectsWith(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: c.clientId, RefreshToken: tokens.RefreshToken })), NotAuthorizedException);
    cognito.destroy();
  });
});

void describe('control endpoint input', () => {
  let sandbox: SandboxHandle;
  before(async () => { sandbox = await startSandbox(); });
  after(async () => { await sandbox.close(); });

  const clock = (body: string) => raw(sandbox, 'POST', '/__sandbox/clock', { 'Content-Type': 'application/json' }, body);

  for (const body of ['{"advanceSeconds":1e308}', '{"advanceSeconds":1e20}', '{"advanceSeconds":-1}', '{"advanceSeconds":-1e308}',
    '{"advanceSeconds":"60"}', '{"advanceSeconds":null}', '{}', '[]', 'null', '1', '', '{"advanceSeconds":60,"extra":1}', 'NaN', '{"advanceSeconds":NaN}']) {
    void it(`refuses clock body ${body || '(empty)'} with a 400 and a clear message`, async () => {
      const a = await clock(body);
      assert.equal(a.status, 400, a.body);
      assert.match((JSON.parse(a.body) as { error: string }).error, /advanceSeconds/);
    });
  }

  void it('keeps every time claim a finite integer after the largest accepted clock move', async () => {
    let a = await clock('{"advanceSeconds":315360000}');
    assert.equal(a.status, 200, a.body);
    a = await clock('{"advanceSeconds":315360000}');
    assert.equal(a.status, 200, a.body);
    const cognito = sdkClient(sandbox);
    const c = clientNamed(sandbox, 'no-rotation');
    const tokens = await signIn(cognito, c.clientId, sandbox.info.user.username, sandbox.info.user.password);
    for (const jwt of [tokens.IdToken, tokens.AccessToken]) {
      const claims = jwtPayload(jwt);
      for (const name of ['exp', 'iat', 'auth_time']) assert.ok(Number.isSafeInteger(claims[name]), `${name} = ${String(claims[name])}`);
    }
    cognito.destroy();
  });

  void it('refuses oversized and malformed fault lists', async () => {
    const post = (body: string) => raw(sandbox, 'POST', '/__sandbox/faults', { 'Content-Type': 'application/json' }, body);
    for (const body of ['{"operation":"*","count":1e308,"latencyMs":1}', '{"operation":"*","count":1.5,"latencyMs":1}', 'null', '[]',
      JSON.stringify(Array.from({ length: 1001 }, () => ({ operation: '*', latencyMs: 0 }))), '{"operation":"*","latencyMs":1e308}', '{']) {
      const a = await post(body);
      assert.equal(a.status, 400, `${body.slice(0, 60)}: ${a.body}`);
      assert.ok((JSON.parse(a.body) as { error: string }).error);
    }
    assert.equal((await raw(sandbox, 'GET', '/__sandbox/faults', {})).body, '{"pending":[]}');
  });

  void it('answers unknown control routes and methods with a 404 JSON error', async () => {
    for (const [m, p] of [['PUT', '/__sandbox/clock'], ['GET', '/__sandbox/'], ['POST', '/__sandbox/info'], ['GET', '/__sandbox//info']] as const) {
      const a = await raw(sandbox, m, p, {});
      assert.ok(a.status === 404 || a.status === 405, `${m} ${p}: ${a.status}`);
      assert.ok((JSON.parse(a.body) as { error: string }).error);
    }
  });
});
