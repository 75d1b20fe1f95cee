// The server view in the real extension host against a sandbox of the test's own (session
// tracking on, two IAM keys: one allowed everything, one only DescribeUserPoolClient): the
// commands driven with argument objects that skip their prompts, the AWS SDK over real HTTP.
// Two sessions of one user on two app clients: list them (this one marked), revoke the other
// and see its refresh fail as revoked, read the user and the client configuration (a missing
// IAM permission named), compare tokens, sign out everywhere and see the session revoked.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { demoConfig, startSandbox } from '../../../src/sandbox/index';
import type { RefreshSummary } from '../../../src/vscode/sessions/feedback';
import type {
  ClientConfigResult,
  CompareResult,
  GlobalSignOutResult,
  RevokeServerSessionResult,
  ServerSessionsResult,
  ShowUserResult,
} from '../../../src/vscode/server/serverCommands';
import { addFromSandbox, extensionApi, injectFault, ownSandbox, removeAllSessions, run, sessionInfo, waitFor, type Sandbox } from '../support/sessionFixtures';

const FULL = { accessKeyId: 'AKIASANDBOXSERVERTEST1', secretAccessKey: 'server-test-secret-full-0000000000000000' };
const LIMITED = { accessKeyId: 'AKIASANDBOXSERVERTEST2', secretAccessKey: 'server-test-secret-limited-000000000000' };

async function serverSandbox(): Promise<Sandbox> {
  const config = demoConfig();
  const pool = config.pools[0]!;
  pool.userSessionTracking = 'ENABLED';
  config.iamCredentials = [
    { accessKeyId: FULL.accessKeyId, secretAccessKey: FULL.secretAccessKey },
    { accessKeyId: LIMITED.accessKeyId, secretAccessKey: LIMITED.secretAccessKey, allow: ['cognito-idp:DescribeUserPoolClient'] },
  ];
  return startSandbox({ config });
}

/** A token-shaped string for a bare-token panel (not a session's token). */
function payloadToken(): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ sub: 'x', token_use: 'id', exp: Math.floor(Date.now() / 1000) + 600 })}.c2ln`;
}

function documentText(uri: string | undefined): string {
  assert.ok(uri, 'no document was shown');
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  assert.ok(doc, `no open document ${uri}`);
  return doc.getText();
}

describe('server view', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  /** Two sessions of the demo user: A on the rotating client, B on the client without rotation. */
  let a: string;
  let b: string;
  const seen = new Set<string>([FULL.secretAccessKey, LIMITED.secretAccessKey]);

  before(async () => {
    await removeAllSessions();
    sandbox = await serverSandbox();
    const first = await addFromSandbox(sandbox, 'rotating-grace-10s', { label: 'server A' });
    const second = await addFromSandbox(sandbox, 'no-rotation', { label: 'server B' });
    assert.ok(first.result.ok && second.result.ok, 'adding the sessions failed');
    a = first.result.sessionId;
    b = second.result.sessionId;
    for (const t of [first.tokens, second.tokens]) for (const v of [t.idToken, t.accessToken, t.refreshToken]) if (v) seen.add(v);
  });
  after(async () => {
    await removeAllSessions();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sandbox?.close();
  });

  it('Show Server Sessions lists both sessions of the user, marks this one, and says tracking is unknown without credentials', async () => {
    const r = await run<ServerSessionsResult>('showServerSessions', a);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.tracking, 'unknown');
    assert.equal(r.sessions?.length, 2);
    const mine = r.sessions!.filter((s) => s.isCurrent);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.clientId, 'sbxrotate10graceclient0001');
    assert.equal(mine[0]!.currentBy, 'cognito');
    assert.ok(r.sessions!.every((s) => /^tkn[a-z0-9]+$/.test(s.sessionId)), 'session ids are not tkn…');
    const text = documentText(r.uri);
    assert.match(text, /Session tracking\s+unknown/);
    assert.match(text, /This session: Token session tkn/);
    for (const s of seen) assert.ok(!text.includes(s), 'a token or secret reached the document');
  });

  it('with credentials given, the tracking state comes from GetUserPoolSessionConfiguration', async () => {
    const r = await run<ServerSessionsResult>('showServerSessions', { sessionId: a, credentials: FULL, show: false });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.tracking, 'ENABLED');
    assert.equal(r.uri, undefined);
  });

  it('the tree lists the server sessions under a session when expanded', async () => {
    const tree = (await extensionApi()).sessions.tree;
    const roots = (await tree.getChildren(undefined)) as unknown[];
    const session = roots.find((n) => (n as { sessionId?: string }).sessionId === a);
    assert.ok(session, 'no tree node for session A');
    const children = (await tree.getChildren(session)) as unknown[];
    const server = children.find((n) => (n as { type?: string }).type === 'server');
    assert.ok(server, 'no "Server sessions" node under the session (extension.ts must set tree.ctx)');
    const serverItem = await tree.getTreeItem(server);
    assert.equal(serverItem.label, 'Server sessions');
    assert.equal(serverItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const listed = await Promise.all(((await tree.getChildren(server)) as unknown[]).map(async (n) => tree.getTreeItem(n)));
    const labels = listed.map((i) => (typeof i.label === 'string' ? i.label : (i.label?.label ?? '')));
    // 'on' once an earlier test read the pool's configuration into the list kept for the session.
    assert.match(labels[0] ?? '', /^Session tracking: (unknown|on)$/);
    assert.equal(labels.filter((l) => l.startsWith('This session: Token session tkn')).length, 1);
    assert.equal(labels.filter((l) => l.startsWith('Token session tkn')).length, 1);
    const other = listed.find((i) => String(i.contextValue).includes('serverSession-other'));
    assert.ok(other, 'the other session offers no revoke (contextValue)');
    for (const i of listed) for (const s of seen) assert.ok(!String(i.tooltip ?? '').includes(s) && !String(i.description ?? '').includes(s));
  });

  it('re-rendering the "Server sessions" node (the tree redraws every second) asks Cognito once, not per render', async () => {
    // Issue 11 (seen in the e2e: 150 ListUserSessions in 2 minutes with the node open).
    const tree = (await extensionApi()).sessions.tree;
    const calls = async () => ((await (await fetch(`${sandbox.info.endpoint}/__sandbox/calls?operation=ListUserSessions`)).json()) as unknown[]).length;
    const roots = (await tree.getChildren(undefined)) as unknown[];
    const session = roots.find((n) => (n as { sessionId?: string }).sessionId === a);
    const server = ((await tree.getChildren(session)) as unknown[]).find((n) => (n as { type?: string }).type === 'server');
    await tree.getChildren(server);
    const before = await calls();
    for (let i = 0; i < 5; i++) await tree.getChildren(server);
    assert.equal((await calls()) - before, 0, 'a re-render read ListUserSessions again');
  });

  it('revoking this very session is refused by Cognito and explained', async () => {
    const list = await run<ServerSessionsResult>('showServerSessions', { sessionId: a, show: false });
    const mine = list.sessions!.find((s) => s.isCurrent)!;
    const r = await run<RevokeServerSessionResult>('revokeServerSession', { sessionId: a, serverSessionId: mine.sessionId, associated: 'NONE', confirm: false });
    assert.equal(r.ok, false);
    assert.equal(r.failure?.operation, 'RevokeUserSession');
    assert.ok(r.failure?.catalogId.startsWith('InvalidParameterException'), JSON.stringify(r.failure));
  });

  it('Show User reads the attributes and MFA with the access token, the status only with credentials', async () => {
    const plain = await run<ShowUserResult>('showUser', a);
    assert.ok(plain.ok, JSON.stringify(plain));
    assert.ok(plain.attributeNames?.includes('email'));
    assert.ok(plain.attributeNames?.includes('custom:tenant'));
    assert.equal(plain.status, undefined);
    assert.match(documentText(plain.uri), /Status\s+not read/);
    const withCreds = await run<ShowUserResult>('showUser', { sessionId: a, credentials: FULL });
    assert.equal(withCreds.status, 'CONFIRMED');
    assert.match(documentText(withCreds.uri), /Status\s+CONFIRMED/);
  });

  it('the inspector of a session offers the server view: its User action runs Show User on that session; a bare token panel refuses it', async () => {
    const inspector = (await extensionApi()).inspector;
    const key = await inspector.open({ sessionId: a });
    const userDocs = () => vscode.workspace.textDocuments.filter((d) => d.uri.path.includes('/User '));
    const before = new Set(userDocs().map((d) => d.uri.toString()));
    const r = await inspector.receive(key, { type: 'request', id: 1, command: 'server', action: 'user' });
    assert.deepEqual(r, { accepted: true, reply: { ok: true } });
    const doc = await waitFor('a new user document', () => userDocs().find((d) => !before.has(d.uri.toString())));
    assert.match(doc.getText(), /Username/);
    assert.match(doc.getText(), /custom:tenant/);
    const bare = await inspector.open({ token: payloadToken() });
    const refused = await inspector.receive(bare, { type: 'request', id: 2, command: 'server', action: 'sessions' });
    assert.ok(refused.accepted && refused.reply?.ok === false, JSON.stringify(refused));
    const wrong = await inspector.receive(key, { type: 'request', id: 3, command: 'server', action: 'globalSignOut' });
    assert.deepEqual(wrong, { accepted: false, reason: 'bad-field' }, 'an action outside the four was accepted');
  });

  it('Show Client Configuration reads the client, the pool and the session settings, and never stores the credentials', async () => {
    const r = await run<ClientConfigResult>('showClientConfiguration', { sessionId: a, credentials: FULL });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.failures, undefined, JSON.stringify(r.failures));
    assert.deepEqual(r.rotation, { enabled: true, graceSeconds: 10 });
    assert.ok(r.explicitAuthFlows?.includes('ALLOW_USER_PASSWORD_AUTH'));
    assert.equal(r.tracking, 'ENABLED');
    const text = documentText(r.uri);
    assert.match(text, /Refresh token rotation\s+on, retry grace period 10 s/);
    assert.match(text, /User session tracking\s+on/);
    // Read against the session through the core's configExplain: a section, whatever it finds.
    assert.ok(Array.isArray(r.findings));
    assert.match(text, /Against this configuration/);
    const plainState = JSON.stringify((await extensionApi()).selfTest.plainState());
    assert.ok(!plainState.includes(FULL.secretAccessKey) && !plainState.includes(FULL.accessKeyId), 'credentials were kept');
  });

  it('a missing IAM permission names the action to allow', async () => {
    const r = await run<ClientConfigResult>('showClientConfiguration', { sessionId: a, credentials: LIMITED });
    assert.ok(r.ok, 'DescribeUserPoolClient was allowed, so the command should succeed in part');
    assert.deepEqual(r.rotation, { enabled: true, graceSeconds: 10 });
    const denied = r.failures?.find((f) => f.operation === 'DescribeUserPool');
    assert.ok(denied, JSON.stringify(r.failures));
    assert.equal(denied.catalogId, 'service/access-denied');
    assert.equal(denied.missingPermission?.action, 'cognito-idp:DescribeUserPool');
    assert.match(denied.missingPermission?.resource ?? '', /^arn:aws:cognito-idp:us-east-1:\d+:userpool\/us-east-1_SandBox01$/);
    assert.match(documentText(r.uri), /Allow: cognito-idp:DescribeUserPool on arn:aws:cognito-idp:/);
  });

  it('Compare Tokens diffs the ID tokens of the two sessions and explains why they differ', async () => {
    const r = await run<CompareResult>('compareTokens', { a: { sessionId: a, which: 'id' }, b: { sessionId: b, which: 'id' } });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.kinds, ['id', 'id']);
    assert.ok(r.findings?.includes('different-client'), JSON.stringify(r.findings));
    assert.ok(r.findings?.includes('different-sign-in'), JSON.stringify(r.findings));
    assert.ok(r.changed?.includes('aud'));
    const text = documentText(r.uri);
    assert.match(text, /Different app clients/);
    for (const s of seen) assert.ok(!text.includes(s), 'a token reached the comparison document');
  });

  it('Compare Tokens with a pasted token and the token under the cursor', async () => {
    const record = await run<{ ok: boolean }>('copyAccessToken', b);
    assert.ok(record.ok);
    const access = await vscode.env.clipboard.readText();
    seen.add(access);
    const doc = await vscode.workspace.openTextDocument({ content: `Authorization: Bearer ${access}\n`, language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 30, 0, 30);
    const r = await run<CompareResult>('compareTokens', { a: { source: 'cursor' }, b: { token: access } });
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(r.findings?.includes('identical-claims'), JSON.stringify(r.findings));
    await vscode.env.clipboard.writeText('');
  });

  it('Revoke Server Session revokes the other session: its refresh then fails as revoked', async () => {
    const list = await run<ServerSessionsResult>('showServerSessions', { sessionId: a, show: false });
    const other = list.sessions!.find((s) => !s.isCurrent && s.clientId === 'sbxnorotationclient0000003');
    assert.ok(other, JSON.stringify(list.sessions));
    const r = await run<RevokeServerSessionResult>('revokeServerSession', { sessionId: a, serverSessionId: other.sessionId, associated: 'NONE', confirm: false });
    assert.ok(r.ok, JSON.stringify(r));
    const after = await run<ServerSessionsResult>('showServerSessions', { sessionId: a, show: false });
    assert.equal(after.sessions?.length, 1);
    // The tree no longer lists it under either session (both listed it before the revoke).
    const tree = (await extensionApi()).sessions.tree;
    for (const id of [a, b]) {
      const roots = (await tree.getChildren(undefined)) as unknown[];
      const node = roots.find((n) => (n as { sessionId?: string }).sessionId === id);
      const server = ((await tree.getChildren(node)) as unknown[]).find((n) => (n as { type?: string }).type === 'server');
      const rows = ((await tree.getChildren(server)) as { type?: string; key?: string }[]).filter((n) => n.type === 'serverSession');
      assert.ok(!rows.some((n) => n.key === other.sessionId), `the tree under ${id} still lists the revoked session`);
    }
    const refresh = await run<RefreshSummary>('refreshSession', b);
    assert.equal(refresh.ok, false);
    assert.equal(refresh.catalogId, 'NotAuthorizedException/refresh-token-revoked', JSON.stringify(refresh));
  });

  it('Sign Out Everywhere signs the user out: the session shows revoked, and its access token is refused with its explanation', async () => {
    const r = await run<GlobalSignOutResult>('globalSignOut', { sessionId: a, confirm: false });
    assert.ok(r.ok, JSON.stringify(r));
    // Shown revoked from the recorded sign-out alone (no refresh asked Cognito).
    assert.equal(r.refreshAfter, undefined);
    await waitFor('session A to show revoked', async () => (await sessionInfo(a)).revoked === true);
    const refresh = await run<RefreshSummary>('refreshSession', a);
    assert.equal(refresh.ok, false);
    assert.equal(refresh.catalogId, 'NotAuthorizedException/refresh-token-revoked', JSON.stringify(refresh));
    const list = await run<ServerSessionsResult>('showServerSessions', { sessionId: a, show: false });
    assert.equal(list.ok, false);
    assert.equal(list.failure?.catalogId, 'NotAuthorizedException/access-token-revoked', JSON.stringify(list.failure));
  });

  it('an expired access token gets its explanation (Refresh Session is offered), not a raw error', async () => {
    const short = await ownSandbox({ accessTokenSeconds: 1 });
    try {
      const { result } = await addFromSandbox(short, 'no-rotation', { label: 'server expired' });
      assert.ok(result.ok);
      await waitFor('the access token to expire', async () => ((await sessionInfo(result.sessionId)).accessTokenExpiresAt ?? 0) < Date.now() - 1000 || undefined, 15_000);
      const r = await run<ServerSessionsResult>('showServerSessions', { sessionId: result.sessionId, show: false });
      assert.equal(r.ok, false);
      assert.equal(r.failure?.catalogId, 'NotAuthorizedException/access-token-expired', JSON.stringify(r.failure));
    } finally {
      await short.close();
    }
  });
});

/** The Cognito side of a session panel, driven through the panel's message path (the same validator and handler as its webview). */
describe('the Cognito side in the inspector', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let a: string;
  let b: string;
  let key: string;
  const seen = new Set<string>([FULL.secretAccessKey, FULL.accessKeyId]);
  const saved: Record<string, string | undefined> = {};
  let nextId = 100;

  const panel = async () => {
    const p = (await extensionApi()).inspector.debugState().find((d) => d.key === key);
    assert.ok(p?.lastState, 'no state for the panel');
    return p.lastState;
  };
  const side = async () => {
    const server = (await panel()).server;
    assert.ok(server, 'the session panel has no Cognito side');
    for (const s of seen) assert.ok(!JSON.stringify(server).includes(s), 'a token or secret reached the Cognito side');
    return server;
  };
  const send = async (message: Record<string, unknown>) => (await extensionApi()).inspector.receive(key, { type: 'request', id: nextId++, ...message });

  before(async () => {
    await removeAllSessions();
    sandbox = await serverSandbox();
    const first = await addFromSandbox(sandbox, 'rotating-grace-10s', { label: 'side A' });
    const second = await addFromSandbox(sandbox, 'no-rotation', { label: 'side B' });
    assert.ok(first.result.ok && second.result.ok, 'adding the sessions failed');
    a = first.result.sessionId;
    b = second.result.sessionId;
    for (const t of [first.tokens, second.tokens]) for (const v of [t.idToken, t.accessToken, t.refreshToken]) if (v) seen.add(v);
    key = await (await extensionApi()).inspector.open({ sessionId: a });
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await removeAllSessions();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await sandbox?.close();
  });

  it('nothing is asked of Cognito until Load; the access token goes only to the session\'s endpoint', async () => {
    const s = await side();
    assert.equal(s.sessions, undefined);
    assert.equal(s.user, undefined);
    assert.equal(s.config, undefined);
    assert.equal(s.destination, sandbox.info.endpoint);
    assert.deepEqual(s.busy, { user: false, config: false });
    assert.match(s.revokeText.NONE, /only this session/i);
    assert.match(s.revokeText.LINKED, /linked/i);
  });

  it('Load lists both sessions of the user (this one marked, the pool\'s tracking beside them) and reads the user', async () => {
    const r = await send({ command: 'serverLoad', part: 'user' });
    assert.deepEqual(r, { accepted: true, reply: { ok: true } });
    const s = await side();
    assert.equal(s.sessionsFailure, undefined, JSON.stringify(s.sessionsFailure));
    assert.equal(s.sessions?.rows.length, 2, JSON.stringify(s.sessions));
    const [mine, other] = s.sessions!.rows;
    assert.equal(mine!.isCurrent, true);
    assert.equal(mine!.currentBy, 'cognito');
    assert.equal(mine!.clientId, 'sbxrotate10graceclient0001');
    assert.equal(mine!.sameClient, true);
    assert.equal(other!.isCurrent, false);
    assert.equal(other!.clientId, 'sbxnorotationclient0000003');
    assert.ok(s.sessions!.rows.every((row) => /^tkn[a-z0-9]+$/.test(row.sessionId) && row.type === 'TOKEN' && row.createdAt !== undefined));
    assert.equal(s.sessions!.tracking, 'unknown', 'no AWS credentials were chosen yet');
    assert.match(s.sessions!.trackingText, /needs AWS credentials/);
    assert.ok(s.user, JSON.stringify(s.userFailure));
    assert.ok(s.user.attributes.some((x) => x.name === 'email'));
    assert.ok(s.user.attributes.some((x) => x.name === 'custom:tenant'));
    assert.match(s.user.facts.find((f) => f.key === 'status')?.value ?? '', /^not read/);
  });

  it('a revoke is refused for this very session, for a session the panel did not list, and for an odd message', async () => {
    const s = await side();
    const mine = s.sessions!.rows.find((row) => row.isCurrent)!;
    const own = await send({ command: 'serverRevoke', serverSessionId: mine.sessionId, associated: 'NONE' });
    assert.ok(own.accepted && own.reply?.ok === false && /this panel/i.test(own.reply.error ?? ''), JSON.stringify(own));
    const unknown = await send({ command: 'serverRevoke', serverSessionId: 'tknnotlistedbythispanel0000', associated: 'NONE' });
    assert.ok(unknown.accepted && unknown.reply?.ok === false && /not in the list/i.test(unknown.reply.error ?? ''), JSON.stringify(unknown));
    const skip = await send({ command: 'serverRevoke', serverSessionId: mine.sessionId, associated: 'NONE', confirm: false });
    assert.deepEqual(skip, { accepted: false, reason: 'unexpected-field' });
    assert.equal((await side()).sessions?.rows.length, 2, 'something was revoked');
  });

  it('Revoke… revokes the other session: the list shows one session, and that session\'s refresh fails as revoked', async () => {
    const other = (await side()).sessions!.rows.find((row) => !row.isCurrent)!;
    const r = await send({ command: 'serverRevoke', serverSessionId: other.sessionId, associated: 'NONE' });
    assert.deepEqual(r, { accepted: true, reply: { ok: true } });
    const s = await side();
    assert.equal(s.message?.severity, 'info', JSON.stringify(s.revokeFailure));
    assert.ok(s.message?.text.includes(other.sessionId));
    assert.equal(s.busy.revoking, undefined);
    assert.deepEqual(s.sessions?.rows.map((row) => row.isCurrent), [true]);
    const refresh = await run<RefreshSummary>('refreshSession', b);
    assert.equal(refresh.ok, false);
    assert.equal(refresh.catalogId, 'NotAuthorizedException/refresh-token-revoked', JSON.stringify(refresh));
  });

  it('an access token Cognito calls expired gets its explanation and the advice to refresh, not a raw error', async () => {
    await injectFault(sandbox.info.endpoint, { operation: 'ListUserSessions', count: 1, error: { name: 'NotAuthorizedException', message: 'Access Token has expired' } });
    const r = await send({ command: 'serverLoad', part: 'user' });
    assert.deepEqual(r, { accepted: true, reply: { ok: true } });
    const s = await side();
    assert.equal(s.sessions, undefined);
    assert.equal(s.sessionsFailure?.id, 'NotAuthorizedException/access-token-expired', JSON.stringify(s.sessionsFailure));
    assert.equal(s.sessionsFailure?.refreshFirst, true);
    assert.equal(s.sessionsFailure?.operation, 'ListUserSessions');
  });

  it('the client configuration with the session\'s AWS profile: rotation, validities, flows, tracking; the failure read against it', async () => {
    // A profile of a credentials file of the test's own, for the SDK's default provider chain in this extension host.
    const dir = mkdtempSync(join(tmpdir(), 'ctd-aws-'));
    const credentialsFile = join(dir, 'credentials');
    writeFileSync(credentialsFile, `[ctd-sandbox]\naws_access_key_id = ${FULL.accessKeyId}\naws_secret_access_key = ${FULL.secretAccessKey}\n`);
    writeFileSync(join(dir, 'config'), '');
    for (const k of ['AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) saved[k] = process.env[k];
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = credentialsFile;
    process.env['AWS_CONFIG_FILE'] = join(dir, 'config');
    for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[k];
    // The credential question answered through the command's argument (the prompt is the same one the panel asks).
    const chosen = await run<ClientConfigResult>('showClientConfiguration', { sessionId: a, profile: 'ctd-sandbox' });
    assert.equal(chosen.credentials, 'profile:ctd-sandbox', JSON.stringify(chosen));
    const r = await send({ command: 'serverLoad', part: 'config' });
    assert.deepEqual(r, { accepted: true, reply: { ok: true } });
    const s = await side();
    assert.equal(s.configFailure, undefined, JSON.stringify(s.configFailure));
    assert.equal(s.credentials, 'the AWS profile "ctd-sandbox"');
    const c = s.config!;
    assert.equal(c.credentials, 'the AWS profile "ctd-sandbox"');
    assert.deepEqual(c.sections.map((x) => [x.key, x.failure?.id]), [['client', undefined], ['pool', undefined], ['poolSessions', undefined], ['clientSessions', undefined]]);
    const facts = Object.fromEntries(c.sections.flatMap((x) => (x.facts ?? []).map((f) => [f.key, f.value])));
    assert.equal(facts['rotation'], 'on, retry grace period 10 s');
    assert.match(facts['accessValidity'] ?? '', /^\d+ (second|minute|hour|day)s?/);
    assert.match(facts['explicitAuthFlows'] ?? '', /ALLOW_USER_PASSWORD_AUTH/);
    assert.match(facts['hasSecret'] ?? '', /^(yes \(not shown\)|no)$/);
    assert.equal(facts['tracking'], 'on');
    assert.ok(facts['deviceTracking'] && facts['mfa'] && facts['tier'] && facts['callbackUrls'] && facts['tokenRevocation'] && facts['preventUserExistenceErrors']);
    assert.ok(Array.isArray(c.findings));
    // The list read before knew no tracking state: now it says on.
    assert.equal(s.sessions === undefined || s.sessions.tracking === 'ENABLED', true);
    // Reading the user again now gives its status (AdminGetUser with the same profile).
    await send({ command: 'serverLoad', part: 'user' });
    const again = await side();
    assert.equal(again.sessions?.tracking, 'ENABLED');
    assert.equal(again.user?.facts.find((f) => f.key === 'status')?.value, 'CONFIRMED, enabled');
  });

  it('Choose other credentials… asks again; dismissed, the session keeps its profile', async () => {
    const readAt = (await side()).config?.at;
    assert.ok(readAt !== undefined, 'the configuration was not read before');
    let settled = false;
    const pending = send({ command: 'serverLoad', part: 'credentials' }).finally(() => (settled = true));
    await waitFor('the credential question to be asked and dismissed', async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return settled || undefined;
    }, 30_000);
    assert.deepEqual(await pending, { accepted: true, reply: { ok: true } });
    const s = await side();
    assert.equal(s.credentials, 'the AWS profile "ctd-sandbox"');
    assert.equal(s.config?.at, readAt, 'the configuration was read again without asking');
    assert.equal(s.busy.config, false);
  });

  it('the AWS profile is kept with the session, not in the extension\'s global state', async () => {
    const state = (await extensionApi()).selfTest.plainState();
    const legacy = Object.keys(state.globalState).filter((k) => k.startsWith('cognitoTokenDebugger.server.awsProfile.'));
    assert.deepEqual(legacy, [], 'the profile choice is still in global state (SettingsPatch.awsProfile not applied by the store?)');
    assert.equal((await side()).credentials, 'the AWS profile "ctd-sandbox"');
    const plain = JSON.stringify(state);
    assert.ok(!plain.includes(FULL.secretAccessKey) && !plain.includes(FULL.accessKeyId), 'credentials were kept');
  });
});

describe('token size in the tree', function () {
  this.timeout(60_000);
  let big: Sandbox;

  before(async () => {
    await removeAllSessions();
    const config = demoConfig();
    // A user in 400 groups: cognito:groups pushes the ID and access tokens past 8 KB.
    config.pools[0]!.users[0]!.groups = Array.from({ length: 400 }, (_, i) => `group-number-${i}`);
    big = await startSandbox({ config });
  });
  after(async () => {
    await removeAllSessions();
    await big?.close();
  });

  it('a token over a header limit says so in its tree item, with its size and the claim taking most room', async () => {
    const { result } = await addFromSandbox(big, 'no-rotation', { label: 'many groups' });
    assert.ok(result.ok);
    const tree = (await extensionApi()).sessions.tree;
    const session = ((await tree.getChildren(undefined)) as unknown[]).find((n) => (n as { sessionId?: string }).sessionId === result.sessionId);
    assert.ok(session);
    const idNode = ((await tree.getChildren(session)) as unknown[]).find((n) => (n as { which?: string }).which === 'id');
    assert.ok(idNode);
    const item = await waitFor('the size warning on the ID token item', async () => {
      const i = await tree.getTreeItem(idNode);
      return String(i.description).includes('over a header limit') ? i : undefined;
    });
    assert.match(String(item.description), /^expires in .* · [\d,]+ bytes, over a header limit$/);
    const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : String(item.tooltip);
    assert.match(tip, /cognito:groups takes \d+%/);
    const refreshNode = ((await tree.getChildren(session)) as unknown[]).find((n) => (n as { which?: string }).which === 'refresh');
    assert.ok(!String((await tree.getTreeItem(refreshNode)).description).includes('header limit'), 'the refresh token is not sent in a header');
  });
});
