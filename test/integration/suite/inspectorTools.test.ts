// The inspector's token tools in the real extension host (issue 11 item 5): copy (read back from
// the real vscode.env.clipboard), verify with a pasted JWKS or PEM key, the shared secret asked in
// the host's own password box (never taken from a message), and "Save key" in SecretStorage,
// all driven through the panel's own validator and handler (the inspector's `receive` hook), on a
// token that is not Cognito's, offline.
import * as assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { InspectorDebugPanel } from '../../../src/vscode/inspector/index';
import { api, closeAllEditors, waitFor } from './helpers';

type Api = Awaited<ReturnType<typeof api>>;
type Tab = NonNullable<InspectorDebugPanel['lastState']>['tabs'][number];

function panel(a: Api, key: string): InspectorDebugPanel {
  const p = a.inspector.debugState().find((d) => d.key === key);
  assert.ok(p, `no inspector panel ${key} (have ${a.inspector.debugState().map((d) => d.key).join(', ')})`);
  return p;
}

function tab(a: Api, key: string): Tab {
  const t = panel(a, key).lastState?.tabs.find((x) => x.slot === 'token');
  assert.ok(t, 'the panel has no token tab');
  return t;
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

async function request(a: Api, key: string, body: Record<string, unknown>): Promise<{ ok: boolean; error?: string }> {
  const r = await a.inspector.receive(key, { type: 'request', id: Math.floor(Math.random() * 1e9) + 1, ...body });
  assert.ok(r.accepted, `the panel refused ${JSON.stringify(body).slice(0, 120)}: ${JSON.stringify(r)}`);
  return r.reply ?? { ok: true };
}

async function clipboardAfter(a: Api, key: string, body: Record<string, unknown>): Promise<string> {
  await vscode.env.clipboard.writeText('');
  const reply = await request(a, key, body);
  assert.equal(reply.ok, true, `${JSON.stringify(body)}: ${reply.error ?? ''}`);
  return vscode.env.clipboard.readText();
}

describe('Token Inspector tools: copy and verify with a key', function () {
  this.timeout(90_000);
  let a: Api;
  // A fresh issuer for each run: saved keys are filed by issuer and must not meet another run's.
  const issuer = `https://issuer-${randomUUID()}.example.test`;
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'user-42', iss: issuer, email: 'Jane@Example.com', iat: now - 60, exp: now + 3600 };
  let rsa: { privateKey: CryptoKey; jwk: JWK; spki: string };
  let otherJwk: JWK;
  let token: string;
  let key: string;

  before(async () => {
    a = await api();
    const pair = await generateKeyPair('RS256', { extractable: true });
    rsa = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'tools-kid', alg: 'RS256', use: 'sig' }, spki: await exportSPKI(pair.publicKey) };
    const other = await generateKeyPair('RS256', { extractable: true });
    otherJwk = { ...(await exportJWK(other.publicKey)), kid: 'tools-kid', alg: 'RS256', use: 'sig' };
    token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'tools-kid', typ: 'JWT' }).sign(rsa.privateKey);
    await closeAllEditors();
    key = await a.inspector.open({ token });
  });

  after(async () => {
    // Leave no saved key behind, whatever happened.
    if (key && a.inspector.debugState().some((d) => d.key === key)) await a.inspector.receive(key, { type: 'request', id: 1, command: 'savedKey', slot: 'token', op: 'forget' });
    await closeAllEditors();
    await vscode.env.clipboard.writeText('');
  });

  it('copies a claim value, the token, the Authorization header and a curl line to the clipboard', async () => {
    assert.equal(await clipboardAfter(a, key, { command: 'copyValue', slot: 'token', part: 'claim', name: 'email' }), 'Jane@Example.com');
    assert.equal(await clipboardAfter(a, key, { command: 'copyValue', slot: 'token', part: 'header', name: 'kid' }), 'tools-kid');
    assert.equal(await clipboardAfter(a, key, { command: 'copyToken', slot: 'token', format: 'raw' }), token);
    assert.equal(await clipboardAfter(a, key, { command: 'copyToken', slot: 'token', format: 'bearer' }), `Authorization: Bearer ${token}`);
    assert.equal(await clipboardAfter(a, key, { command: 'copyToken', slot: 'token', format: 'curl' }), `curl -H 'Authorization: Bearer ${token}' '<URL>'`);
    // The webview names a tab and a format, never text: a URL or a token of its own is dropped.
    await vscode.env.clipboard.writeText('unchanged');
    const refused = await a.inspector.receive(key, { type: 'request', id: 7, command: 'copyToken', slot: 'token', format: 'curl', url: 'https://evil.example/' });
    assert.deepEqual(refused, { accepted: false, reason: 'unexpected-field' });
    const missing = await request(a, key, { command: 'copyToken', slot: 'id', format: 'raw' });
    assert.equal(missing.ok, false, 'a bare-token panel has no ID token tab');
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    // The log says what was copied, never the token.
    assert.match(outputLog(a), /inspector: copied the token as a curl command \(\d+ characters\) to the clipboard, as asked/);
    assert.ok(!outputLog(a).includes(token.split('.')[2]!), 'the token reached the log');
  });

  it('verifies with a pasted JWKS and PEM key, and says why a wrong one fails', async () => {
    assert.equal((await request(a, key, { command: 'verifyWithKey', slot: 'token', source: 'jwks', key: JSON.stringify({ keys: [rsa.jwk] }) })).ok, true);
    let t = tab(a, key);
    assert.equal(t.keyCheck?.ok, true, JSON.stringify(t.keyCheck));
    assert.equal(t.keyCheck?.keyKind, 'jwks');
    assert.match(t.keyCheck?.keyDescription ?? '', /^key tools-kid \(RSA\) of a JWKS with 1 key$/);
    assert.deepEqual(t.keyCheck?.checks.map((c) => `${c.name}:${c.status}`), ['format:pass', 'signature:pass', 'expiry:pass', 'not_before:skip']);
    assert.equal(panel(a, key).lastState?.pastedKey, 'jwks');

    assert.equal((await request(a, key, { command: 'verifyWithKey', slot: 'token', source: 'pem', key: rsa.spki })).ok, true);
    t = tab(a, key);
    assert.equal(t.keyCheck?.ok, true, JSON.stringify(t.keyCheck));
    assert.equal(t.keyCheck?.keyKind, 'pem');

    // Another key with the same kid: the signature does not match.
    await request(a, key, { command: 'verifyWithKey', slot: 'token', source: 'jwks', key: JSON.stringify({ keys: [otherJwk] }) });
    t = tab(a, key);
    assert.equal(t.keyCheck?.signature, 'invalid');
    assert.equal(t.keyCheck?.ok, false);

    // Garbage is named, not thrown.
    await request(a, key, { command: 'verifyWithKey', slot: 'token', source: 'jwks', key: 'this is not json' });
    assert.equal(tab(a, key).keyCheck?.error, 'not-json');

    // Bounded: a key over the limit never reaches the handler.
    const huge = await a.inspector.receive(key, { type: 'request', id: 9, command: 'verifyWithKey', slot: 'token', source: 'jwks', key: ' '.repeat(64 * 1024 + 1) });
    assert.deepEqual(huge, { accepted: false, reason: 'bad-field' });
  });

  it('refuses alg confusion: an HS256 token signed with the public key text does not verify with that key', async () => {
    const head = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = base64url.encode(JSON.stringify({ ...claims, sub: 'admin' }));
    const forged = `${head}.${body}.${createHmac('sha256', rsa.spki).update(`${head}.${body}`).digest('base64url')}`;
    const forgedKey = await a.inspector.open({ token: forged });
    try {
      await request(a, forgedKey, { command: 'verifyWithKey', slot: 'token', source: 'pem', key: rsa.spki });
      const t = tab(a, forgedKey);
      assert.equal(t.keyCheck?.ok, false);
      assert.equal(t.keyCheck?.signature, 'error');
      assert.equal(t.keyCheck?.error, 'key-type-mismatch');
    } finally {
      await closeAllEditors();
      key = await a.inspector.open({ token });
    }
  });

  it('asks for a shared secret in a password box of its own, and never takes one from a message', async () => {
    const withSecret = await a.inspector.receive(key, { type: 'request', id: 11, command: 'verifyWithKey', slot: 'token', source: 'secret', key: 'hunter2' });
    assert.deepEqual(withSecret, { accepted: false, reason: 'unexpected-field' });
    const before = panel(a, key).secretPrompts;
    const asked = a.inspector.receive(key, { type: 'request', id: 12, command: 'verifyWithKey', slot: 'token', source: 'secret' });
    await waitFor('the secret box', () => panel(a, key).secretPrompts > before || undefined);
    // Escape: nothing is checked, nothing is kept.
    const held = panel(a, key).lastState?.pastedKey;
    let reply: Awaited<typeof asked> | undefined;
    void asked.then((r) => (reply = r));
    await waitFor('the box to close on Escape', async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await new Promise((r) => setTimeout(r, 200));
      return reply;
    });
    assert.deepEqual(reply, { accepted: true, reply: { ok: true } });
    assert.equal(panel(a, key).lastState?.pastedKey, held, 'Escape changed the held key');
  });

  it('saves the key in SecretStorage on request only, offers it for the same issuer, and forgets it', async () => {
    assert.equal((await request(a, key, { command: 'verifyWithKey', slot: 'token', source: 'pem', key: rsa.spki })).ok, true);
    const noSaved = await request(a, key, { command: 'verifyWithKey', slot: 'token', source: 'saved' });
    assert.equal(noSaved.ok, false, 'nothing is saved until the user asks');
    assert.equal(tab(a, key).savedKey, false);

    assert.equal((await request(a, key, { command: 'savedKey', slot: 'token', op: 'save' })).ok, true);
    assert.equal(tab(a, key).savedKey, true);
    // Never in settings, globalState or workspaceState, never in the log.
    const body = rsa.spki.split('\n')[2]!;
    assert.ok(!JSON.stringify(a.selfTest.plainState()).includes(body), 'the key reached globalState or workspaceState');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('cognitoTokenDebugger')).includes(body), 'the key reached the settings');
    assert.ok(!outputLog(a).includes(body), 'the key reached the log');

    // The key in memory goes with the panel; the saved one stays, for tokens of the same issuer.
    await closeAllEditors();
    await waitFor('the panel to close', () => !a.inspector.debugState().some((d) => d.key === key) || undefined);
    const second = await new SignJWT({ ...claims, sub: 'user-43' }).setProtectedHeader({ alg: 'RS256', kid: 'tools-kid' }).sign(rsa.privateKey);
    key = await a.inspector.open({ token: second });
    const offered = await waitFor('the saved key to be offered', () => (tab(a, key).savedKey === true ? tab(a, key) : undefined));
    assert.equal(offered.keyCheck, undefined, 'a new panel has no check yet');
    assert.equal(panel(a, key).lastState?.pastedKey, undefined, 'a new panel holds no key');
    assert.equal((await request(a, key, { command: 'verifyWithKey', slot: 'token', source: 'saved' })).ok, true);
    let t = tab(a, key);
    assert.equal(t.keyCheck?.ok, true, JSON.stringify(t.keyCheck));
    assert.equal(t.keyCheck?.fromSaved, true);

    assert.equal((await request(a, key, { command: 'savedKey', slot: 'token', op: 'forget' })).ok, true);
    t = tab(a, key);
    assert.equal(t.savedKey, false);
    const gone = await request(a, key, { command: 'verifyWithKey', slot: 'token', source: 'saved' });
    assert.equal(gone.ok, false);
    assert.match(gone.error ?? '', /No key is saved/);
  });
});
