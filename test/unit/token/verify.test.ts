import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  awsJwksUriForIssuer,
  chooseKeySet,
  JwksCache,
  jwksUriForSession,
  verifyToken,
  type CheckName,
  type CheckStatus,
  type VerifyOptions,
  type VerifyReport,
} from '../../../src/core/token';
import {
  accessTokenClaims,
  CLIENT_ID,
  createSigningKey,
  FIXED_NOW_MS,
  idTokenClaims,
  jwksOf,
  refreshTokenJwe,
  signToken,
  unsecuredToken,
  type SigningKey,
} from '../../fixtures/tokens/factory';
import { startJwksServer, type JwksServer } from '../../fixtures/tokens/jwks-server';

const POOL = 'us-east-1_AbC123def';
const JWKS_PATH = `/${POOL}/.well-known/jwks.json`;

let server: JwksServer;
let issuer: string;
let keyA: SigningKey;
let keyB: SigningKey;
/** Same kid as keyA, different key material. */
let impostor: SigningKey;
/** Options that allow the loopback issuer's key set. */
let trusted: VerifyOptions;

before(async () => {
  [keyA, keyB, impostor] = await Promise.all([createSigningKey('kid-a'), createSigningKey('kid-b'), createSigningKey('kid-a')]);
  server = await startJwksServer(() => ({ body: JSON.stringify(jwksOf(keyA)) }));
  // A Cognito-compatible issuer on loopback. Its key set is fetched only because the tests put
  // its origin on the allow-list (`trusted`); AWS issuers are the only ones fetched unasked.
  issuer = `${server.origin}/${POOL}`;
  trusted = { trustedOrigins: [server.origin] };
});

after(async () => {
  await server.close();
});

beforeEach(() => {
  server.requests.clear();
  server.respond = () => ({ body: JSON.stringify(jwksOf(keyA)) });
});

function statuses(report: VerifyReport): Record<CheckName, CheckStatus> {
  return Object.fromEntries(report.checks.map((c) => [c.name, c.status])) as Record<CheckName, CheckStatus>;
}

const ALL_PASS: Record<CheckName, CheckStatus> = {
  format: 'pass',
  signature: 'pass',
  issuer: 'pass',
  token_use: 'pass',
  audience: 'pass',
  expiry: 'pass',
  not_before: 'pass',
};

/** A cache with a hand-driven clock. */
function cacheWithClock(): { cache: JwksCache; advance: (ms: number) => void } {
  let now = FIXED_NOW_MS;
  return { cache: new JwksCache({ ...trusted, now: () => now }), advance: (ms) => (now += ms) };
}

void describe('verifyToken against a JWKS served on 127.0.0.1', () => {
  void it('passes a genuine ID token, deriving the JWKS URI from iss', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const report = await verifyToken(token, {
      ...trusted,
      now: FIXED_NOW_MS,
      expectedClientId: CLIENT_ID,
      expectedTokenUse: 'id',
      expectedIssuer: issuer,
      cache: new JwksCache(),
    });
    assert.deepEqual(statuses(report), ALL_PASS);
    assert.equal(report.ok, true);
    assert.equal(report.jwksUri, `${issuer}/.well-known/jwks.json`);
    assert.equal(report.kid, 'kid-a');
    assert.equal(report.alg, 'RS256');
    assert.equal(report.error, undefined);
    assert.equal(server.count(JWKS_PATH), 1);
  });

  void it('a cache hit makes no second request', async () => {
    const cache = new JwksCache();
    const token = await signToken(keyA, accessTokenClaims({ issuer }));
    const first = await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, cache });
    const second = await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, cache });
    assert.equal(first.ok, true);
    assert.equal(second.ok, true);
    assert.equal(server.count(JWKS_PATH), 1);
  });

  void it('concurrent verifications share one fetch', async () => {
    const cache = new JwksCache();
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const reports = await Promise.all([1, 2, 3, 4].map(() => verifyToken(token, { ...trusted, now: FIXED_NOW_MS, cache })));
    assert.ok(reports.every((r) => r.ok));
    assert.equal(server.count(JWKS_PATH), 1);
  });

  void it('without a cache every call fetches', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    await verifyToken(token, { ...trusted, now: FIXED_NOW_MS });
    await verifyToken(token, { ...trusted, now: FIXED_NOW_MS });
    assert.equal(server.count(JWKS_PATH), 2);
  });

  void it('a token signed by another key fails the signature check', async () => {
    const token = await signToken(impostor, idTokenClaims({ issuer }));
    const report = await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, expectedClientId: CLIENT_ID });
    assert.deepEqual(statuses(report), { ...ALL_PASS, signature: 'fail' });
    assert.equal(report.ok, false);
    assert.match(report.checks[1]?.detail ?? '', /does not match key kid-a/);
  });

  void it('a tampered payload fails the signature check', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const [h, , s] = token.split('.');
    const forged = `${h}.${(await signToken(keyA, idTokenClaims({ issuer, extra: { 'cognito:groups': ['root'] } }))).split('.')[1]}.${s}`;
    const report = await verifyToken(forged, { ...trusted, now: FIXED_NOW_MS });
    assert.equal(statuses(report).signature, 'fail');
  });

  void it('the wrong app client fails the audience check (aud for ID, client_id for access)', async () => {
    const id = await verifyToken(await signToken(keyA, idTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS, expectedClientId: 'other-client' });
    assert.deepEqual(statuses(id), { ...ALL_PASS, audience: 'fail' });
    assert.match(id.checks[4]?.detail ?? '', /^aud is 1example/);
    const access = await verifyToken(await signToken(keyA, accessTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS, expectedClientId: 'other-client' });
    assert.match(access.checks[4]?.detail ?? '', /^client_id is 1example/);
    const right = await verifyToken(await signToken(keyA, accessTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS, expectedClientId: CLIENT_ID });
    assert.equal(right.ok, true);
    // Access tokens have no aud in Cognito; one added by a trigger must not stand in for client_id.
    const withAud = await signToken(keyA, accessTokenClaims({ issuer, extra: { aud: 'other-client' } }));
    assert.equal(statuses(await verifyToken(withAud, { ...trusted, now: FIXED_NOW_MS, expectedClientId: CLIENT_ID })).audience, 'pass');
  });

  void it('audience is skipped, not failed, when no client id is expected', async () => {
    const report = await verifyToken(await signToken(keyA, idTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS });
    assert.deepEqual(statuses(report), { ...ALL_PASS, audience: 'skip' });
    assert.equal(report.ok, true);
  });

  void it('an expired token fails the expiry check only; within the skew it passes', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const exp = idTokenClaims().exp as number;
    const expired = await verifyToken(token, { ...trusted, now: (exp + 3 * 3600) * 1000, expectedClientId: CLIENT_ID });
    assert.deepEqual(statuses(expired), { ...ALL_PASS, expiry: 'fail' });
    assert.match(expired.checks[5]?.detail ?? '', /^Expired 3 h ago/);
    const justExpired = await verifyToken(token, { ...trusted, now: (exp + 20) * 1000, expectedClientId: CLIENT_ID });
    assert.equal(justExpired.ok, true);
    assert.match(justExpired.checks[5]?.detail ?? '', /clock-skew tolerance/);
    const strict = await verifyToken(token, { ...trusted, now: (exp + 20) * 1000, clockSkewSeconds: 0 });
    assert.equal(statuses(strict).expiry, 'fail');
  });

  void it('an iat in the future fails not_before', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const iat = idTokenClaims().iat as number;
    const report = await verifyToken(token, { ...trusted, now: (iat - 600) * 1000 });
    assert.equal(statuses(report).not_before, 'fail');
    assert.match(report.checks[6]?.detail ?? '', /clock/);
  });

  void it('token_use and issuer are compared with the expected values', async () => {
    const token = await signToken(keyA, accessTokenClaims({ issuer }));
    const report = await verifyToken(token, {
      ...trusted,
      now: FIXED_NOW_MS,
      expectedTokenUse: 'id',
      expectedIssuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other',
    });
    assert.equal(statuses(report).token_use, 'fail');
    assert.equal(statuses(report).issuer, 'fail');
    assert.equal(report.ok, false);
  });
});

void describe('verifyToken and key rotation', () => {
  void it('an unknown kid triggers exactly one refetch', async () => {
    const { cache, advance } = cacheWithClock();
    await verifyToken(await signToken(keyA, idTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS, cache });
    assert.equal(server.count(JWKS_PATH), 1);

    // The pool rotates in key B; the cached set (older than the cooldown) lacks it.
    server.respond = () => ({ body: JSON.stringify(jwksOf(keyA, keyB)) });
    advance(31_000);
    const rotated = await verifyToken(await signToken(keyB, idTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS, cache });
    assert.equal(rotated.ok, true);
    assert.equal(server.count(JWKS_PATH), 2);

    // A kid nobody publishes: one refetch, then a clear failure.
    advance(31_000);
    const stranger = await verifyToken(await signToken(keyB, idTokenClaims({ issuer }), { kid: 'kid-unknown' }), { ...trusted, now: FIXED_NOW_MS, cache });
    assert.equal(server.count(JWKS_PATH), 3);
    assert.equal(stranger.error?.code, 'kid-not-found');
    assert.equal(statuses(stranger).signature, 'fail');

    // Within the cooldown the same miss makes no request.
    await verifyToken(await signToken(keyB, idTokenClaims({ issuer }), { kid: 'kid-unknown' }), { ...trusted, now: FIXED_NOW_MS, cache });
    assert.equal(server.count(JWKS_PATH), 3);
  });

  void it('a freshly fetched set is not fetched again for an unknown kid', async () => {
    const cache = new JwksCache({ refetchCooldownMs: 0 });
    const report = await verifyToken(await signToken(keyB, idTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS, cache });
    assert.equal(report.error?.code, 'kid-not-found');
    assert.equal(server.count(JWKS_PATH), 1);
  });

  void it('entries expire after the TTL', async () => {
    let now = 0;
    const cache = new JwksCache({ ttlMs: 1000, now: () => now });
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, cache });
    now = 999;
    await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, cache });
    assert.equal(server.count(JWKS_PATH), 1);
    now = 1000;
    await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, cache });
    assert.equal(server.count(JWKS_PATH), 2);
  });

  void it('a token without kid is tried against every matching key', async () => {
    server.respond = () => ({ body: JSON.stringify(jwksOf(keyB, keyA)) });
    const token = await signToken(keyA, idTokenClaims({ issuer }), { kid: undefined });
    const report = await verifyToken(token, { ...trusted, now: FIXED_NOW_MS });
    assert.equal(report.kid, undefined);
    assert.equal(statuses(report).signature, 'pass');
  });
});

void describe('verifyToken failures are reported, never thrown', () => {
  void it('connection refused: "could not check: keys unreachable", not failed', async () => {
    const closed = await startJwksServer(() => ({}));
    const origin = closed.origin;
    await closed.close();
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const jwksUri = `${origin}/jwks.json`;
    const report = await verifyToken(token, { now: FIXED_NOW_MS, jwksUri });
    assert.equal(report.ok, false);
    assert.equal(report.status, 'unchecked');
    assert.equal(report.error?.code, 'jwks-unreachable');
    assert.equal(statuses(report).signature, 'skip');
    assert.equal(report.checks[1]?.detail, `Could not check: keys unreachable at ${jwksUri} (ECONNREFUSED).`);
    assert.equal(statuses(report).expiry, 'pass', 'the offline checks still run');
  });

  void it('an unresolvable host is unreachable too', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const jwksUri = 'http://no-such-host.invalid/jwks.json';
    const report = await verifyToken(token, { now: FIXED_NOW_MS, jwksUri, fetchTimeoutMs: 10_000 });
    assert.equal(report.status, 'unchecked');
    assert.equal(report.error?.code, 'jwks-unreachable');
    assert.match(report.checks[1]?.detail ?? '', /^Could not check: keys unreachable at http:\/\/no-such-host\.invalid\/jwks\.json \(/);
  });

  void it('HTTP errors, redirects, non-JSON, malformed sets and oversized bodies: unchecked, with the cause', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const cases: Array<[() => { status?: number; body?: string; headers?: Record<string, string> }, string]> = [
      [() => ({ status: 404, body: 'nope' }), 'HTTP 404'],
      [() => ({ status: 500 }), 'HTTP 500'],
      [() => ({ status: 302, headers: { location: 'http://elsewhere.invalid/jwks.json' } }), 'HTTP 302'],
      [() => ({ body: '<html>' }), 'not JSON'],
      [() => ({ body: '{"keys":"none"}' }), 'no "keys" array'],
      [() => ({ body: JSON.stringify({ keys: [], pad: 'x'.repeat(300 * 1024) }) }), 'larger than 262144 bytes'],
    ];
    for (const [respond, cause] of cases) {
      server.respond = respond;
      const report = await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, cache: new JwksCache() });
      assert.equal(report.status, 'unchecked', cause);
      assert.equal(report.error?.code, 'jwks-unreachable', report.error?.message);
      assert.equal(report.checks[1]?.detail, `Could not check: keys unreachable at ${issuer}/.well-known/jwks.json (${cause}).`);
      assert.equal(statuses(report).signature, 'skip');
      assert.equal(report.ok, false);
    }
  });

  void it('a forged token still fails while an unreachable key set does not', async () => {
    const forged = await verifyToken(await signToken(impostor, idTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS });
    assert.equal(forged.status, 'failed');
    assert.equal(statuses(forged).signature, 'fail');
  });

  void it('a JWKS with a broken key: could not check', async () => {
    server.respond = () => ({ body: JSON.stringify({ keys: [{ ...keyA.publicJwk, n: 'AAAA' }] }) });
    const report = await verifyToken(await signToken(keyA, idTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS });
    assert.equal(report.ok, false);
    assert.equal(report.status, 'unchecked');
    assert.equal(statuses(report).signature, 'skip');
    assert.match(report.checks[1]?.detail ?? '', /^Could not check: key kid-a in /);
  });

  void it('a timeout', async () => {
    server.respond = () => ({ hang: true });
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const report = await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, fetchTimeoutMs: 150 });
    assert.equal(report.status, 'unchecked');
    assert.equal(report.error?.code, 'jwks-unreachable');
    assert.match(report.error?.message ?? '', /keys unreachable at .* \(timed out after 150 ms\)/);
  });

  void it('a key set URI that is not http(s)', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const report = await verifyToken(token, { now: FIXED_NOW_MS, jwksUri: 'file:///etc/passwd' });
    assert.equal(report.error?.code, 'jwks-unreachable');
    assert.equal(report.status, 'unchecked');
  });

  void it('an encrypted refresh token cannot be verified locally; nothing is fetched', async () => {
    const report = await verifyToken(await refreshTokenJwe(), { ...trusted, now: FIXED_NOW_MS });
    assert.equal(report.ok, false);
    assert.equal(report.error?.code, 'encrypted-token');
    assert.equal(statuses(report).format, 'skip');
    assert.match(report.checks[0]?.detail ?? '', /only Cognito can decrypt it/);
    assert.equal(server.requests.size, 0);
  });

  void it('an unsigned token fails the format check; nothing is fetched', async () => {
    const report = await verifyToken(unsecuredToken(idTokenClaims({ issuer })), { ...trusted, now: FIXED_NOW_MS });
    assert.equal(report.error?.code, 'unsupported-alg');
    assert.equal(statuses(report).format, 'fail');
    assert.equal(statuses(report).signature, 'skip');
    assert.equal(server.requests.size, 0);
  });

  void it('undecodable input gives the decode error', async () => {
    for (const input of ['', 'not a token', 'a.b.c', null as unknown as string]) {
      const report = await verifyToken(input);
      assert.equal(report.ok, false);
      assert.equal(statuses(report).format, 'fail');
      assert.ok(report.error !== undefined);
      assert.equal(report.checks.length, 7);
    }
  });

  void it('never mentions the token in details or errors', async () => {
    const token = await signToken(impostor, idTokenClaims({ issuer }));
    const report = await verifyToken(token, { ...trusted, now: FIXED_NOW_MS + 10 * 3600 * 1000, expectedClientId: 'x' });
    const text = JSON.stringify(report);
    for (const segment of token.split('.')) assert.ok(!text.includes(segment));
  });
});

void describe('verifyToken fetches only key sets the caller chose (issue 7, item 2)', () => {
  void it('an issuer that is not AWS is not fetched: the report names the URL that would be', async () => {
    for (const iss of [issuer, `${server.origin}/realms/main`]) {
      const token = await signToken(keyA, idTokenClaims({ issuer: iss }));
      const report = await verifyToken(token, { now: FIXED_NOW_MS, expectedIssuer: iss, cache: new JwksCache() });
      assert.equal(report.status, 'needs-confirmation', iss);
      assert.equal(report.jwksUri, `${iss}/.well-known/jwks.json`);
      assert.equal(report.error?.code, 'needs-confirmation');
      assert.equal(statuses(report).signature, 'skip');
      assert.match(report.checks[1]?.detail ?? '', /fetched only once you confirm/);
      assert.equal(report.ok, false);
    }
    assert.equal(server.requests.size, 0, 'nothing was fetched');
  });

  void it('the confirmed URL (jwksUri) or an allow-listed origin is fetched', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }));
    const confirmed = await verifyToken(token, { now: FIXED_NOW_MS, jwksUri: `${issuer}/.well-known/jwks.json` });
    assert.equal(confirmed.status, 'verified');
    const allowed = await verifyToken(token, { now: FIXED_NOW_MS, trustedOrigins: [`${server.origin}/`] });
    assert.equal(allowed.status, 'verified');
    const otherOrigin = await verifyToken(token, { now: FIXED_NOW_MS, trustedOrigins: ['http://127.0.0.1:1'] });
    assert.equal(otherOrigin.status, 'needs-confirmation');
    assert.equal(server.count(JWKS_PATH), 2);
  });

  void it('an AWS issuer maps to its AWS key set, rebuilt from the validated region and pool', async () => {
    const aws = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123def';
    const asked: string[] = [];
    const recording: typeof fetch = (input) => {
      asked.push(String(input));
      return Promise.resolve(new Response(JSON.stringify(jwksOf(keyA))));
    };
    const report = await verifyToken(await signToken(keyA, idTokenClaims({ issuer: aws })), {
      now: FIXED_NOW_MS,
      cache: new JwksCache({ fetch: recording }),
    });
    assert.equal(report.status, 'verified');
    assert.deepEqual(asked, [`${aws}/.well-known/jwks.json`]);
  });

  void it('look-alike AWS issuers are not AWS', () => {
    const good = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123def';
    assert.equal(awsJwksUriForIssuer(good), `${good}/.well-known/jwks.json`);
    assert.equal(awsJwksUriForIssuer(`${good}/`), `${good}/.well-known/jwks.json`);
    assert.equal(awsJwksUriForIssuer('https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_X1'), 'https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_X1/.well-known/jwks.json');
    for (const bad of [
      'http://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123def',
      'https://cognito-idp.us-east-1.amazonaws.com.evil.example/us-east-1_AbC123def',
      'https://cognito-idp.us-east-1.amazonaws.com:8443/us-east-1_AbC123def',
      'https://cognito-idp.evil.example/.amazonaws.com/us-east-1_AbC123def',
      'https://cognito-idp.x@evil.example/.amazonaws.com/us-east-1_AbC123def',
      'https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_AbC123def',
      'https://cognito-idp.US-EAST-1.amazonaws.com/US-EAST-1_AbC123def',
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123def/x',
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC/../../evil',
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC?x=1',
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_',
      'https://cognito-idp.useast1.amazonaws.com/useast1_AbC123def',
    ]) {
      assert.equal(awsJwksUriForIssuer(bad), undefined, bad);
      assert.notEqual(chooseKeySet(bad).kind, 'allowed', bad);
    }
  });

  void it('a session with an endpoint verifies against that endpoint, not its tokens\' AWS issuer', async () => {
    const aws = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
    assert.equal(jwksUriForSession({ region: 'us-east-1', userPoolId: POOL }), `${aws}/.well-known/jwks.json`);
    const jwksUri = jwksUriForSession({ region: 'us-east-1', userPoolId: POOL, endpoint: `${server.origin}/` });
    assert.equal(jwksUri, `${server.origin}${JWKS_PATH}`);
    const token = await signToken(keyA, idTokenClaims({ issuer: aws }));
    const report = await verifyToken(token, { now: FIXED_NOW_MS, jwksUri, expectedIssuer: aws });
    assert.equal(report.status, 'verified');
    assert.equal(server.count(JWKS_PATH), 1);
    for (const bad of [
      { region: 'us-east-1', userPoolId: 'us-east-1_X', endpoint: 'file:///tmp' },
      { region: 'us-east-1', userPoolId: 'us-east-1_X', endpoint: 'http://user:pw@127.0.0.1:1' },
      { region: 'us-east-1', userPoolId: '../x_y' },
      { region: 'us-east-1', userPoolId: 'x/y_z', endpoint: server.origin },
      { region: 'nowhere', userPoolId: 'nowhere_1' },
    ]) {
      assert.equal(jwksUriForSession(bad), undefined, JSON.stringify(bad));
    }
  });

  void it('jku and x5u headers are never followed', async () => {
    const token = await signToken(keyA, idTokenClaims({ issuer }), {
      jku: `${server.origin}/attacker/jwks.json`,
      x5u: `${server.origin}/attacker/cert.pem`,
    });
    const report = await verifyToken(token, { ...trusted, now: FIXED_NOW_MS, cache: new JwksCache() });
    assert.equal(report.status, 'verified');
    assert.deepEqual([...server.requests.keys()], [JWKS_PATH]);
  });
});
