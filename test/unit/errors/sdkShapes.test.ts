// Issue 7 items 9 and 13: real failures through the SDK client exactly as the
// refresh service builds it (src/core/refresh/sdkClient.ts), classified twice:
// from the thrown error, and from what a session's lastError stores today (a
// name and a redacted message only), which is what the tree, the status bar
// and the quick pick re-explain. Both must give the same catalog entry.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { GetTokensFromRefreshTokenCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { sdkClientFactory, type SdkClientOptions } from '../../../src/core/refresh/sdkClient';
import { readFailure } from '../../../src/core/refresh/failure';
import { explain, mayHaveReachedServer, toErrorInfo, type Explanation } from '../../../src/core/errors';
import { closedPort, startServer, type LocalServer } from './support';

async function sdkFailure(endpoint: string, options: SdkClientOptions = {}, operation: 'GetTokensFromRefreshToken' | 'InitiateAuth' = 'GetTokensFromRefreshToken'): Promise<unknown> {
  const client = await sdkClientFactory(options)({ region: 'us-east-1', endpoint });
  try {
    if (operation === 'GetTokensFromRefreshToken') {
      await client.send(new GetTokensFromRefreshTokenCommand({ RefreshToken: 'not-a-real-token', ClientId: 'exampleclientid' }));
    } else {
      await client.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'exampleclientid', AuthParameters: { REFRESH_TOKEN: 'x' } }));
    }
  } catch (err) {
    return err;
  } finally {
    client.destroy();
  }
  throw new Error('expected the call to fail');
}

/** What src/core/refresh/refreshRun.ts stores as lastError today, explained as src/vscode/sessions/view.ts does. */
function explainStoredToday(err: unknown, operation: string): Explanation {
  const facts = readFailure(err, operation, undefined);
  return explain({ name: facts.info.name, message: facts.safeMessage, operation });
}

/** The same with the fields `storedErrorFields` adds (what lastError should keep). */
function explainStoredWithFields(err: unknown, operation: string): Explanation {
  const facts = readFailure(err, operation, undefined);
  return explain({ ...facts.stored, operation });
}

function expectEverywhere(err: unknown, id: string, reached: boolean, operation = 'GetTokensFromRefreshToken'): void {
  const info = toErrorInfo(err, operation);
  const direct = explain(info);
  assert.equal(direct.id, id, `thrown: ${JSON.stringify(info)}`);
  assert.equal(mayHaveReachedServer(info), reached, `mayHaveReachedServer for ${id}`);
  const today = explainStoredToday(err, operation);
  assert.equal(today.id, id, `stored as name + message: ${JSON.stringify({ name: info.name, message: info.message })}`);
  assert.equal(today.title, direct.title);
  assert.equal(mayHaveReachedServer({ name: info.name, ...(info.message ? { message: info.message } : {}) }), reached);
  const stored = explainStoredWithFields(err, operation);
  assert.equal(stored.id, id);
  assert.equal(stored.name, direct.name);
  assert.equal(readFailure(err, operation, undefined).mayHaveReachedServer, reached);
}

void describe('transport failures from real sockets, through the refresh service\'s SDK client', () => {
  void it('a server that destroys the socket at once is a reset that may have reached it (not a timeout)', async () => {
    const server = await startServer((req) => req.socket.destroy());
    try {
      const err = await sdkFailure(server.url);
      // The SDK calls it TimeoutError; the code and the message say reset.
      assert.equal((err as Error).name, 'TimeoutError');
      expectEverywhere(err, 'transport/connection-reset', true);
      assert.notEqual(explainStoredToday(err, 'GetTokensFromRefreshToken').title, 'Timed out after the request was sent');
    } finally {
      await server.close();
    }
  });

  void it('a server that reads the whole request, then destroys the socket (processed, answer lost)', async () => {
    const server = await startServer((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    try {
      expectEverywhere(await sdkFailure(server.url), 'transport/connection-reset', true);
    } finally {
      await server.close();
    }
  });

  void it('a closed port is a refusal that never reached a server', async () => {
    const err = await sdkFailure(`http://127.0.0.1:${await closedPort()}`);
    expectEverywhere(err, 'transport/connection-refused', false);
    assert.equal(explain(err).name, 'ECONNREFUSED');
  });

  void it('a server that never answers hits the short request timeout: may have reached it', async () => {
    const server = await startServer(() => {
      /* never answers */
    });
    try {
      const err = await sdkFailure(server.url, { requestTimeoutMs: 300 });
      expectEverywhere(err, 'transport/timeout', true);
    } finally {
      await server.close();
    }
  });

  void it('an unresolvable host is DNS and never reached a server', async (t) => {
    const err = await sdkFailure('http://nonexistent.invalid:9229', { connectionTimeoutMs: 10_000 });
    const code = toErrorInfo(err).code;
    if (code !== 'ENOTFOUND' && code !== 'EAI_AGAIN' && code !== 'EAI_FAIL') {
      t.skip(`this machine's resolver answered ${code ?? 'no code'}`);
      return;
    }
    expectEverywhere(err, 'transport/dns', false);
  });

  void it('https:// to a plain-HTTP server is TLS and never sent the request', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    try {
      expectEverywhere(await sdkFailure(server.url.replace('http:', 'https:')), 'transport/tls', false);
    } finally {
      await server.close();
    }
  });
});

void describe('a connect timeout from a real socket (a listener whose backlog is full)', () => {
  let child: ChildProcess | undefined;
  let port = 0;
  const fillers: Socket[] = [];

  before(async () => {
    // A listener that never accepts, with the smallest backlog: once the queue is full,
    // the kernel drops further SYNs, so a new connection hangs in connect.
    child = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(600)'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    port = await new Promise<number>((resolve) => {
      child?.stdout?.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      child?.once('error', () => resolve(0));
    });
    if (!port) return;
    // Fill the accept queue (backlog 0 admits one or two).
    for (let i = 0; i < 4; i++) {
      const s = connect(port, '127.0.0.1');
      s.on('error', () => undefined);
      fillers.push(s);
    }
    await new Promise((r) => setTimeout(r, 200));
  });

  after(() => {
    for (const s of fillers) s.destroy();
    child?.kill();
  });

  void it('the SDK connection timeout: never reached the server', async (t) => {
    if (!port) {
      t.skip('python3 is not available to hold a full backlog');
      return;
    }
    const err = await sdkFailure(`http://127.0.0.1:${port}`, { connectionTimeoutMs: 300, requestTimeoutMs: 60_000 });
    const info = toErrorInfo(err);
    if (!/did not establish a connection/.test(info.message ?? '')) {
      t.skip(`the kernel did not hold the connection (${info.name}: ${info.message ?? ''})`);
      return;
    }
    expectEverywhere(err, 'transport/connect-timeout', false);
  });
});

void describe('answers that are not Cognito answers (moto, proxies, wrong URLs)', () => {
  const servers: LocalServer[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  async function serve(status: number, type: string | undefined, body: string): Promise<string> {
    const s = await startServer((_req, res) => {
      res.writeHead(status, type ? { 'content-type': type } : {});
      res.end(body);
    });
    servers.push(s);
    return s.url;
  }

  const MOTO_500 =
    '<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request.</p>\n';

  void it('moto\'s HTML 500 for GetTokensFromRefreshToken: unsupported operation, one explanation everywhere', async () => {
    const url = await serve(500, 'text/html; charset=utf-8', MOTO_500);
    const err = await sdkFailure(url);
    const facts = readFailure(err, 'GetTokensFromRefreshToken', undefined);
    assert.equal(facts.unsupportedOperation, true, 'the refresh service falls back');
    assert.equal(facts.mayHaveReachedServer, false);
    expectEverywhere(err, 'transport/unsupported-operation', false);
    for (const e of [explain(err), explainStoredToday(err, 'GetTokensFromRefreshToken'), explainStoredWithFields(err, 'GetTokensFromRefreshToken')]) {
      assert.doesNotMatch(e.title, /Unexpected error|SyntaxError/);
      assert.equal(e.title, facts.explanation.title);
    }
    assert.equal(explain(err).name, 'HTTP 500');
  });

  for (const [label, status, type, body] of [
    ['an HTML 200 page (a captive portal, the hosted UI)', 200, 'text/html', '<html><body>Sign in</body></html>'],
    ['plain text 500', 500, 'text/plain', 'Internal Server Error'],
    ['405 with an empty body', 405, undefined, ''],
    ['404 JSON without __type', 404, 'application/json', '{"message":"Not Found"}'],
    ['501 plain text', 501, 'text/plain', 'Not Implemented'],
    ['400 JSON without __type', 400, 'application/json', '{"message":"bad request"}'],
  ] as const) {
    void it(`${label}: unsupported operation`, async () => {
      const err = await sdkFailure(await serve(status, type, body));
      expectEverywhere(err, 'transport/unsupported-operation', false);
      assert.equal(readFailure(err, 'GetTokensFromRefreshToken', undefined).unsupportedOperation, true);
    });
  }

  void it('the same HTML answer to InitiateAuth is explained the same way', async () => {
    const err = await sdkFailure(await serve(500, 'text/html', MOTO_500), {}, 'InitiateAuth');
    expectEverywhere(err, 'transport/unsupported-operation', false, 'InitiateAuth');
  });

  void it('an HTML 502 from a proxy stays a gateway error that may have reached Cognito', async () => {
    const err = await sdkFailure(await serve(502, 'text/html', '<html>Bad Gateway</html>'));
    assert.equal(explain(err).id, 'transport/gateway-error');
    assert.equal(readFailure(err, 'GetTokensFromRefreshToken', undefined).unsupportedOperation, false);
    assert.equal(explainStoredWithFields(err, 'GetTokensFromRefreshToken').id, 'transport/gateway-error');
  });

  void it('a real Cognito error is not mistaken for a non-Cognito answer', async () => {
    const url = await serve(400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'NotAuthorizedException', message: 'Invalid Refresh Token.' }));
    const err = await sdkFailure(url);
    expectEverywhere(err, 'NotAuthorizedException/invalid-refresh-token', false);
  });
});
