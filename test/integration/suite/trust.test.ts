// Where refresh tokens are sent (issue 7 items 1 and 3, issue 8 item 9), in the real extension
// host with the real AWS SDK against real sandboxes on 127.0.0.1:
// - a paste whose (unverified) tokens name a non-AWS endpoint is refused unless the caller
//   confirms that exact URL; nothing is stored and nothing reaches that address;
// - the hover's "Add as Session" never hands over a token that does not provably belong to the
//   refresh token (the forged ID token two lines up);
// - a multi-line .env read from the clipboard or the editor selection, or the same .env
//   flattened onto one line, adds a session whose first refresh works (the tokens are intact).
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { parseSessionPaste } from '../../../src/core/import/index';
import type { AddSessionResult } from '../../../src/vscode/sessions/addSession';
import type { VerifySummary } from '../../../src/vscode/sessions/feedback';
import { cliOutput, ownSandbox, removeAllSessions, run, sessionInfo, sessionsList, type Sandbox } from '../support/sessionFixtures';
import { signIn, type PoolTokens } from '../support/signIn';
import { closeAllEditors, cognitoShapedToken } from './helpers';

const ADD_SESSION = 'cognitoTokenDebugger.addSession';
const OPEN_INSPECTOR = 'cognitoTokenDebugger.openInspector';

/** An HTTP server that records every request: where a refresh token must never arrive. */
async function trap(): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The arguments of our hover's "Add as Session" link at `needle` in `doc`, or undefined when it has none. */
async function addSessionLinkArg(doc: vscode.TextDocument, needle: string): Promise<unknown> {
  const position = doc.positionAt(doc.getText().indexOf(needle) + 20);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position)) ?? [];
  const ours = hovers.find((h) => {
    const first = h.contents[0];
    const trusted = first instanceof vscode.MarkdownString ? first.isTrusted : undefined;
    return typeof trusted === 'object' && trusted.enabledCommands?.includes(OPEN_INSPECTOR) === true;
  });
  assert.ok(ours, 'no hover of ours');
  const summary = ours.contents[0] as vscode.MarkdownString;
  for (const m of summary.value.matchAll(/\]\((command:[^)\s]+)/g)) {
    const uri = vscode.Uri.parse(m[1] ?? '');
    if (uri.path !== ADD_SESSION) continue;
    const args: unknown = JSON.parse(decodeURIComponent(uri.query));
    return Array.isArray(args) ? args[0] : args;
  }
  return undefined;
}

function envOf(tokens: PoolTokens): string {
  return [`# the app's .env`, `REFRESH_TOKEN=${tokens.refreshToken ?? ''}`, `ID_TOKEN=${tokens.idToken}`, `ACCESS_TOKEN=${tokens.accessToken}`, ''].join('\n');
}

describe('trust: where refresh tokens are sent', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let evil: Awaited<ReturnType<typeof trap>>;
  let tokens: PoolTokens & { refreshToken: string };

  before(async () => {
    await removeAllSessions();
    sandbox = await ownSandbox();
    evil = await trap();
    const signedIn = await signIn(sandbox.info, 'no-rotation');
    assert.ok(signedIn.refreshToken);
    tokens = { ...signedIn, refreshToken: signedIn.refreshToken };
  });
  after(async () => {
    await removeAllSessions();
    await closeAllEditors();
    await vscode.env.clipboard.writeText('');
    await sandbox?.close();
    await evil?.close();
  });

  it('a forged ID token naming 127.0.0.1 above a real refresh token: refused without confirmation, nothing stored or sent', async () => {
    const forged = cognitoShapedToken({ iss: `${evil.url}/us-east-1_Forged1`, aud: 'forgedclient00000000000000' });
    const before = await sessionsList();
    const paste = `ID_TOKEN=${forged}\nAPP=demo\nREFRESH_TOKEN=${tokens.refreshToken}\n`;
    const r = await run<AddSessionResult>('addSession', { paste });
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.ok(!r.ok && r.reason === 'endpoint-unconfirmed' && r.suggestedEndpoint === evil.url, JSON.stringify(r));
    assert.deepEqual(await sessionsList(), before, 'a session was stored');
    assert.deepEqual(evil.hits, [], 'a request reached the address named by the forged token');
  });

  it('confirmEndpoint false ignores the suggestion: the session is for AWS in its Region and says so', async () => {
    const forged = cognitoShapedToken({ iss: `${evil.url}/us-east-1_Forged1`, aud: 'forgedclient00000000000000' });
    const r = await run<AddSessionResult>('addSession', { paste: `ID_TOKEN=${forged}\nREFRESH_TOKEN=${tokens.refreshToken}`, confirmEndpoint: false, refresh: false });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.endpoint, undefined);
    assert.equal(r.refreshesAt, 'https://cognito-idp.us-east-1.amazonaws.com');
    assert.equal((await sessionInfo(r.sessionId)).endpoint, undefined);
    assert.deepEqual(evil.hits, []);
    await run('removeSession', r.sessionId, { confirm: false });
  });

  it('confirmEndpoint true uses the endpoint the sandbox tokens name, and the first refresh works there', async () => {
    const r = await run<AddSessionResult>('addSession', { paste: cliOutput(tokens), confirmEndpoint: true });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.endpoint, sandbox.endpoint);
    assert.equal(r.refreshesAt, sandbox.endpoint);
    assert.equal(r.firstRefresh?.ok, true, JSON.stringify(r.firstRefresh));
    await run('removeSession', r.sessionId, { confirm: false });
  });

  it('an explicit endpoint argument wins over the suggestion without a question', async () => {
    const r = await run<AddSessionResult>('addSession', { paste: cliOutput(tokens), endpoint: sandbox.endpoint, refresh: false });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.endpoint, sandbox.endpoint);
    await run('removeSession', r.sessionId, { confirm: false });
  });

  it("the hover's Add as Session leaves the forged ID token two lines up out of the paste", async () => {
    const forged = cognitoShapedToken({ iss: `${evil.url}/us-east-1_Forged1`, aud: 'forgedclient00000000000000' });
    const doc = await vscode.workspace.openTextDocument({ language: 'properties', content: `ID_TOKEN=${forged}\nAPP=demo\nREFRESH_TOKEN=${tokens.refreshToken}\n` });
    const arg = await addSessionLinkArg(doc, tokens.refreshToken);
    assert.equal(typeof arg, 'string', 'the refresh token should still offer Add as Session');
    assert.ok(!(arg as string).includes(forged), 'the forged token was handed over with the refresh token');
    const parsed = parseSessionPaste(arg as string);
    assert.ok(parsed.ok && parsed.draft.secrets.refreshToken === tokens.refreshToken);
    assert.equal(parsed.draft.suggestedEndpoint, undefined);
    assert.equal(await addSessionLinkArg(doc, forged), undefined, 'the forged ID token offers a session');
  });

  it('a multi-line .env from the clipboard: read from the clipboard, the first refresh works', async () => {
    await vscode.env.clipboard.writeText(envOf(tokens));
    const r = await run<AddSessionResult>('addSession', { from: 'clipboard', confirmEndpoint: true });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.readFrom, 'clipboard');
    assert.equal(r.firstRefresh?.ok, true, JSON.stringify(r.firstRefresh));
    const info = await sessionInfo(r.sessionId);
    assert.equal(info.userPoolId, sandbox.info.userPoolId);
    assert.equal(info.clientId, tokens.client.clientId);
    await run('removeSession', r.sessionId, { confirm: false });
  });

  it('the same .env from the editor selection', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'properties', content: `unrelated line\n${envOf(tokens)}` });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(doc.positionAt(doc.getText().indexOf('#')), doc.positionAt(doc.getText().length));
    const r = await run<AddSessionResult>('addSession', { from: 'selection', confirmEndpoint: true, refresh: false });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.readFrom, 'selection');
    await run('removeSession', r.sessionId, { confirm: false });
    await closeAllEditors();
  });

  it('the .env flattened onto one line (what a one-line box makes of it) still refreshes', async () => {
    for (const sep of ['', ' ']) {
      const r = await run<AddSessionResult>('addSession', { paste: envOf(tokens).split('\n').join(sep), confirmEndpoint: true });
      assert.ok(r.ok, `${JSON.stringify(sep)}: ${JSON.stringify(r)}`);
      assert.equal(r.firstRefresh?.ok, true, `${JSON.stringify(sep)}: the refresh token was damaged: ${JSON.stringify(r.firstRefresh)}`);
      await run('removeSession', r.sessionId, { confirm: false });
    }
  });

  it("Verify Session on the sandbox's AWS-issuer pool checks the keys at the session's endpoint, not at Cognito's host (issue 7, item 2)", async () => {
    // Its tokens carry Cognito's real issuer (https://cognito-idp.<region>.amazonaws.com/<pool>),
    // so a verify that followed `iss` would go to AWS (no network here) instead of the sandbox.
    const pool = sandbox.info.pools.find((p) => p.issuerMode === 'aws');
    assert.ok(pool, 'the sandbox has no AWS-issuer pool');
    const t = await signIn({ endpoint: sandbox.endpoint, region: sandbox.info.region, clients: pool.clients, user: pool.user }, 'aws-issuer-no-rotation');
    const iss = String(JSON.parse(Buffer.from(t.idToken.split('.')[1] ?? '', 'base64url').toString('utf8')).iss);
    assert.equal(iss, `https://cognito-idp.${sandbox.info.region}.amazonaws.com/${pool.userPoolId}`);
    const r = await run<AddSessionResult>('addSession', { paste: cliOutput(t), endpoint: sandbox.endpoint, refresh: false });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.endpoint, sandbox.endpoint);
    const v = await run<{ id?: VerifySummary; access?: VerifySummary }>('verifySession', r.sessionId);
    for (const [name, report] of [['ID token', v.id], ['access token', v.access]] as const) {
      assert.ok(report, `no report for the ${name}`);
      assert.equal(report.jwksUri, pool.jwksUri, `${name}: keys fetched from ${report.jwksUri}`);
      assert.ok(report.jwksUri?.startsWith(`${sandbox.endpoint}/`));
      assert.equal(report.ok, true, `${name}: ${JSON.stringify(report)}`);
      assert.equal(report.checks.find((c) => c.name === 'signature')?.status, 'pass');
      assert.equal(report.checks.find((c) => c.name === 'issuer')?.status, 'pass');
    }
    await run('removeSession', r.sessionId, { confirm: false });
  });
});
