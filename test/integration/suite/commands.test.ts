// The session commands from the palette's point of view: all contributed under "Cognito", each
// drivable with arguments, pickers only when an argument is missing, and sensible answers when
// there is nothing to act on. (The flows themselves: sessions.test.ts.)
import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { VerifySummary } from '../../../src/vscode/sessions/feedback';
import type { EditResult } from '../../../src/vscode/sessions/sessionCommands';
import { signIn } from '../support/signIn';
import { addFromSandbox, extensionApi, ownSandbox, removeAllSessions, run, waitFor, type Sandbox } from '../support/sessionFixtures';

const SESSION_COMMANDS = [
  'addSession',
  'startSandboxSession',
  'refreshSession',
  'refreshAllSessions',
  'verifySession',
  'verifyToken',
  'revokeRefreshToken',
  'copyIdToken',
  'copyAccessToken',
  'copyRefreshToken',
  'openInspector',
  'editSession',
  'removeSession',
  'repairSession',
  'selectSession',
];

function inspectorTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('cognitoTokenDebugger.inspector'));
}

describe('session commands', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;

  before(async () => {
    await removeAllSessions();
    sandbox = await ownSandbox();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllSessions();
    await sandbox?.close();
  });

  it('are all contributed under "Cognito" with an icon, and registered', async () => {
    const pkg = vscode.extensions.getExtension('cognito-token-debugger.cognito-token-debugger')!.packageJSON;
    const contributed = new Map<string, { category: string; icon?: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const name of SESSION_COMMANDS) {
      const id = `cognitoTokenDebugger.${name}`;
      assert.equal(contributed.get(id)?.category, 'Cognito', id);
      assert.match(contributed.get(id)?.icon ?? '', /^\$\([a-z-]+\)$/, `${id} has no codicon`);
      assert.ok(registered.has(id), `${id} is not registered`);
    }
  });

  it('commands that need a session return nothing when there is none (no throw, no picker)', async () => {
    for (const name of ['refreshSession', 'verifySession', 'revokeRefreshToken', 'selectSession']) {
      assert.equal(await run(name), undefined, name);
    }
    assert.deepEqual(await run('refreshAllSessions'), []);
    assert.deepEqual(await run('copyIdToken'), { ok: false, token: 'id' });
    assert.equal(await run('refreshSession', 'no-such-session'), undefined);
  });

  it('Open Token Inspector opens a panel for a session id and for a bare token', async () => {
    // (This file runs before sandbox.test.ts, which expects the extension's own sandbox stopped:
    // sessions here come from a sandbox of the test's own.)
    const { result } = await addFromSandbox(sandbox, 'rotating-grace-10s', { refresh: false });
    assert.ok(result.ok);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await run('openInspector', result.sessionId);
    await waitFor('the session inspector tab', () => inspectorTabs().length === 1);
    const tokens = await signIn(sandbox.info, 'no-rotation');
    await run('openInspector', { token: tokens.accessToken });
    await waitFor('the token inspector tab', () => inspectorTabs().length === 2);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Verify Token Signature checks a bare token and shows the checks; a forged signature fails', async () => {
    const tokens = await signIn(sandbox.info, 'no-rotation');
    const good = await run<VerifySummary>('verifyToken', tokens.idToken, { confirmJwks: true });
    assert.equal(good.ok, true, JSON.stringify(good));
    const doc = vscode.window.activeTextEditor?.document;
    assert.match(doc?.getText() ?? '', /Token: verified/);
    assert.doesNotMatch(doc?.getText() ?? '', /eyJ/);
    // Issue 7, item 15: a report the user reads as written, not markdown source with escapes.
    assert.equal(doc?.languageId, 'plaintext');
    assert.doesNotMatch(doc?.getText() ?? '', /\\[_|#`*]|^\|/m);
    const [h, p, sig] = tokens.idToken.split('.');
    const forged = `${h}.${p}.${sig!.slice(0, -6)}${sig!.slice(-6).split('').reverse().join('')}`;
    const bad = await run<VerifySummary>('verifyToken', forged, { confirmJwks: true });
    assert.equal(bad.ok, false);
    assert.equal(bad.checks.find((c) => c.name === 'signature')?.status, 'fail');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("Verify Token Signature fetches nothing from a token's own non-AWS issuer until the user confirms the URL (issue 7, item 2)", async () => {
    // A key-set server that counts requests, named by an unsigned token's iss.
    let requests = 0;
    const trap = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (trap.address() as AddressInfo).port;
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const token = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ iss: `http://127.0.0.1:${port}/us-east-1_Trap`, token_use: 'id', exp: Math.floor(Date.now() / 1000) + 600 })}.c2ln`;
      const refused = await run<VerifySummary>('verifyToken', token, { confirmJwks: false });
      assert.equal(refused.status, 'needs-confirmation', JSON.stringify(refused));
      assert.equal(refused.jwksUri, `http://127.0.0.1:${port}/us-east-1_Trap/.well-known/jwks.json`);
      assert.equal(requests, 0, 'nothing was fetched without confirmation');
      await run<VerifySummary>('verifyToken', token, { confirmJwks: true });
      assert.equal(requests, 1, 'fetched once confirmed');
      // Issue 7, item 12: a key set that cannot be fetched is "could not check", not "failed".
      const gone = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ iss: 'http://127.0.0.1:1/us-east-1_Gone', token_use: 'id', exp: Math.floor(Date.now() / 1000) + 600 })}.c2ln`;
      const unreachable = await run<VerifySummary>('verifyToken', gone, { confirmJwks: true });
      assert.equal(unreachable.status, 'unchecked', JSON.stringify(unreachable));
      assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /could not check: keys unreachable at http:\/\/127\.0\.0\.1:1\/us-east-1_Gone/);
    } finally {
      trap.close();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('copy of a token the session does not have yet says so instead of copying', async () => {
    const tokens = await signIn(sandbox.info, 'no-rotation');
    const r = await run<{ ok: boolean; sessionId: string }>('addSession', {
      paste: tokens.refreshToken,
      userPoolId: sandbox.info.userPoolId,
      clientId: sandbox.info.clients.find((c) => c.name === 'no-rotation')!.clientId,
      endpoint: sandbox.endpoint,
      refresh: false,
    });
    assert.ok(r.ok);
    await vscode.env.clipboard.writeText('before');
    const copied = await run<{ ok: boolean }>('copyIdToken', r.sessionId);
    assert.equal(copied.ok, false);
    assert.equal(await vscode.env.clipboard.readText(), 'before');
  });

  it('Edit Session asks for the one field it is told to, prefilled, and changes nothing when dismissed', async () => {
    const { result: s } = await addFromSandbox(sandbox, 'no-rotation', { refresh: false, label: 'Edit me' });
    assert.ok(s.ok);
    const pending = run<EditResult>('editSession', s.sessionId, { field: 'label' });
    const api = await extensionApi();
    const shown = await waitFor('the label prompt', () => {
      const p = api.sessions.lastPrompt();
      return p?.field === 'label' && Date.now() - p.at < 5000 ? p : undefined;
    });
    assert.equal(shown.value, 'Edit me');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const r = await pending;
    assert.deepEqual(r.changed, []);
    assert.equal((await api.sessions.list()).find((x) => x.id === s.sessionId)?.label, 'Edit me');
  });
});
