// Fuzzing the sandbox's HTTP endpoint with fast-check: odd methods, paths,
// targets, content types and bodies through node:http, and raw malformed
// HTTP over a net.Socket. Property: every answer is a well-formed Cognito
// error or success (or a control endpoint's JSON), never a 500, never a hang,
// and the server keeps serving. The managed-login routes (/oauth2/*, /login,
// /login/mfa, /logout) have their own property: an OAuth JSON error, an HTML
// page without script, or a redirect to /login or to a URL an app client
// registered; never a 500, never a redirect anywhere else.
//
// Seeded: CTD_SEED=<n> replays a run. Short by default; CTD_LONG=1 runs
// 100,000 cases per property. The case counts are printed at the end.

import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { demoConfig, startSandbox, type SandboxHandle } from '../../../src/sandbox/index';

const LONG = process.env.CTD_LONG === '1';
const SEED = process.env.CTD_SEED === undefined ? 20250422 : Number(process.env.CTD_SEED);
const HTTP_RUNS = LONG ? 100_000 : 1000;
const RAW_RUNS = LONG ? 100_000 : 1000;
const OAUTH_RUNS = LONG ? 100_000 : 1000;
const counts = { http: 0, raw: 0, oauth: 0 };
/** Managed-login answers by route and status ("POST /login 302"), printed at the end: what the cases reached. */
const oauthSeen = new Map<string, number>();

const OPS = ['InitiateAuth', 'GetTokensFromRefreshToken', 'RevokeToken', 'GetUser', 'SignUp', ''];
const MEMBERS = ['AuthFlow', 'ClientId', 'AuthParameters', 'ClientMetadata', 'RefreshToken', 'ClientSecret', 'DeviceKey', 'Token', 'Session',
  'AnalyticsMetadata', 'UserContextData', '__proto__', 'constructor'];
const AUTH_KEYS = ['USERNAME', 'PASSWORD', 'REFRESH_TOKEN', 'SECRET_HASH', 'DEVICE_KEY', '__proto__', 'toString'];
const PATHS = ['/', '//', '///', '/?x', '/%', '/%00', '/..', '/./', '/__sandbox/info', '/__sandbox/clock', '/__sandbox/faults', '/__sandbox/calls',
  '/__sandbox/', '/__sandbox//info', '/__sandbox/pre-token-generation', '/__sandbox/groups', '/__sandbox/sessions', '/us-east-1_SandBox01/.well-known/jwks.json', '/us-east-1_SandBox01/.well-known/openid-configuration',
  '/us-east-1_X/.well-known/jwks.json', '*'];

const scalar = fc.oneof(fc.string({ maxLength: 40 }), fc.constant(null), fc.integer(), fc.double(), fc.boolean(),
  fc.constantFrom('USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'sbxnorotationclient0000003', 'sbxrotate0graceclient00002',
    'demo.user@example.com', 'Sandbox-Demo-Passw0rd!', 'a.b.c', 'a.b.c.d.e'));
const value = fc.oneof(scalar, fc.dictionary(fc.constantFrom(...AUTH_KEYS), scalar, { maxKeys: 5 }), fc.array(scalar, { maxLength: 3 }));
const apiBody = fc.dictionary(fc.constantFrom(...MEMBERS), value, { maxKeys: 6 }).map((o) => JSON.stringify(o));
const body = fc.oneof(
  { weight: 6, arbitrary: apiBody },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom('', '{', '[]', 'null', '{"a":', '\u0000', '{"__proto__":{"x":1}}', '{"advanceSeconds":1e308}',
    '{"advanceSeconds":5}', '{"config":{"version":"V2_0","accessToken":{"addOrOverride":{"client_id":"x"}}}}', '{"config":null}',
    '{"config":{"version":"V1_0","idToken":{"addOrOverride":{"tier":"gold"}}}}', '{"username":"demo.user@example.com","add":["x"],"remove":["admins"]}',
    '{"clientId":"sbxnorotationclient0000003","username":"demo.user@example.com","ipAddress":"::1"}', `${'['.repeat(3000)}${']'.repeat(3000)}`, '{"operation":"*","count":1e308,"latencyMs":1}', '\uFEFF{}', '{"a":1}{"b":2}') },
  // Expanded in the property, so a counterexample prints short.
  { weight: 1, arbitrary: fc.integer({ min: 900_000, max: 1_100_000 }).map((n) => `BIG:${n}`) },
);
const pathArb = fc.oneof(fc.constantFrom(...PATHS), fc.stringMatching(/^\/[a-zA-Z0-9_.~%?=&/-]{0,30}$/));
const targetArb = fc.oneof(fc.constant(undefined), fc.constantFrom(...OPS).map((o) => `AWSCognitoIdentityProviderService.${o}`),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')), fc.constantFrom('DynamoDB_20120810.ListTables', 'AWSCognitoIdentityProviderService', '.', ''));
const contentTypeArb = fc.oneof(fc.constant(undefined), fc.constantFrom('application/x-amz-json-1.1', 'application/x-amz-json-1.1; charset=utf-8',
  'application/json', 'text/plain', 'APPLICATION/X-AMZ-JSON-1.1', 'application/x-amz-json-1.0', ''));
const methodArb = fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 3, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'FOO') });

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

void describe('sandbox HTTP fuzz', () => {
  let sandbox: SandboxHandle;
  let url: URL;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  before(async () => {
    sandbox = await startSandbox();
    url = new URL(sandbox.endpoint);
  });
  after(async () => {
    agent.destroy();
    await sandbox.close();
    console.log(`sandbox fuzz: ${counts.http} HTTP cases, ${counts.raw} raw-socket cases, ${counts.oauth} managed-login cases, seed ${SEED}${LONG ? ' (long run)' : ''}`);
    console.log(`managed-login answers: ${[...oauthSeen].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}`);
  });

  function send(method: string, path: string, headers: Record<string, string>, payload: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method, path, agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(payload)) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  async function stillServing(): Promise<void> {
    const a = await send('POST', '/', { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.RevokeToken' }, '{}');
    assert.equal(a.status, 400);
    assert.equal((JSON.parse(a.body) as { __type: string }).__type, 'InvalidParameterException');
  }

  void it('answers every request with a well-formed Cognito or control answer, never a 500', { timeout: LONG ? 3_600_000 : 300_000 }, async () => {
    await fc.assert(fc.asyncProperty(methodArb, pathArb, targetArb, contentTypeArb, body, async (method, path, target, contentType, payload) => {
      counts.http += 1;
      const headers: Record<string, string> = {};
      if (target !== undefined) headers['X-Amz-Target'] = target;
      if (contentType !== undefined) headers['Content-Type'] = contentType;
      const big = payload.startsWith('BIG:') ? Number(payload.slice(4)) : undefined;
      const a = await send(method, path, headers, big === undefined ? payload : `{"x":"${'a'.repeat(big)}"}`);
      const where = `${method} ${path} target=${String(target)} type=${String(contentType)} body=${payload.slice(0, 80)}`;
      assert.notEqual(a.status, 500, `${where}: ${a.body}`);
      assert.ok([200, 400, 404, 405, 413].includes(a.status), `${where}: status ${a.status}`);
      assert.ok(typeof a.headers['x-amzn-requestid'] === 'string', `${where}: no request id`);
      if (method === 'HEAD') return;
      const parsed0 = JSON.parse(a.body) as Record<string, unknown>;
      // Over 1 MiB, on any route: refused before routing, as the framework does.
      if (a.status === 413) {
        assert.ok(big !== undefined && big > 1024 * 1024 - 10, `${where}: 413 for a small body`);
        assert.equal(parsed0.__type, 'com.amazon.coral.service#SerializationException', where);
        return;
      }
      const parsed = JSON.parse(a.body) as Record<string, unknown>;
      // A method node's HTTP parser does not know (FOO) is refused before any
      // routing, as by an HTTP front end: 400 and a plain message.
      if (!['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE'].includes(method)) {
        assert.deepEqual([a.status, parsed], [400, { message: 'Bad Request' }], where);
        return;
      }
      const control = path.startsWith('/__sandbox');
      if (control) {
        if (a.status !== 200) assert.equal(typeof parsed.error, 'string', `${where}: control error without a message`);
        // A fuzzed fault that got in must not slow or drop the cases after it.
        if (a.status === 200 && method === 'POST' && path.startsWith('/__sandbox/faults')) sandbox.clearFaults();
        return;
      }
      if (a.status === 200) return;
      assert.equal(typeof parsed.__type, 'string', `${where}: error without __type: ${a.body}`);
      assert.ok(String(a.headers['x-amzn-errortype'] ?? '').length > 0, `${where}: no x-amzn-ErrorType`);
      assert.equal(a.headers['content-type'], 'application/x-amz-json-1.1', where);
    }), { seed: SEED, numRuns: HTTP_RUNS, endOnFailure: true });
    await stillServing();
  });

  // Managed login: the routes, their parameters (valid values among fuzzed ones, repeated ones), form and other bodies, Basic and Bearer headers.
  const OAUTH_PATHS = ['/oauth2/authorize', '/login', '/login/mfa', '/oauth2/token', '/oauth2/revoke', '/oauth2/userInfo', '/logout'];
  const clients = demoConfig().pools.flatMap((p) => p.clients);
  const managed = clients.filter((c) => (c.callbackURLs ?? []).length > 0);
  /** Every URL an app client registered: the only places a redirect may go (besides /login). */
  const registered = new Set(clients.flatMap((c) => [...(c.callbackURLs ?? []), ...(c.logoutURLs ?? [])]));
  const OAUTH_ERRORS = new Set(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope',
    'unsupported_token_type', 'invalid_token', 'unsupported_response_type']);
  const paramName = fc.constantFrom('response_type', 'client_id', 'redirect_uri', 'state', 'scope', 'nonce', 'code_challenge', 'code_challenge_method',
    'identity_provider', 'logout_uri', 'grant_type', 'code', 'code_verifier', 'refresh_token', 'token', 'client_secret', 'username', 'password',
    'session', '__proto__', 'constructor');
  const paramValue = fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 4, arbitrary: fc.constantFrom('code', 'token', 'id_token', ...managed.map((c) => c.clientId), 'sbxnorotationclient0000003', ...registered,
      'https://evil.example/callback', 'http://127.0.0.1:53682/callback/../x', '//evil.example', 'javascript:alert(1)', 'openid', 'openid email profile',
      'aws.cognito.signin.user.admin', 'S256', 'plain', 'authorization_code', 'refresh_token', 'client_credentials', 'srp.user@example.com',
      'Sandbox-Demo-Passw0rd!', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'a.b.c', 'a.b.c.d.e', '%zz', '\u0000', 'x'.repeat(2000)) },
  );
  const pairs = fc.array(fc.tuple(paramName, paramValue), { maxLength: 8 });
  const encoded = (ps: [string, string][]) => new URLSearchParams(ps).toString();
  // Requests that would work, then one or two edits (a parameter dropped, changed or repeated), so the cases get past the first check.
  const pub = managed[0];
  const callback = pub?.callbackURLs?.[0] ?? '';
  const templates: [string, string][][] = [
    [['response_type', 'code'], ['client_id', pub?.clientId ?? ''], ['redirect_uri', callback], ['scope', 'openid email'], ['state', 's-1'],
      ['code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'], ['code_challenge_method', 'S256']],
    [['username', 'srp.user@example.com'], ['password', 'Sandbox-Demo-Passw0rd!']],
    [['client_id', pub?.clientId ?? ''], ['logout_uri', pub?.logoutURLs?.[0] ?? '']],
    [['grant_type', 'refresh_token'], ['client_id', pub?.clientId ?? ''], ['refresh_token', 'a.b.c.d.e']],
    [['grant_type', 'authorization_code'], ['client_id', pub?.clientId ?? ''], ['code', 'x'], ['redirect_uri', callback], ['code_verifier', 'v'.repeat(43)]],
    [['token', 'a.b.c.d.e'], ['client_id', pub?.clientId ?? '']],
  ];
  // Edits an attacker would try first: other redirect targets, markup in reflected values, another client.
  const hostile = fc.constantFrom<[string, string, string]>(
    ['set', 'redirect_uri', 'https://evil.example/callback'], ['set', 'redirect_uri', `${callback}/../x`], ['set', 'redirect_uri', `${callback}?next=https://evil.example`],
    ['set', 'logout_uri', 'https://evil.example/signed-out'], ['set', 'logout_uri', '//evil.example'], ['repeat', 'redirect_uri', 'https://evil.example/callback'],
    ['set', 'state', '<script>alert(1)</script>'], ['set', 'scope', '"><img src=x onerror=alert(1)>'], ['set', 'client_id', managed[1]?.clientId ?? ''],
    ['set', 'username', '<img src=x>'], ['set', 'response_type', 'token'], ['drop', 'code_challenge', ''],
  );
  // Not fc.oneof: nested inside arrays and tuples, it favours its first choice, and the hostile edits would almost never come up.
  const edit = fc.tuple(fc.constantFrom(0, 1), fc.tuple(fc.constantFrom('drop', 'set', 'repeat'), paramName, paramValue), hostile)
    .map(([pick, random, attack]) => (pick === 0 ? attack : random));
  const applyEdits = (template: [string, string][], edits: [string, string, string][]): string => {
    let ps = template.map(([k, v]) => [k, v] as [string, string]);
    for (const [kind, name, value] of edits) {
      if (kind === 'drop') ps = ps.filter(([k]) => k !== name);
      else if (kind === 'repeat') ps.push([name, value]);
      else ps = [...ps.filter(([k]) => k !== name), [name, value]];
    }
    return encoded(ps);
  };
  const edits = fc.array(edit, { maxLength: 2 });
  const nearValid = fc.tuple(fc.constantFrom(...templates), edits).map(([template, e]) => applyEdits(template, e));
  const [authorizeT, loginT, logoutT, refreshT, codeT, revokeT] = templates;
  const FORM = 'application/x-www-form-urlencoded';
  // Whole requests as an app and a browser send them (the login form posts to /login with the authorization request as its query), then edited.
  const scenarios: [string, string, [string, string][] | undefined, [string, string][] | undefined][] = [
    ['GET', '/oauth2/authorize', authorizeT, undefined], ['GET', '/login', authorizeT, undefined], ['POST', '/login', authorizeT, loginT],
    // A failed sign-in shows the form again with the name typed: markup there must come back inert.
    ['POST', '/login', authorizeT, [['username', '<img src=x onerror=alert(1)>'], ['password', 'wrong']]],
    ['POST', '/login/mfa', authorizeT, [['session', 'x'], ['code', '123456']]], ['GET', '/logout', logoutT, undefined],
    ['POST', '/oauth2/token', undefined, refreshT], ['POST', '/oauth2/token', undefined, codeT], ['POST', '/oauth2/revoke', undefined, revokeT],
  ];
  // A login page's own query: an authorization request, as /oauth2/authorize redirects with it (sometimes with a login-form body instead).
  const oauthQuery = fc.oneof({ weight: 4, arbitrary: nearValid }, { weight: 3, arbitrary: pairs.map(encoded) }, { weight: 1, arbitrary: fc.stringMatching(/^[a-zA-Z0-9_.~%=&+-]{0,40}$/) });
  const oauthBody = fc.oneof({ weight: 4, arbitrary: nearValid }, { weight: 3, arbitrary: pairs.map(encoded) }, { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.string({ maxLength: 60 }) });
  const oauthType = fc.constantFrom(undefined, 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', 'application/json', 'text/plain', '');
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 30 }).map((t) => `Basic ${b64(t)}`),
    fc.constantFrom('Basic', 'Basic !!', 'basic Og==', `Basic ${b64(`${managed[1]?.clientId ?? 'x'}:${managed[1]?.clientSecret ?? 'y'}`)}`, `Basic ${b64('a%zz:b')}`,
      'Bearer', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.', 'Digest x'),
    fc.string({ maxLength: 40 }).map((t) => `Bearer ${t.replace(/[^\x21-\x7e]/g, '')}`),
  );
  const coherent = fc.tuple(fc.constantFrom(...scenarios), edits, edits, authorization).map(([[method, path, q, b], qe, be, auth]) =>
    [method, path, q ? applyEdits(q, qe) : '', b ? FORM : undefined, b ? applyEdits(b, be) : '', auth] as [string, string, string, string | undefined, string, string | undefined]);
  const oauthMethod = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST') }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'HEAD', 'OPTIONS') });

  void it('answers every managed-login request with an OAuth error, a script-free page or a redirect to /login or a registered URL, never a 500', { timeout: LONG ? 3_600_000 : 300_000 }, async () => {
    const anyCase = fc.tuple(oauthMethod, fc.constantFrom(...OAUTH_PATHS), oauthQuery, oauthType, oauthBody, authorization);
    await fc.assert(fc.asyncProperty(fc.oneof(anyCase, coherent), async ([method, path, query, contentType, payload, auth]) => {
      counts.oauth += 1;
      const headers: Record<string, string> = {};
      if (contentType !== undefined) headers['Content-Type'] = contentType;
      if (auth !== undefined) headers.Authorization = auth;
      const target = query === '' ? path : `${path}?${query}`;
      const a = await send(method, target, headers, payload);
      const seen = `${method} ${path} ${a.status}${a.status === 302 ? (String(a.headers.location).startsWith('/login?') ? ' /login' : ' app') : ''}`;
      oauthSeen.set(seen, (oauthSeen.get(seen) ?? 0) + 1);
      const where = `${method} ${target.slice(0, 200)} type=${String(contentType)} auth=${String(auth).slice(0, 40)} body=${payload.slice(0, 120)}`;
      assert.ok(a.status < 500, `${where}: status ${a.status} ${a.body.slice(0, 200)}`);
      assert.ok([200, 302, 400, 401, 405].includes(a.status), `${where}: status ${a.status}`);
      assert.ok(typeof a.headers['x-amzn-requestid'] === 'string', `${where}: no request id`);
      const type = String(a.headers['content-type'] ?? '');
      if (a.status === 302) {
        const location = String(a.headers.location ?? '');
        if (location.startsWith('/login?')) return;
        const to = new URL(location);
        assert.ok(registered.has(`${to.origin}${to.pathname}`), `${where}: redirect to an unregistered ${location.slice(0, 200)}`);
        return;
      }
      if (method === 'HEAD') return;
      // The revocation endpoint's success: an empty 200.
      if (a.status === 200 && a.body === '') return;
      if (type.startsWith('text/html')) {
        assert.match(String(a.headers['content-security-policy'] ?? ''), /default-src 'none'/, `${where}: a page without the CSP`);
        assert.ok(!/<script/i.test(a.body) && !/<img/i.test(a.body), `${where}: markup from the request reached the page`);
        return;
      }
      assert.match(type, /^application\/json/, `${where}: content type ${type}`);
      const parsed = JSON.parse(a.body) as Record<string, unknown>;
      if (a.status >= 400) assert.ok(OAUTH_ERRORS.has(String(parsed.error)), `${where}: not an OAuth error: ${a.body.slice(0, 200)}`);
      if (a.status === 401 && parsed.error === 'invalid_client') assert.ok(a.headers['www-authenticate'], `${where}: 401 without WWW-Authenticate`);
    }), { seed: SEED, numRuns: OAUTH_RUNS, endOnFailure: true });
    await stillServing();
  });

  // Raw bytes: request lines, headers and framing no HTTP client would send.
  const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{0,12}$/);
  const headerLine = fc.oneof(
    fc.tuple(token, fc.string({ maxLength: 30 })).map(([k, v]) => `${k}: ${v}`),
    fc.constantFrom('Content-Length: 10', 'Content-Length: -1', 'Content-Length: 99999999999', 'Content-Length: 1, 2', 'Transfer-Encoding: chunked',
      'Transfer-Encoding: gzip, chunked', 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth', 'Content-Type: application/x-amz-json-1.1',
      'Host:', `X-Long: ${'x'.repeat(20_000)}`, 'Expect: 100-continue', 'Connection: keep-alive', ': empty-name', 'No-Colon'),
  );
  const rawRequest = fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.oneof(token, fc.constantFrom('POST', 'GET')), fc.oneof(fc.constantFrom(...PATHS), fc.string({ maxLength: 20 })),
      fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'http/1.1', ''), fc.array(headerLine, { maxLength: 5 }),
      fc.constantFrom('\r\n', '\n', '\r'), fc.string({ maxLength: 60 }))
      .map(([m, p, v, hs, eol, b]) => Buffer.from(`${m} ${p} ${v}${eol}${hs.join(eol)}${eol}${eol}${b}`)) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)) },
    { weight: 1, arbitrary: fc.constantFrom('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n{}',
      'GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n', '\r\n\r\n', 'POST // HTTP/1.1\r\nHost: x\r\n\r\n').map((s) => Buffer.from(s)) },
  );

  function rawExchange(bytes: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      socket.end(bytes);
    });
  }

  void it('answers raw malformed HTTP with a 4xx or a closed connection, never a 500 or a hang', { timeout: LONG ? 3_600_000 : 300_000 }, async () => {
    await fc.assert(fc.asyncProperty(rawRequest, async (bytes) => {
      counts.raw += 1;
      const answer = await rawExchange(bytes);
      if (answer === '') return;
      // Every status line the server wrote (a pipelined input can get several answers).
      const statuses = [...answer.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
      assert.ok(statuses.length > 0, `no status line in ${JSON.stringify(answer.slice(0, 80))}`);
      for (const s of statuses) assert.ok(s < 500, `status ${s} for ${JSON.stringify(bytes.toString('latin1').slice(0, 120))}`);
    }), { seed: SEED, numRuns: RAW_RUNS, endOnFailure: true });
    await stillServing();
  });
});
