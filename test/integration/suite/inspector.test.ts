// The Token Inspector in the real extension host: a session from a sandbox sign-in opened in a
// real webview panel (its script must run under the strict CSP to say `ready`), the protocol
// driven through the panel's own validator and handler, live updates after refreshes, the
// catalog's explanation of an injected failure, and a bare token on its own.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { fingerprint } from '../../../src/core/sessions/index';
import { startSandbox } from '../../../src/sandbox/index';
import type { InspectorDebugPanel } from '../../../src/vscode/inspector/index';
import { signIn, type PoolTokens } from '../support/signIn';
import { api, closeAllEditors, waitFor } from './helpers';

const ADD_SESSION = 'cognitoTokenDebugger.addSession';
const REFRESH_SESSION = 'cognitoTokenDebugger.refreshSession';
const OPEN_INSPECTOR = 'cognitoTokenDebugger.openInspector';
const REMOVE_SESSION = 'cognitoTokenDebugger.removeSession';

type Api = Awaited<ReturnType<typeof api>>;

function panel(a: Api, key: string): InspectorDebugPanel {
  const p = a.inspector.debugState().find((d) => d.key === key);
  assert.ok(p, `no inspector panel ${key} (have ${a.inspector.debugState().map((d) => d.key).join(', ')})`);
  return p;
}

/** Waits until the webview itself said `ready` (its script ran under the CSP) and got a state. */
async function readyPanel(a: Api, key: string): Promise<InspectorDebugPanel> {
  try {
    return await waitFor(`panel ${key} ready`, () => {
      const p = a.inspector.debugState().find((d) => d.key === key);
      return p?.ready && p.statesPosted > 0 ? p : undefined;
    }, 20_000);
  } catch (err) {
    const panels = a.inspector.debugState().map(({ key: k, title, visible, ready, accepted, rejected, statesPosted }) => ({ k, title, visible, ready, accepted, rejected, statesPosted }));
    throw new Error(`${(err as Error).message}; panels: ${JSON.stringify(panels)}`);
  }
}

/**
 * Opens a panel after every editor closed and a quiet moment, then waits for its webview; if the
 * frame stays blank (the code-server stall described in the bare-token test), once more. Only the
 * workbench's frame loading is retried: what the tests assert is the panel's own behaviour.
 */
async function openReady(a: Api, key: string, open: () => PromiseLike<unknown>): Promise<InspectorDebugPanel> {
  const openAfterQuiet = async () => {
    await closeAllEditors();
    await waitFor('no webview tab left', () => vscode.window.tabGroups.all.every((g) => g.tabs.every((t) => !(t.input instanceof vscode.TabInputWebview))) || undefined);
    await new Promise((r) => setTimeout(r, 3_000));
    await open();
  };
  await openAfterQuiet();
  try {
    return await readyPanel(a, key);
  } catch {
    await openAfterQuiet();
    return readyPanel(a, key);
  }
}

/** Every line of the extension's output channel written so far. */
function outputLog(a: Api): string {
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (depth < 3) walk(p, depth + 1);
      } else if (name.includes('Cognito Token Debugger')) files.push(p);
    }
  };
  walk(dirname(a.selfTest.logFolder()), 0);
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

describe('Token Inspector', function () {
  this.timeout(90_000);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let tokens: PoolTokens;
  let a: Api;
  let sessionId: string;
  let key: string;

  before(async () => {
    a = await api();
    sandbox = await startSandbox({});
    tokens = await signIn(sandbox.info, 'rotating-grace-10s');
    assert.ok(tokens.refreshToken, 'the sandbox sign-in returned no refresh token');
    const added = await vscode.commands.executeCommand<{ ok: boolean; sessionId?: string; message?: string }>(ADD_SESSION, {
      paste: JSON.stringify({ AuthenticationResult: { IdToken: tokens.idToken, AccessToken: tokens.accessToken, RefreshToken: tokens.refreshToken, ExpiresIn: 3600, TokenType: 'Bearer' } }),
      endpoint: sandbox.info.endpoint,
      label: 'Inspector test',
      refresh: false,
    });
    assert.ok(added?.ok && added.sessionId, `addSession failed: ${JSON.stringify(added)}`);
    sessionId = added.sessionId;
  });

  after(async () => {
    await closeAllEditors();
    if (sessionId) await vscode.commands.executeCommand(REMOVE_SESSION, sessionId, { confirm: false });
    await sandbox?.close();
  });

  it('opens a session in a webview whose script runs under a strict CSP', async () => {
    // The suite before this one (commands) opened and closed inspector panels moments ago; on a
    // loaded machine (two CPU hogs) this first panel stayed blank ("Waiting for controllerchange").
    key = `session:${sessionId}`;
    const p = await openReady(a, key, async () => assert.equal(await a.inspector.open({ sessionId }), key));
    assert.equal(p.viewType, 'cognitoTokenDebugger.inspector');
    assert.equal(p.title, 'Inspector: Inspector test');
    // The CSP: nothing by default, scripts only by this render's nonce, no unsafe-anything.
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(p.csp)?.[1];
    assert.ok(nonce, p.csp);
    assert.match(p.csp, /^default-src 'none'; /);
    assert.ok(!p.csp.includes('unsafe-inline') && !p.csp.includes('unsafe-eval'), p.csp);
    assert.match(p.csp, /; style-src [^;']*(?:'self'[^;']*)?; img-src [^;]+ data:; font-src [^;]+$/);
    assert.ok(p.html.includes(`content="${p.csp}"`), 'the HTML carries that CSP');
    const scripts = [...p.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0]?.includes(`nonce="${nonce}"`) && /src="[^"]+\/dist\/webview\.js"/.test(scripts[0] ?? ''), scripts[0]);
    assert.ok(!/\son[a-z]+\s*=/i.test(p.html), 'an inline event handler');
    assert.ok(!/\sstyle\s*=|<style/i.test(p.html), 'an inline style');
    assert.ok(p.accepted >= 1, 'the webview said ready');
    assert.equal(p.rejected, 0);
    // The tabs: decoded ID and access tokens with explained claims, the encrypted refresh token.
    const s = p.lastState;
    assert.ok(s);
    assert.deepEqual(s.target, { kind: 'session', sessionId });
    assert.deepEqual(s.tabs.map((t) => [t.slot, t.kind, t.format, t.validity]), [
      ['id', 'id', 'jws', 'valid'],
      ['access', 'access', 'jws', 'valid'],
      ['refresh', 'refresh', 'jwe', 'unknown'],
    ]);
    const [id, access, refresh] = s.tabs;
    for (const claim of ['iss', 'sub', 'aud', 'token_use', 'cognito:username', 'exp', 'iat', 'auth_time']) assert.ok(id?.explainedClaims.includes(claim), `ID token: ${claim} not explained`);
    for (const claim of ['client_id', 'scope', 'token_use', 'username']) assert.ok(access?.explainedClaims.includes(claim), `access token: ${claim} not explained`);
    assert.deepEqual(refresh?.segmentParts, ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag']);
    assert.deepEqual(refresh?.claimNames, []);
    assert.deepEqual(s.tabs.map((t) => t.segmentsWithText), [0, 0, 0], 'no raw token before the user opens the raw view');
    assert.equal(s.history.length, 0);
    assert.equal(s.lastError, undefined);
  });

  it('drops malformed messages, counts them and logs them by shape only', async () => {
    const before = panel(a, key);
    const hostile = [
      { type: 'request', id: 1, command: 'refresh', token: tokens.idToken },
      { type: 'request', id: 2, command: 'copyRefreshToken' },
      { type: 'request', id: 3, command: 'openDocs', url: 'https://evil.example/?https://docs.aws.amazon.com/' },
      { type: 'request', id: -4, command: 'verify' },
      { type: 'nonsense', payload: tokens.accessToken },
      [tokens.idToken],
      tokens.idToken,
      null,
    ];
    const results = [];
    for (const m of hostile) results.push(await a.inspector.receive(key, m));
    assert.deepEqual(
      results.map((r) => (r.accepted ? 'accepted' : r.reason)),
      ['unexpected-field', 'unknown-command', 'url-not-allowed', 'bad-field', 'unknown-type', 'not-an-object', 'not-an-object', 'not-an-object'],
    );
    const after = panel(a, key);
    assert.equal(after.rejected, before.rejected + hostile.length);
    assert.equal(after.accepted, before.accepted, 'a malformed message was handled');
    assert.equal(after.lastState?.history.length, 0, 'the rejected refresh request ran anyway');
    assert.equal(after.lastRejection, 'inspector: dropped a message from the webview (not-an-object): null');
    // In the output channel: the shapes, never the tokens.
    const log = await waitFor('the rejection in the output channel', () => {
      const text = outputLog(a);
      return text.includes('dropped a message from the webview (unexpected-field in token)') ? text : undefined;
    });
    assert.match(log, /dropped a message from the webview \(unknown-type in type\): \{type: string\(8\), payload: string\(\d+\)\}/);
    for (const t of [tokens.idToken, tokens.accessToken]) for (const part of t.split('.')) assert.ok(!log.includes(part), 'a token reached the log');
  });

  it('refresh from the webview: the next state holds the new history event and rotated tokens', async () => {
    const before = panel(a, key).lastState;
    const oldIdFp = before?.tabs[0]?.fingerprint;
    const statesBefore = panel(a, key).statesPosted;
    const result = await a.inspector.receive(key, { type: 'request', id: 10, command: 'refresh' });
    assert.deepEqual(result, { accepted: true, reply: { ok: true } });
    const s = await waitFor('the refresh in the panel', () => {
      const st = panel(a, key).lastState;
      return st && st.history.length === 1 && !st.busy.refresh ? st : undefined;
    });
    const [event] = s.history;
    assert.equal(event?.operation, 'GetTokensFromRefreshToken');
    assert.equal(event?.outcome, 'success');
    assert.equal(event?.rotated, true, 'the rotating client returned a new refresh token');
    assert.equal(event?.oldFingerprint, before?.tabs[2]?.fingerprint);
    assert.equal(event?.newFingerprint, s.tabs[2]?.fingerprint);
    assert.notEqual(s.tabs[0]?.fingerprint, oldIdFp, 'the ID token was not replaced');
    assert.ok(event && event.latencyMs >= 0);
    assert.ok(panel(a, key).statesPosted > statesBefore, 'no state was posted to the webview');
  });

  it('updates live: a refresh from the command palette appears in the open panel', async () => {
    const n = panel(a, key).lastState?.history.length ?? 0;
    await vscode.commands.executeCommand(REFRESH_SESSION, sessionId);
    const s = await waitFor('the palette refresh in the panel', () => {
      const st = panel(a, key).lastState;
      return st && st.history.length === n + 1 ? st : undefined;
    });
    assert.equal(s.history[0]?.outcome, 'success', 'newest first');
    assert.equal(s.history[0]?.oldFingerprint, s.history[1]?.newFingerprint, 'the second refresh sent the first one\'s new token');
  });

  it('verify from the webview: a result per check for the ID and access tokens', async () => {
    const result = await a.inspector.receive(key, { type: 'request', id: 11, command: 'verify' });
    assert.deepEqual(result, { accepted: true, reply: { ok: true } });
    const s = panel(a, key).lastState;
    assert.ok(s);
    for (const tab of s.tabs.slice(0, 2)) {
      assert.ok(tab.verification, `${tab.slot}: no verification`);
      assert.equal(tab.verification.ok, true, `${tab.slot}: ${JSON.stringify(tab.verification)}`);
      assert.deepEqual(tab.verification.checks.map((c) => c.name), ['format', 'signature', 'issuer', 'token_use', 'audience', 'expiry', 'not_before']);
      assert.equal(tab.verification.checks.find((c) => c.name === 'signature')?.status, 'pass');
    }
    assert.equal(s.tabs[2]?.verification, undefined, 'an encrypted refresh token has nothing to verify here');
  });

  it('reveal sends the raw segments of that one token only', async () => {
    assert.deepEqual(await a.inspector.receive(key, { type: 'request', id: 12, command: 'reveal', slot: 'access' }), { accepted: true, reply: { ok: true } });
    const s = panel(a, key).lastState;
    assert.deepEqual(s?.tabs.map((t) => [t.slot, t.segmentsWithText]), [
      ['id', 0],
      ['access', 3],
      ['refresh', 0],
    ]);
  });

  it('explains an injected RefreshTokenReuseException on a card, and opens only the links it offered', async () => {
    sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'RefreshTokenReuseException', message: 'Refresh token has been reused.' } });
    const n = panel(a, key).lastState?.history.length ?? 0;
    const result = await a.inspector.receive(key, { type: 'request', id: 13, command: 'refresh' });
    assert.equal(result.accepted, true);
    const s = await waitFor('the failure in the panel', () => {
      const st = panel(a, key).lastState;
      return st && st.history.length === n + 1 && st.lastError ? st : undefined;
    });
    assert.equal(s.history[0]?.outcome, 'error');
    assert.equal(s.history[0]?.errorName, 'RefreshTokenReuseException');
    assert.equal(s.lastError?.id, 'RefreshTokenReuseException');
    assert.ok((s.lastError?.likelyCauses ?? 0) > 0 && (s.lastError?.whatToDo ?? 0) > 0);
    assert.match(s.lastError?.docsUrl ?? '', /^https:\/\/docs\.aws\.amazon\.com\//);
    // A docs.aws.amazon.com link passes the validator, but the panel opens only the one it offered.
    const other = await a.inspector.receive(key, { type: 'request', id: 14, command: 'openDocs', url: 'https://docs.aws.amazon.com/somewhere/else.html' });
    assert.deepEqual(other, { accepted: true, reply: { ok: false, error: 'That link is not one the inspector offered.' } });
  });

  it('opens a bare token from the command (no session, no history) and verifies it', async () => {
    // The session panel goes first. In code-server (VS Code for the Web 1.100), a webview created
    // in the group of another webview that was live a moment ago can stay blank: its frame waits
    // for a service-worker controller change that never comes (the webview host's, not ours;
    // recreating the panel does not help). By hand, with seconds between the two, it loads.
    // So the test closes every editor, waits until no webview tab is left plus a pause, and if the
    // frame still stays blank it closes it and opens it once more after another pause. The panel's
    // own behaviour is what is asserted below; only the workbench's frame loading is retried.
    const key = `token:${fingerprint(tokens.idToken)}`;
    const p = await openReady(a, key, () => vscode.commands.executeCommand(OPEN_INSPECTOR, { token: tokens.idToken }));
    const s = p.lastState;
    assert.ok(s);
    assert.deepEqual(s.target, { kind: 'token' });
    assert.deepEqual(s.tabs.map((t) => [t.slot, t.kind]), [['token', 'id']]);
    assert.equal(s.history.length, 0);
    assert.match(p.title, /ID token/);
    // Opening the same token again reveals the same panel.
    await vscode.commands.executeCommand(OPEN_INSPECTOR, { token: tokens.idToken });
    assert.equal(a.inspector.debugState().filter((d) => d.key === p.key).length, 1);
    const r = await a.inspector.receive(p.key, { type: 'request', id: 1, command: 'verify' });
    assert.deepEqual(r, { accepted: true, reply: { ok: true } });
    const checks = panel(a, p.key).lastState?.tabs[0]?.verification?.checks;
    assert.equal(checks?.find((c) => c.name === 'signature')?.status, 'pass');
    const refresh = await a.inspector.receive(p.key, { type: 'request', id: 2, command: 'refresh' });
    assert.equal(refresh.accepted && refresh.reply?.ok, false, 'a bare token has no session to refresh');
  });

  it('says so when the session is removed while its panel is open', async () => {
    // (The host builds the state whether or not the webview is up: see the note above.)
    key = await a.inspector.open({ sessionId });
    assert.deepEqual(panel(a, key).lastState?.target, { kind: 'session', sessionId });
    await vscode.commands.executeCommand(REMOVE_SESSION, sessionId, { confirm: false });
    const s = await waitFor('the missing session', () => {
      const st = a.inspector.debugState().find((d) => d.key === key)?.lastState;
      return st?.target.kind === 'missing-session' ? st : undefined;
    });
    assert.equal(s.tabs.length, 0);
    assert.match(s.notice?.text ?? '', /no longer exists/);
    sessionId = '';
  });
});
