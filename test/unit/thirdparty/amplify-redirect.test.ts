// Amplify JS v6's signInWithRedirect (managed login: authorization code with PKCE and state)
// against the sandbox's /oauth2/authorize, /login and /oauth2/token, in node.
//
// Amplify's web build cannot run this as it stands in node: it opens the authorize URL with
// `window.location.href = ...` and completes on the page the browser comes back to, and it
// always builds `https://<domain>/oauth2/...` URLs (openAuthSession even rewrites http:// to
// https://), while the sandbox serves plain HTTP. So the child process
// (amplify-redirect.child.ts) puts a TLS front before the sandbox, with a certificate made here
// (self-signed.ts) and trusted through NODE_EXTRA_CA_CERTS (node's fetch reads it at start-up only: hence the child),
// gives Amplify the smallest `window` it reads (location, addEventListener), and passes
// signInWithRedirect's own `authSessionOpener` option a form-filling "browser". Everything after
// the callback URL is Amplify's: state validation, the code exchange with its PKCE verifier,
// storing the tokens, and the refresh. The Chromium run of managed login is the browser e2e.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selfSignedLoopbackCertificate } from './self-signed';

interface ChildResult {
  authorize: Record<string, string>;
  username: string;
  id: Record<string, unknown>;
  access: Record<string, unknown>;
  refreshedAccess: Record<string, unknown>;
  holdsRefreshToken: boolean;
  calls: [string, number][];
}

void describe('Amplify JS v6 signInWithRedirect against the sandbox (TLS front, node)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ctd-amplify-tls-'));
    // A one-day self-signed certificate for 127.0.0.1 (its own trust anchor), made with node:crypto.
    const { certPem, keyPem } = selfSignedLoopbackCertificate();
    writeFileSync(join(dir, 'cert.pem'), certPem);
    writeFileSync(join(dir, 'key.pem'), keyPem, { mode: 0o600 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('signs in through the managed login form, exchanges the code with PKCE, and refreshes through GetTokensFromRefreshToken', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'amplify-redirect.child.ts')], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'), CTD_TEST_TLS_KEY: join(dir, 'key.pem') },
      encoding: 'utf8',
    });
    // The child's last stderr line is its error's name and message (never a token); stdout is claims only.
    assert.equal(child.status, 0, `the child failed: ${child.stderr.trim().split('\n').at(-1) ?? ''}`);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as ChildResult;

    // The authorization request Amplify built: code flow with S256 PKCE and a state.
    assert.equal(result.authorize.response_type, 'code');
    assert.equal(result.authorize.code_challenge_method, 'S256');
    assert.match(result.authorize.code_challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(result.authorize.state);
    assert.equal(result.authorize.redirect_uri, 'http://127.0.0.1:53682/callback');

    // Amplify's own exchange at /oauth2/token, then its refresh through the API.
    assert.deepEqual(result.calls, [
      ['OAuthAuthorize', 302], ['OAuthLogin', 200], ['OAuthLogin', 302], ['OAuthToken', 200], ['GetTokensFromRefreshToken', 200],
    ]);
    assert.equal(result.id.email, 'srp.user@example.com');
    assert.equal(result.id.token_use, 'id');
    assert.equal(result.access.client_id, 'sbxmanagedloginpublic00020');
    assert.equal(result.username, result.access.username);
    assert.notEqual(result.refreshedAccess.jti, result.access.jti);
    assert.equal(result.refreshedAccess.origin_jti, result.access.origin_jti, 'the refresh continues the managed-login sign-in');
    assert.ok(result.holdsRefreshToken);
  });
});
