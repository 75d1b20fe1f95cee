// Transport failures from real sockets: node's net/http/https/dns, fetch, and
// the AWS SDK talking to local servers that misbehave on purpose.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG, explain, isTransportError, mayHaveReachedServer, toErrorInfo } from '../../../src/core/errors';
import { closedPort, cognitoError, refreshError, rejection, startServer } from './support';

function expectClass(err: unknown, id: string, lostResponse: boolean): void {
  const info = toErrorInfo(err, 'GetTokensFromRefreshToken');
  const explanation = explain(info);
  assert.equal(explanation.id, id, `classified ${JSON.stringify(info)} as ${explanation.id}`);
  assert.equal(mayHaveReachedServer(info), lostResponse, `mayHaveReachedServer for ${id}`);
  assert.equal(isTransportError(info), CATALOG.get(id)?.kind === 'transport');
  assert.ok(explanation.message, 'keeps the original message');
}

function rawGet(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

void describe('connection refused', () => {
  void it('node net.connect to a closed port on 127.0.0.1', async () => {
    const port = await closedPort();
    const err = await new Promise<unknown>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', resolve);
      socket.on('connect', () => resolve(new Error('unexpectedly connected')));
    });
    assert.equal(toErrorInfo(err).code, 'ECONNREFUSED');
    expectClass(err, 'transport/connection-refused', false);
  });

  void it('the SDK against a closed port', async () => {
    const err = await refreshError(`http://127.0.0.1:${await closedPort()}`);
    expectClass(err, 'transport/connection-refused', false);
    assert.equal(explain(err).retryable, 'with-backoff');
    assert.equal(explain(err).name, 'ECONNREFUSED');
  });

  void it('fetch against a closed port (code is on the cause)', async () => {
    const port = await closedPort();
    const err = await rejection(() => fetch(`http://127.0.0.1:${port}/`));
    assert.equal(toErrorInfo(err).code, 'ECONNREFUSED');
    assert.match(toErrorInfo(err).message ?? '', /fetch failed: .*ECONNREFUSED/);
    expectClass(err, 'transport/connection-refused', false);
  });
});

void describe('connection reset: the lost-response case', () => {
  void it('the SDK against a server that destroys the socket', async () => {
    const server = await startServer((req) => req.socket.destroy());
    try {
      const err = await refreshError(server.url);
      // The SDK renames ECONNRESET errors to TimeoutError; the code decides.
      assert.equal(toErrorInfo(err).code, 'ECONNRESET');
      expectClass(err, 'transport/connection-reset', true);
      assert.equal(explain(err).retryable, 'same-token-within-grace');
    } finally {
      await server.close();
    }
  });

  void it('node http "socket hang up" after the request body was sent', async () => {
    const server = await startServer((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    try {
      const err = await rejection(() => rawGet(server.url));
      assert.match(toErrorInfo(err).message ?? '', /socket hang up/);
      expectClass(err, 'transport/connection-reset', true);
    } finally {
      await server.close();
    }
  });

  void it('fetch against a server that destroys the socket', async () => {
    const server = await startServer((req) => req.socket.destroy());
    try {
      const err = await rejection(() => fetch(server.url, { method: 'POST', body: '{}' }));
      expectClass(err, 'transport/connection-reset', true);
    } finally {
      await server.close();
    }
  });
});

void describe('timeouts', () => {
  void it('the SDK request timeout after the request was sent', async () => {
    const server = await startServer(() => {
      /* never answers */
    });
    try {
      const err = await refreshError(server.url, { requestHandler: { requestTimeout: 150, throwOnRequestTimeout: true } });
      expectClass(err, 'transport/timeout', true);
      assert.equal(explain(err).retryable, 'same-token-within-grace');
    } finally {
      await server.close();
    }
  });

  void it('a connect-phase ETIMEDOUT (node\'s shape) never reached the server', () => {
    // What net.connect reports when SYNs go unanswered; not reproducible on loopback.
    const err = Object.assign(new Error('connect ETIMEDOUT 10.255.255.1:443'), { code: 'ETIMEDOUT', syscall: 'connect', errno: -110 });
    expectClass(err, 'transport/connect-timeout', false);
  });

  void it('the SDK connection timeout message (no code) never reached the server', () => {
    const err = Object.assign(
      new Error('@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.'),
      { name: 'TimeoutError' },
    );
    expectClass(err, 'transport/connect-timeout', false);
  });
});

void void describe('unreachable network', () => {
  for (const code of ['EHOSTUNREACH', 'ENETUNREACH']) {
    void it(`${code} (node's shape) was not sent`, () => {
      const err = Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code, syscall: 'connect' });
      expectClass(err, 'transport/network-unreachable', false);
    });
  }
});

void describe('DNS', () => {
  void it('resolving nonexistent.invalid fails as DNS', async (t) => {
    const outcome = await Promise.race([
      lookup('nonexistent.invalid').then(
        () => ({ kind: 'resolved' as const }),
        (err: unknown) => ({ kind: 'failed' as const, err }),
      ),
      new Promise<{ kind: 'slow' }>((resolve) => setTimeout(() => resolve({ kind: 'slow' }), 5000).unref()),
    ]);
    if (outcome.kind === 'slow') {
      t.skip('DNS lookups hang on this machine');
      return;
    }
    assert.equal(outcome.kind, 'failed', 'nonexistent.invalid resolved: a resolver that answers everything');
    assert.ok(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL'].includes(toErrorInfo(outcome.err).code ?? ''));
    expectClass(outcome.err, 'transport/dns', false);
  });

  void it('EAI_AGAIN (offline) is DNS too', () => {
    const err = Object.assign(new Error('getaddrinfo EAI_AGAIN cognito-idp.us-east-1.amazonaws.com'), {
      code: 'EAI_AGAIN',
      syscall: 'getaddrinfo',
    });
    expectClass(err, 'transport/dns', false);
  });
});

void describe('TLS', () => {
  void it('https:// to a plain-HTTP server (EPROTO, wrong version number)', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    try {
      const port = (server.server.address() as AddressInfo).port;
      const err = await refreshError(`https://127.0.0.1:${port}`);
      expectClass(err, 'transport/tls', false);
      assert.equal(explain(err).retryable, 'no');
    } finally {
      await server.close();
    }
  });

  void it('a self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ctd-tls-'));
    try {
      try {
        execFileSync(
          'openssl',
          ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'],
          { stdio: 'ignore' },
        );
      } catch {
        t.skip('openssl is not available to make a test certificate');
        return;
      }
      const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const err = await rejection(
          () =>
            new Promise<void>((resolve, reject) => {
              const req = httpsRequest({ host: '127.0.0.1', port, path: '/' }, (res) => {
                res.resume();
                resolve();
              });
              req.on('error', reject);
              req.end();
            }),
        );
        assert.equal(toErrorInfo(err).code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
        expectClass(err, 'transport/tls', false);
        assert.equal(explain(err).name, 'DEPTH_ZERO_SELF_SIGNED_CERT');
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const code of ['CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
    void it(`${code} is TLS`, () => {
      expectClass(Object.assign(new Error(`tls failure ${code}`), { code }), 'transport/tls', false);
    });
  }
});

void describe('endpoints that do not implement the operation', () => {
  const cases: ReadonlyArray<readonly [string, Parameters<typeof startServer>[0]]> = [
    ['coral UnknownOperationException', cognitoError(400, 'com.amazon.coral.service#UnknownOperationException')],
    [
      'cognito-local "Unsupported x-amz-target header"',
      (_req, res) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            __type: 'CognitoLocal#Unsupported',
            message: 'Cognito Local unsupported feature: Unsupported x-amz-target header "GetTokensFromRefreshToken"',
          }),
        );
      },
    ],
    [
      'HTTP 501 with a JSON body (LocalStack style)',
      cognitoError(501, 'InternalFailure', "API for service 'cognito-idp' not yet implemented or pro feature"),
    ],
    [
      'HTTP 501 with a plain-text body',
      (_req, res) => {
        res.writeHead(501, { 'content-type': 'text/plain' });
        res.end('Not Implemented');
      },
    ],
    [
      'HTTP 404 HTML page',
      (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><body>Not Found</body></html>');
      },
    ],
    [
      '"has not been implemented" in a 500 response',
      (_req, res) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ __type: 'NotImplementedError', message: 'The get_tokens_from_refresh_token action has not been implemented' }));
      },
    ],
  ];

  for (const [label, handler] of cases) {
    void it(label, async () => {
      const server = await startServer(handler);
      try {
        const err = await refreshError(server.url);
        const explanation = explain(err, { operation: 'GetTokensFromRefreshToken', endpoint: server.url });
        assert.equal(explanation.id, 'transport/unsupported-operation');
        assert.equal(explanation.retryable, 'no');
        assert.ok(explanation.whatToDo.some((s) => /REFRESH_TOKEN_AUTH/.test(s)), 'suggests the InitiateAuth path');
        assert.match(explanation.likelyCauses.join(' '), /cognito-local/);
        assert.ok(explanation.hints?.some((h) => h.includes(server.url)), 'says the endpoint is not Amazon Cognito');
        assert.equal(mayHaveReachedServer(toErrorInfo(err)), false);
        assert.equal(isTransportError(toErrorInfo(err)), true);
      } finally {
        await server.close();
      }
    });
  }

  void it('the real UnsupportedOperationException (RevokeToken) is not mistaken for an unimplemented endpoint', async () => {
    const server = await startServer(cognitoError(400, 'UnsupportedOperationException', 'Token revocation is not enabled for this client'));
    try {
      assert.equal(explain(await refreshError(server.url)).id, 'UnsupportedOperationException');
    } finally {
      await server.close();
    }
  });
});

void describe('answers that are not Cognito errors', () => {
  void it('a 502 HTML page from a proxy is a gateway error and may have reached the server', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    });
    try {
      const err = await refreshError(server.url);
      expectClass(err, 'transport/gateway-error', true);
    } finally {
      await server.close();
    }
  });

  void it('a 500 HTML page is not a Cognito answer: the operation is unsupported there', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Internal Server Error</title>');
    });
    try {
      const err = await refreshError(server.url);
      expectClass(err, 'transport/unsupported-operation', false);
    } finally {
      await server.close();
    }
  });

  void it('a JSON 503 ServiceUnavailableException was not processed: back off, no lost response', async () => {
    const server = await startServer(cognitoError(503, 'ServiceUnavailableException', 'Service Unavailable'));
    try {
      const err = await refreshError(server.url);
      const explanation = explain(err);
      assert.equal(explanation.id, 'service/unavailable');
      assert.equal(explanation.name, 'ServiceUnavailableException');
      assert.equal(explanation.retryable, 'with-backoff');
      assert.equal(mayHaveReachedServer(toErrorInfo(err)), false);
    } finally {
      await server.close();
    }
  });

  void it('the AWS-wide ThrottlingException is explained like TooManyRequestsException', async () => {
    const server = await startServer(cognitoError(400, 'ThrottlingException', 'Rate exceeded'));
    try {
      const explanation = explain(await refreshError(server.url));
      assert.equal(explanation.id, 'TooManyRequestsException');
      assert.equal(explanation.name, 'ThrottlingException');
    } finally {
      await server.close();
    }
  });

  void it('a real InternalErrorException stays a service error with backoff', async () => {
    const server = await startServer(cognitoError(500, 'InternalErrorException', 'Internal server error.'));
    try {
      const explanation = explain(await refreshError(server.url));
      assert.equal(explanation.id, 'InternalErrorException');
      assert.equal(explanation.kind, 'service');
      assert.equal(explanation.retryable, 'with-backoff');
    } finally {
      await server.close();
    }
  });
});

void describe('client-side failures', () => {
  void it('an aborted SDK call may have reached the server', async () => {
    const server = await startServer(() => {
      /* never answers */
    });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50).unref();
      const err = await refreshError(server.url, {}, controller.signal);
      expectClass(err, 'client/aborted', true);
    } finally {
      await server.close();
    }
  });

  void it('an invalid Region is a client error and nothing was sent', async () => {
    const err = await refreshError('http://127.0.0.1:1', { region: 'us east 1', endpoint: undefined });
    expectClass(err, 'client/region', false);
  });

  void it('an endpoint that is not a URL', async () => {
    const err = await refreshError('not a url');
    expectClass(err, 'client/invalid-endpoint', false);
  });
});
