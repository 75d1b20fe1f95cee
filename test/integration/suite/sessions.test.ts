// Sessions end to end in the real extension host: SecretStorage holds them (read back through a
// second store), refresh/revoke/copy through the commands against real sandboxes, failures
// explained by the catalog, broken entries listed and repaired, settings respected, and an
// output channel that names what happened without ever holding a token or secret.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { AddSessionResult } from '../../../src/vscode/sessions/addSession';
import type { RefreshSummary, RevokeSummary, VerifySummary } from '../../../src/vscode/sessions/feedback';
import type { SandboxSessionResult } from '../../../src/vscode/sessions/sandboxSession';
import type { EditResult } from '../../../src/vscode/sessions/sessionCommands';
import {
  addFromSandbox,
  cliOutput,
  extensionApi,
  injectFault,
  ownSandbox,
  payloadOf,
  removeAllSessions,
  run,
  sessionInfo,
  sessionsList,
  setSetting,
  startSandboxSession,
  waitFor,
  type Sandbox,
} from '../support/sessionFixtures';

/** Every token and secret these tests saw: none may reach a log. */
const secrets = new Set<string>();

async function clipboardAfter(command: string, id: string): Promise<string> {
  await vscode.env.clipboard.writeText('');
  const r = await run<{ ok: boolean; fingerprint?: string }>(command, id);
  assert.ok(r.ok, `${command} failed`);
  const text = await vscode.env.clipboard.readText();
  assert.ok(text.length > 20, `${command} put nothing on the clipboard`);
  secrets.add(text);
  return text;
}

describe('sessions', function () {
  this.timeout(30_000);
  let own: Sandbox;

  before(async () => {
    await removeAllSessions();
    own = await ownSandbox();
    for (const c of own.info.clients) if (c.clientSecret) secrets.add(c.clientSecret);
    secrets.add(own.info.user.password);
  });
  after(async () => {
    await removeAllSessions();
    await setSetting('endpointOverride', undefined);
    await setSetting('defaultRegion', undefined);
    await setSetting('clockSkewSeconds', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await own?.close();
  });

  describe('Start Sandbox Session', () => {
    it('signs the demo user in on the chosen client and stores the session in SecretStorage only', async () => {
      const first = await startSandboxSession('rotating-grace-10s');
      assert.match(first.endpoint ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      const info = await sessionInfo(first.sessionId!);
      assert.equal(info.kind, 'ok');
      assert.equal(info.endpoint, first.endpoint);
      assert.equal(info.clientId, 'sbxrotate10graceclient0001');
      assert.equal(info.hasIdToken, true);
      assert.equal(info.hasAccessToken, true);
      // A second path: a fresh store over the same SecretStorage sees the same refresh token.
      const api = await extensionApi();
      const back = (await api.sessions.readBack()).find((s) => s.id === first.sessionId);
      assert.equal(back?.hasRefreshToken, true);
      assert.equal(back?.refreshTokenFingerprint, info.refreshTokenFingerprint);
      const refresh = await clipboardAfter('copyRefreshToken', first.sessionId!);
      await clipboardAfter('copyIdToken', first.sessionId!);
      // Nothing outside SecretStorage holds a token: settings and the extension's mementos.
      const plain = JSON.stringify([api.selfTest.plainState(), vscode.workspace.getConfiguration('cognitoTokenDebugger')]);
      assert.ok(!plain.includes(refresh), 'a refresh token is stored outside SecretStorage');
      assert.doesNotMatch(plain, /eyJ[A-Za-z0-9_-]{10,}/);
      // The demo password was sent once and never stored.
      assert.ok(!JSON.stringify(await api.sessions.list()).includes('Passw0rd'));
    });

    it('a second run reuses the running sandbox', async () => {
      const before = (await sessionsList()).length;
      const second = await startSandboxSession('no-rotation');
      assert.equal(second.alreadyRunning, true);
      const all = await sessionsList();
      assert.equal(all.length, before + 1);
      assert.equal(new Set(all.map((s) => s.endpoint)).size, 1, 'both sessions talk to the same sandbox');
    });

    it('Start Sandbox Session refuses an unknown demo client and names the real ones', async () => {
      const r = await run<SandboxSessionResult>('startSandboxSession', { client: 'nope' });
      assert.equal(r.ok, false);
      assert.match(r.message ?? '', /rotating-grace-10s/);
    });
  });

  describe('refresh, revoke, copy', () => {
    let id: string;
    let endpoint: string;
    before(async () => {
      const s = await startSandboxSession('rotating-grace-10s');
      id = s.sessionId!;
      endpoint = s.endpoint!;
    });

    it('Refresh Session grows the history and stores the rotated refresh token', async () => {
      const before = await sessionInfo(id);
      const oldToken = await clipboardAfter('copyRefreshToken', id);
      const summary = await run<RefreshSummary>('refreshSession', id);
      assert.equal(summary.ok, true, JSON.stringify(summary));
      assert.equal(summary.rotated, true);
      assert.equal(summary.operation, 'GetTokensFromRefreshToken');
      const after = await sessionInfo(id);
      assert.equal(after.historyLength, (before.historyLength ?? 0) + 1);
      assert.equal(after.refreshTokenFingerprint, summary.refreshTokenFingerprint);
      assert.notEqual(after.refreshTokenFingerprint, before.refreshTokenFingerprint);
      const newToken = await clipboardAfter('copyRefreshToken', id);
      assert.notEqual(newToken, oldToken, 'the stored refresh token did not change');
      // The summary a command returns carries no token.
      assert.doesNotMatch(JSON.stringify(summary), /eyJ/);
    });

    it('an injected RefreshTokenReuseException becomes lastError with the catalog title', async () => {
      await injectFault(endpoint, { operation: 'GetTokensFromRefreshToken', error: { name: 'RefreshTokenReuseException', message: 'Refresh token has been used already' } });
      const summary = await run<RefreshSummary>('refreshSession', { sessionId: id });
      assert.equal(summary.ok, false);
      assert.equal(summary.errorName, 'RefreshTokenReuseException');
      assert.equal(summary.errorTitle, 'Refresh token already used (rotation)');
      const info = await sessionInfo(id);
      assert.equal(info.lastErrorName, 'RefreshTokenReuseException');
      assert.equal(info.lastErrorTitle, 'Refresh token already used (rotation)');
      // The next refresh works again and clears the error.
      const again = await run<RefreshSummary>('refreshSession', id);
      assert.equal(again.ok, true, JSON.stringify(again));
      assert.equal((await sessionInfo(id)).lastErrorName, undefined);
    });

    it('copy commands put the right token on the clipboard', async () => {
      const idToken = await clipboardAfter('copyIdToken', id);
      const access = await clipboardAfter('copyAccessToken', id);
      assert.equal(payloadOf(idToken)['token_use'], 'id');
      assert.equal(payloadOf(access)['token_use'], 'access');
      assert.equal(payloadOf(access)['client_id'], 'sbxrotate10graceclient0001');
    });

    it('Verify Session Tokens checks both signatures against the pool keys', async () => {
      const r = await run<{ id?: VerifySummary; access?: VerifySummary }>('verifySession', id);
      assert.equal(r.id?.ok, true, JSON.stringify(r.id));
      assert.equal(r.access?.ok, true, JSON.stringify(r.access));
      assert.equal(r.access?.checks.find((c) => c.name === 'signature')?.status, 'pass');
    });

    it('Revoke Refresh Token, then a refresh fails as revoked', async () => {
      const revoked = await run<RevokeSummary>('revokeRefreshToken', id, { confirm: false });
      assert.equal(revoked.ok, true, JSON.stringify(revoked));
      // Shown as revoked everywhere at once, before any refresh says so (issue 7, item 10).
      assert.equal((await sessionInfo(id)).revoked, true);
      const api = await extensionApi();
      await run('selectSession', id);
      assert.match(api.sessions.statusBar().text, /revoked/);
      const summary = await run<RefreshSummary>('refreshSession', id);
      assert.equal(summary.ok, false);
      assert.equal(summary.catalogId, 'NotAuthorizedException/refresh-token-revoked');
      assert.equal((await sessionInfo(id)).lastErrorTitle, 'Refresh token revoked');
    });

    it('Refresh All Sessions refreshes every session and reports each', async () => {
      const all = await sessionsList();
      const summaries = await run<RefreshSummary[]>('refreshAllSessions');
      assert.deepEqual(summaries.map((s) => s.sessionId).sort(), all.map((s) => s.id).sort());
      assert.equal(summaries.find((s) => s.sessionId === id)?.ok, false, 'the revoked session cannot refresh');
      assert.ok(summaries.filter((s) => s.sessionId !== id).every((s) => s.ok), JSON.stringify(summaries));
    });
  });

  describe('Add Session', () => {
    it('reads `aws cognito-idp initiate-auth` output, fills pool, client and endpoint from the tokens, refreshes', async () => {
      const { result, tokens } = await addFromSandbox(own, 'rotating-no-grace');
      for (const t of [tokens.idToken, tokens.accessToken, tokens.refreshToken ?? '']) secrets.add(t);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.kind, 'aws-cli-output');
      assert.equal(result.endpoint, own.endpoint);
      assert.equal(result.firstRefresh?.ok, true, JSON.stringify(result.firstRefresh));
      const info = await sessionInfo(result.sessionId);
      assert.equal(info.userPoolId, own.info.userPoolId);
      assert.equal(info.clientId, 'sbxrotate0graceclient00002');
      assert.equal(info.historyLength, 1);
    });

    it('an unreadable paste stores nothing and says what it saw and expected', async () => {
      const before = await sessionsList();
      const r = await run<AddSessionResult>('addSession', 'hello, this is not a token');
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.reason === 'unreadable' && r.recognised && r.expected, JSON.stringify(r));
      assert.deepEqual(await sessionsList(), before);
    });

    it('keeps a session whose first refresh fails, with the explanation; Edit Session fixes it', async () => {
      const client = own.info.clients.find((c) => c.clientSecret)!;
      const { result } = await addFromSandbox(own, client.name);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.firstRefresh?.ok, false);
      assert.equal(result.firstRefresh?.catalogId, 'NotAuthorizedException/client-secret-missing');
      const kept = await sessionInfo(result.sessionId);
      assert.equal(kept.lastErrorCatalogId, 'NotAuthorizedException/client-secret-missing');
      const edited = await run<EditResult>('editSession', result.sessionId, { clientSecret: client.clientSecret, label: 'Confidential client' });
      assert.deepEqual(edited.changed.sort(), ['clientSecret', 'label']);
      const info = await sessionInfo(result.sessionId);
      assert.equal(info.hasClientSecret, true);
      assert.equal(info.label, 'Confidential client');
      const refreshed = await run<RefreshSummary>('refreshSession', result.sessionId);
      assert.equal(refreshed.ok, true, JSON.stringify(refreshed));
      assert.equal((await sessionInfo(result.sessionId)).lastErrorName, undefined);
    });

    it('Edit Session validates what it is given', async () => {
      const [s] = await sessionsList();
      const bad = await run<EditResult>('editSession', s!.id, { endpoint: 'ftp://nope' });
      assert.equal(bad.ok, false);
      const method = await run<EditResult>('editSession', s!.id, { refreshMethod: 'InitiateAuth' });
      assert.equal(method.ok, true);
      assert.equal((await sessionInfo(s!.id)).refreshMethod, 'InitiateAuth');
    });

    it('Edit Session changes the user pool (and with it the Region) and the app client (issue 7, item 20)', async () => {
      const client = own.info.clients.find((c) => c.name === 'no-rotation')!;
      const other = own.info.clients.find((c) => c.name !== 'no-rotation' && !c.clientSecret)!;
      const { result } = await addFromSandbox(own, client.name);
      assert.ok(result.ok, JSON.stringify(result));
      const moved = await run<EditResult>('editSession', result.sessionId, { userPoolId: 'eu-west-3_Other1', clientId: other.clientId });
      assert.equal(moved.ok, true, JSON.stringify(moved));
      assert.deepEqual([...moved.changed].sort(), ['clientId', 'region', 'userPoolId']);
      let info = await sessionInfo(result.sessionId);
      assert.equal(info.userPoolId, 'eu-west-3_Other1');
      assert.equal(info.region, 'eu-west-3');
      assert.equal(info.clientId, other.clientId);
      const bad = await run<EditResult>('editSession', result.sessionId, { userPoolId: 'not a pool' });
      assert.equal(bad.ok, false);
      assert.match(bad.message ?? '', /userPoolId/);
      // The managed login domain of the token endpoint: an origin only.
      const withPath = await run<EditResult>('editSession', result.sessionId, { oauthDomain: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token' });
      assert.equal(withPath.ok, false);
      assert.match(withPath.message ?? '', /oauthDomain/);
      const domain = await run<EditResult>('editSession', result.sessionId, { oauthDomain: 'https://example.auth.us-east-1.amazoncognito.com', oauthClientAuth: 'client_secret_post' });
      assert.equal(domain.ok, true, JSON.stringify(domain));
      const cleared = await run<EditResult>('editSession', result.sessionId, { oauthDomain: null, oauthClientAuth: null });
      assert.equal(cleared.ok, true, JSON.stringify(cleared));
      // Back to the pool and client that issued the token: it refreshes again.
      const back = await run<EditResult>('editSession', result.sessionId, { userPoolId: own.info.userPoolId, clientId: client.clientId });
      assert.equal(back.ok, true);
      info = await sessionInfo(result.sessionId);
      assert.equal(info.region, own.info.userPoolId.split('_')[0]);
      const refreshed = await run<RefreshSummary>('refreshSession', result.sessionId);
      assert.equal(refreshed.ok, true, JSON.stringify(refreshed));
    });

    it('a refresh token alone uses the endpointOverride setting and the given pool and client', async () => {
      await setSetting('endpointOverride', own.endpoint);
      try {
        const client = own.info.clients.find((c) => c.name === 'no-rotation')!;
        const { signIn } = await import('../support/signIn');
        const tokens = await signIn(own.info, client.name);
        secrets.add(tokens.refreshToken!);
        const r = await run<AddSessionResult>('addSession', { paste: tokens.refreshToken, userPoolId: own.info.userPoolId, clientId: client.clientId, label: 'bare' });
        assert.ok(r.ok, JSON.stringify(r));
        assert.equal(r.kind, 'refresh-token');
        assert.equal(r.endpoint, own.endpoint);
        assert.equal(r.firstRefresh?.ok, true, JSON.stringify(r.firstRefresh));
        assert.equal((await sessionInfo(r.sessionId)).hasAccessToken, true);
      } finally {
        await setSetting('endpointOverride', undefined);
      }
    });

    it('asks for the user pool id prefilled with the defaultRegion setting (and stores nothing when dismissed)', async () => {
      await setSetting('defaultRegion', 'eu-west-3');
      const before = await sessionsList();
      const { signIn } = await import('../support/signIn');
      const tokens = await signIn(own.info, 'no-rotation');
      const pending = run<AddSessionResult>('addSession', tokens.refreshToken);
      const api = await extensionApi();
      const shown = await waitFor('the user pool id prompt', () => {
        const p = api.sessions.lastPrompt();
        return p?.field === 'userPoolId' && Date.now() - p.at < 5000 ? p : undefined;
      });
      assert.equal(shown.value, 'eu-west-3_');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      const r = await pending;
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.reason === 'cancelled');
      assert.deepEqual(await sessionsList(), before);
    });
  });

  describe('duplicates (issue 7, item 16)', () => {
    it('adding a refresh token that is already stored selects that session and adds nothing', async () => {
      const { result, tokens } = await addFromSandbox(own, 'no-rotation', { refresh: false });
      assert.ok(result.ok);
      const count = (await sessionsList()).length;
      const again = await run<AddSessionResult>('addSession', { paste: cliOutput(tokens), confirmEndpoint: true, refresh: false });
      assert.ok(!again.ok && again.reason === 'duplicate', JSON.stringify(again));
      assert.equal(!again.ok && again.existingId, result.sessionId);
      assert.equal((await sessionsList()).length, count);
      assert.equal((await extensionApi()).sessions.selected(), result.sessionId);
      await run('removeSession', result.sessionId, { confirm: false });
    });
  });

  describe('destructive confirmations (issue 7, item 21)', () => {
    for (const [command, what] of [
      ['removeSession', 'Remove'],
      ['revokeRefreshToken', 'Revoke'],
    ] as const) {
      it(`${command}: Enter on the confirmation keeps the session as it is; the destructive choice comes second`, async () => {
        const { result } = await addFromSandbox(own, 'no-rotation', { refresh: false });
        assert.ok(result.ok && result.sessionId);
        const id = result.sessionId;
        const api = await extensionApi();
        const pending = run<{ removed?: boolean; ok?: boolean; reason?: string }>(command, id);
        const shown = await waitFor('the confirmation', () => {
          const p = api.sessions.lastPrompt();
          return p?.field === 'confirm' && p.title.startsWith(what) && Date.now() - p.at < 5000 ? p : undefined;
        });
        const [first, second] = shown.value.split(' | ');
        assert.match(first ?? '', /Keep/, 'the highlighted (default) choice keeps things');
        assert.match(second ?? '', new RegExp(what));
        // Enter: accepts the highlighted item.
        await new Promise((r) => setTimeout(r, 300));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const r = await pending;
        assert.ok(r.removed === false || r.reason === 'cancelled', JSON.stringify(r));
        const info = await sessionInfo(id);
        assert.equal(info.kind, 'ok', 'still there');
        assert.notEqual(info.revoked, true, 'not revoked');
        await run('removeSession', id, { confirm: false });
      });
    }

    it('revokeRefreshToken: RevokeAssociatedSessions LINKED is a third choice, picked by keyboard, and is what goes on the wire (issue 11)', async () => {
      const { result } = await addFromSandbox(own, 'no-rotation', { refresh: false });
      assert.ok(result.ok && result.sessionId);
      const id = result.sessionId;
      const api = await extensionApi();
      const before = own.calls('RevokeToken').length;
      const pending = run<RevokeSummary>('revokeRefreshToken', id);
      const shown = await waitFor('the confirmation', () => {
        const p = api.sessions.lastPrompt();
        return p?.field === 'confirm' && p.title.startsWith('Revoke') && Date.now() - p.at < 5000 ? p : undefined;
      });
      const labels = shown.value.split(' | ');
      assert.equal(labels.length, 3, shown.value);
      assert.match(labels[0] ?? '', /Keep/);
      assert.match(labels[2] ?? '', /LINKED/);
      await new Promise((r) => setTimeout(r, 300));
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const revoked = await pending;
      assert.ok(revoked.ok, JSON.stringify(revoked));
      assert.deepEqual(own.calls('RevokeToken').slice(before).map((c) => c.revokeAssociatedSessions ?? 'absent'), ['LINKED']);
      assert.equal((await sessionInfo(id)).revoked, true);
      await run('removeSession', id, { confirm: false });
    });
  });

  describe('a lost answer, not re-sent (issue 8, item 2)', () => {
    it('the next Refresh Session sends nothing and says why (resend-unconfirmed), also from a reloaded snapshot', async () => {
      const { result } = await addFromSandbox(own, 'rotating-no-grace', { refresh: false });
      assert.ok(result.ok && result.sessionId);
      const id = result.sessionId;
      await injectFault(own.info.endpoint, { operation: 'GetTokensFromRefreshToken', drop: 'after-processing' });
      const lost = await run<RefreshSummary>('refreshSession', id);
      assert.equal(lost.ok, false);
      assert.equal(lost.catalogId, 'transport/response-lost-not-resent', JSON.stringify(lost));
      const sent = own.calls('GetTokensFromRefreshToken').length;
      const again = await run<RefreshSummary>('refreshSession', id);
      assert.deepEqual({ ok: again.ok, reason: again.reason }, { ok: false, reason: 'resend-unconfirmed' });
      assert.equal(own.calls('GetTokensFromRefreshToken').length, sent, 'nothing was sent');
      assert.equal((await sessionInfo(id)).lastErrorTitle !== undefined, true);
      await run('removeSession', id, { confirm: false });
    });
  });

  describe('broken entries', () => {
    it('an unreadable value written by another window appears as a broken session; Repair re-pastes it under the same id', async () => {
      const api = await extensionApi();
      const goodBefore = (await sessionsList()).filter((s) => s.kind === 'ok');
      // Written straight into SecretStorage: the manager learns of it through onDidChange.
      const brokenId = await api.selfTest.storeUnreadableSession('invalid-json');
      const listed = await waitFor('the broken entry', async () => (await sessionsList()).find((s) => s.id === brokenId));
      assert.equal(listed.kind, 'broken');
      assert.equal(listed.brokenReason, 'invalid-json');
      assert.deepEqual((await sessionsList()).filter((s) => s.kind === 'ok'), goodBefore, 'a broken entry cost another session');
      // Refreshing it is refused; repairing it with a paste makes it a session again.
      assert.equal(await run('refreshSession', brokenId), undefined);
      const { signIn } = await import('../support/signIn');
      const tokens = await signIn(own.info, 'no-rotation');
      const repaired = await run<AddSessionResult>('repairSession', brokenId, { paste: JSON.stringify({ AuthenticationResult: { IdToken: tokens.idToken, AccessToken: tokens.accessToken, RefreshToken: tokens.refreshToken } }), confirmEndpoint: true });
      assert.ok(repaired.ok, JSON.stringify(repaired));
      assert.equal(repaired.sessionId, brokenId);
      assert.equal((await sessionInfo(brokenId)).kind, 'ok');
    });

    it('Remove Session removes a broken entry and nothing else', async () => {
      const api = await extensionApi();
      const good = (await sessionsList()).filter((s) => s.kind === 'ok');
      const brokenId = await api.selfTest.storeUnreadableSession('newer-version');
      await waitFor('the broken entry', async () => (await sessionsList()).some((s) => s.id === brokenId));
      const r = await run<{ removed: boolean }>('removeSession', brokenId, { confirm: false });
      assert.equal(r.removed, true);
      assert.deepEqual(await sessionsList(), good);
      assert.deepEqual((await api.sessions.readBack()).map((s) => s.id), good.map((s) => s.id));
    });
  });

  describe('settings', () => {
    it('clockSkewSeconds decides a token that expired 30 s ago', async () => {
      const past = await ownSandbox({ clockOffsetMs: -(3600 + 30) * 1000 });
      try {
        const { signIn } = await import('../support/signIn');
        const tokens = await signIn(past.info, 'no-rotation');
        secrets.add(tokens.idToken);
        await setSetting('clockSkewSeconds', 60);
        const tolerant = await run<VerifySummary>('verifyToken', tokens.idToken, { confirmJwks: true });
        assert.equal(tolerant.checks.find((c) => c.name === 'signature')?.status, 'pass', JSON.stringify(tolerant));
        assert.equal(tolerant.checks.find((c) => c.name === 'expiry')?.status, 'pass', JSON.stringify(tolerant));
        await setSetting('clockSkewSeconds', 0);
        const strict = await run<VerifySummary>('verifyToken', tokens.idToken, { confirmJwks: true });
        assert.equal(strict.checks.find((c) => c.name === 'expiry')?.status, 'fail', JSON.stringify(strict));
        assert.equal(strict.ok, false);
      } finally {
        await setSetting('clockSkewSeconds', undefined);
        await past.close();
      }
    });

    it('auto-refresh refreshes the selected session before its access token expires', async () => {
      const short = await ownSandbox({ accessTokenSeconds: 120 });
      try {
        const { result } = await addFromSandbox(short, 'no-rotation', { refresh: false });
        assert.ok(result.ok);
        await run('selectSession', result.sessionId);
        assert.equal((await sessionInfo(result.sessionId)).historyLength, 0);
        await setSetting('autoRefresh.enabled', true);
        await waitFor('the auto-refresh', async () => (await sessionInfo(result.sessionId)).historyLength === 1);
        await setSetting('autoRefresh.enabled', undefined);
        assert.equal((await extensionApi()).sessions.autoRefreshDue(), undefined);
      } finally {
        await setSetting('autoRefresh.enabled', undefined);
        await short.close();
      }
    });
  });

  describe('output channel', () => {
    it('logs what happened, and no token, client secret or password', async () => {
      const api = await extensionApi();
      const root = dirname(api.selfTest.logFolder());
      const find = (dir: string, depth: number): string[] =>
        depth < 0
          ? []
          : readdirSync(dir).flatMap((n) => {
              const p = join(dir, n);
              return statSync(p).isDirectory() ? find(p, depth - 1) : n.endsWith('Cognito Token Debugger.log') ? [p] : [];
            });
      const text = await waitFor(
        'the output channel log with the refreshes',
        () => {
          const files = find(root, 3);
          const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
          return /revoke: .* refresh token revoked/.test(all) && /refresh: .* failed \(cognito\): Refresh token revoked/.test(all) ? all : undefined;
        },
        15_000,
      );
      assert.match(text, /refresh: .* ok via GetTokensFromRefreshToken, rotated/);
      assert.match(text, /sessions: stored /);
      assert.ok(secrets.size > 8, `only ${secrets.size} secrets were collected`);
      for (const s of secrets) assert.ok(!text.includes(s), `the log holds a secret (${s.slice(0, 6)}…)`);
      assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    });
  });
});
