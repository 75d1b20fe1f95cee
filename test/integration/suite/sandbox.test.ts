// A real pool token: the suite starts the sandbox in this extension host, signs in with the
// AWS SDK (USER_PASSWORD_AUTH) and decodes what Cognito-compatible sign-in returned.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RefreshSummary } from '../../../src/vscode/sessions/feedback';
import { extensionApi, injectFault, ownSandbox, removeAllSessions, run, sessionInfo, sessionsList, startSandboxSession } from '../support/sessionFixtures';
import { startSandbox } from '../../../src/sandbox/index';
import type { SandboxSummary } from '../../../src/vscode/sandbox/sandboxCommand';
import { signIn, type PoolTokens } from '../support/signIn';
import { api, closeAllEditors, decode, decodedDocument, START_SANDBOX } from './helpers';

describe('tokens from the sandbox', function () {
  this.timeout(60_000);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let tokens: PoolTokens;

  before(async () => {
    sandbox = await startSandbox({});
    tokens = await signIn(sandbox.info);
  });
  after(async () => {
    await closeAllEditors();
    await sandbox?.close();
  });

  it('decodes the ID token as an ID token of that pool and client', async () => {
    const summary = await decode(tokens.idToken);
    assert.ok(summary.ok, JSON.stringify(summary));
    assert.equal(summary.kind, 'id');
    assert.equal(summary.isCognito, true);
    assert.equal(summary.userPoolId, sandbox.info.userPoolId);
    assert.equal(summary.clientId, tokens.client.clientId);
    assert.equal(summary.validity, 'valid');
    const text = decodedDocument(summary).getText();
    assert.match(text, /^# Cognito ID token/);
    assert.ok(text.includes(sandbox.info.userPoolId));
  });

  it('decodes the access token as an access token of that pool and client', async () => {
    const summary = await decode(tokens.accessToken);
    assert.ok(summary.ok, JSON.stringify(summary));
    assert.equal(summary.kind, 'access');
    assert.equal(summary.userPoolId, sandbox.info.userPoolId);
    assert.equal(summary.clientId, tokens.client.clientId);
    assert.ok(summary.claimNames.includes('token_use'));
  });

  it('classifies the refresh token as an opaque Cognito refresh token', async function () {
    if (!tokens.refreshToken) this.skip();
    const summary = await decode(tokens.refreshToken);
    assert.ok(summary.ok, JSON.stringify(summary));
    assert.equal(summary.kind, 'refresh');
    assert.equal(summary.format, 'jwe');
    assert.match(decodedDocument(summary).getText(), /only Cognito can read it/);
  });

  it('"Start Sandbox" starts a sandbox in the extension host that serves its pool', async () => {
    const started = await vscode.commands.executeCommand<SandboxSummary>(START_SANDBOX);
    assert.ok(started, 'the command returned nothing');
    assert.match(started.endpoint, /^http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(started.alreadyRunning, false);
    // Earlier suites loaded other chunks; this one needs the sandbox chunk (activation.test checks none loads early).
    assert.ok((await api()).selfTest.lazyModulesLoaded().includes('sandbox'));
    // It is a working endpoint: its pool publishes its signing keys where a verifier looks.
    const jwks = (await (await fetch(`${started.endpoint}/${started.userPoolId}/.well-known/jwks.json`)).json()) as { keys?: unknown[] };
    assert.ok(Array.isArray(jwks.keys) && jwks.keys.length > 0, 'no JWKS from the started sandbox');
    const again = await vscode.commands.executeCommand<SandboxSummary>(START_SANDBOX);
    assert.equal(again?.alreadyRunning, true);
    assert.equal(again?.endpoint, started.endpoint);
  });
});

describe('the built-in sandbox across reloads (issue 7, items 4 and 5)', function () {
  this.timeout(60_000);
  after(() => removeAllSessions());

  it('Start Sandbox Session twice on one client selects the existing session instead of adding a duplicate', async () => {
    const first = await startSandboxSession('rotating-no-grace');
    const count = (await sessionsList()).length;
    const again = await startSandboxSession('rotating-no-grace');
    assert.equal(again.sessionId, first.sessionId);
    assert.equal(again.reused, true);
    assert.equal((await sessionsList()).length, count);
  });

  it('a session refreshes after the sandbox stopped (as on a window reload): the sandbox starts again on its port with its state, refresh tokens included', async () => {
    const s = await startSandboxSession('rotating-no-grace');
    const rotated = await run<RefreshSummary>('refreshSession', s.sessionId);
    assert.equal(rotated.ok, true, JSON.stringify(rotated));
    const api = await extensionApi();
    const stoppedAt = await api.selfTest.stopSandbox();
    assert.equal(stoppedAt, s.endpoint, 'this window ran the sandbox the session uses');
    // Nothing listens there now; the refresh starts it again from its state file. The rotated
    // refresh token (no grace period) is accepted only if the sandbox kept its refresh-token state.
    const after = await run<RefreshSummary>('refreshSession', s.sessionId);
    assert.equal(after.ok, true, JSON.stringify(after));
    const info = await sessionInfo(s.sessionId!);
    assert.equal(info.endpoint, s.endpoint, 'same port, or the session followed it');
    // The state file keeps hashes, never tokens.
    const folder = api.selfTest.sandboxFolder();
    assert.ok(folder);
    const state = readFileSync(join(folder, 'state.json'), 'utf8');
    assert.doesNotMatch(state, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, 'no JWT in the sandbox state file');
    const refresh = await vscode.commands.executeCommand('cognitoTokenDebugger.copyRefreshToken', s.sessionId).then(() => vscode.env.clipboard.readText());
    assert.ok(refresh.length > 20 && !state.includes(refresh), 'the refresh token is not in the state file');
  });

  it('with CTD_SANDBOX_ENDPOINT (what `npm run demo` sets), Start Sandbox Session uses that sandbox: a fault posted to it reaches the session (item 5)', async () => {
    const printed = await ownSandbox();
    const api = await extensionApi();
    await api.selfTest.stopSandbox();
    process.env.CTD_SANDBOX_ENDPOINT = printed.info.endpoint;
    try {
      const s = await startSandboxSession('rotating-grace-10s');
      assert.equal(s.endpoint, printed.info.endpoint, 'the session talks to the printed sandbox, not one of its own');
      await injectFault(printed.info.endpoint, { operation: 'GetTokensFromRefreshToken', error: { name: 'RefreshTokenReuseException' } });
      const refreshed = await run<RefreshSummary>('refreshSession', s.sessionId);
      assert.equal(refreshed.ok, false);
      assert.equal(refreshed.errorName, 'RefreshTokenReuseException', JSON.stringify(refreshed));
      await run('removeSession', s.sessionId, { confirm: false });
    } finally {
      delete process.env.CTD_SANDBOX_ENDPOINT;
      await api.selfTest.stopSandbox();
      await printed.close();
    }
  });
});
