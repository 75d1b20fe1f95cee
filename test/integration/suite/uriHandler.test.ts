// Managed login through the extension's URI handler (issue 10, item 2: "or through the extension's
// vscode:// URI handler"), in the real extension host of code-server, against a sandbox of the
// test's own over real HTTP. The sign-in runs with `redirect: 'uri-handler'`; the callback URL it
// sends is what vscode.env.asExternalUri made of `<uriScheme>://<extension id>/callback`. The
// browser part is played with fetch up to the login form's redirect, and that redirect is then
// delivered as VS Code delivers it: vscode.env.openExternal of the URL opens it in a new tab of
// the browser the workbench runs in, whose callback page hands the query to the workbench, which
// calls the URI handler the extension registered (seen working in code-server 4.100.3). The session
// appears and refreshes through the token endpoint. A forged state is refused (in VS Code for the
// Web the workbench delivers one callback per URL it made, so the sign-in then ends at once), a
// redirect that never comes times out naming the URL, and a late one finds no sign-in waiting.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { DEMO_POOL_ID, demoConfig, startSandbox, type SandboxConfig } from '../../../src/sandbox/index';
import type { SignInResult } from '../../../src/vscode/auth/signInCommand';
import type { RefreshSummary } from '../../../src/vscode/sessions/feedback';
import { EXTENSION_ID, extensionApi, run, sessionInfo, setSetting, waitFor, type Sandbox } from '../support/sessionFixtures';

const DEMO = demoConfig().pools[0]!;
const DEMO_PASSWORD = DEMO.users[0]!.password;
const DEMO_EMAIL = String(DEMO.users[0]!.attributes?.['email']);
const CLIENT = 'sbxurihandlerclient0000009';

function config(callbackURLs: string[]): SandboxConfig {
  const c = demoConfig();
  c.pools[0]!.clients.push({
    name: 'uri-handler-managed',
    clientId: CLIENT,
    clientSecret: null,
    explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
    refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 10 },
    callbackURLs,
    allowedOAuthFlows: ['code'],
    allowedOAuthScopes: ['openid', 'email', 'profile'],
    allowedOAuthFlowsUserPoolClient: true,
  });
  return c;
}

/** Every line of the extension's output channel so far. */
async function outputLog(): Promise<string> {
  const api = await extensionApi();
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (depth < 3) walk(p, depth + 1);
      } else if (name.includes('Cognito Token Debugger')) files.push(p);
    }
  };
  walk(dirname(api.selfTest.logFolder()), 0);
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** Opens `url` as VS Code opens a link, and waits until the extension's log has one more `line` than before. */
async function deliver(url: string, line: string): Promise<void> {
  const before = count(await outputLog(), line);
  // A string, as the extension opens URLs: a Uri's toString() could re-encode the query.
  assert.equal(await vscode.env.openExternal(url as unknown as vscode.Uri), true, 'openExternal');
  await waitFor(`the URI handler's log line "${line}"`, async () => count(await outputLog(), line) > before, 60_000);
}

/** The browser up to the login form's redirect: authorize -> /login -> POST the credentials; returns the redirect (not followed). */
async function loginRedirect(authorizeUrl: string): Promise<string> {
  const first = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(first.status, 302, `authorize: ${await first.text()}`);
  const loginUrl = new URL(first.headers.get('location') ?? '', authorizeUrl);
  const html = await (await fetch(loginUrl)).text();
  const start = html.indexOf('<form');
  const actionAt = html.indexOf('action="', start);
  assert.ok(start >= 0 && actionAt > start, 'a login form');
  const action = html.slice(actionAt + 8, html.indexOf('"', actionAt + 8)).replaceAll('&amp;', '&').replaceAll('&#38;', '&');
  const posted = await fetch(new URL(action, loginUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: DEMO_EMAIL, password: DEMO_PASSWORD }).toString(),
    redirect: 'manual',
  });
  assert.equal(posted.status, 302, 'the login redirects to the callback');
  return posted.headers.get('location') ?? '';
}

async function snapshot(): Promise<string> {
  const api = await extensionApi();
  return JSON.stringify((await api.sessions.readBack()).map((s) => [s.id, s.refreshTokenFingerprint ?? '']).sort());
}

describe('Managed login through the URI handler (issue 10, item 2)', function () {
  this.timeout(180_000);
  let own: Sandbox | undefined;

  after(async () => {
    await own?.close();
  });

  /** Starts the sign-in and reads the authorize URL it put on the clipboard. */
  async function start(waitSeconds: number): Promise<{ pending: Thenable<SignInResult | undefined>; authorize: URL }> {
    assert.ok(own);
    await vscode.env.clipboard.writeText('');
    const pending = run<SignInResult>('signIn', {
      pool: { userPoolId: DEMO_POOL_ID, endpoint: own.info.endpoint },
      clientId: CLIENT,
      flow: 'HOSTED_UI',
      domain: own.info.endpoint,
      scopes: ['openid', 'email'],
      redirect: 'uri-handler',
      browser: 'copy',
      waitSeconds,
    });
    const endpoint = own.info.endpoint;
    const text = await waitFor('the sign-in URL on the clipboard', async () => {
      const t = await vscode.env.clipboard.readText();
      return t.startsWith(`${endpoint}/oauth2/authorize?`) ? t : undefined;
    }, 30_000);
    return { pending, authorize: new URL(text) };
  }

  /**
   * The app client must list the callback URL exactly. In code-server the workbench makes a new URL
   * for each sign-in (it numbers them: vscode-reqid), so the test lists the one this sign-in sent,
   * as a developer adds it to the app client: the sandbox is started again on the same port with it.
   */
  async function listOnClient(redirectUri: string): Promise<void> {
    const port = own ? Number(new URL(own.info.endpoint).port) : 0;
    await own?.close();
    own = await startSandbox({ config: config([redirectUri]), ...(port ? { port } : {}) });
  }

  /** Starts a sign-in whose callback URL the client lists, and plays the browser up to the login form's redirect. */
  async function signedInInBrowser(): Promise<{ pending: Thenable<SignInResult | undefined>; redirectUri: string; location: string; singleDelivery: boolean }> {
    own ??= await startSandbox({ config: config(['http://127.0.0.1/unused']) });
    const { pending, authorize } = await start(120);
    const redirectUri = authorize.searchParams.get('redirect_uri') ?? '';
    const internal = `${vscode.env.uriScheme}://${EXTENSION_ID}/callback`;
    if (redirectUri !== internal) {
      // VS Code for the Web (code-server): the workbench's own callback page, which names the URI handler's URI.
      const u = new URL(redirectUri);
      assert.equal(u.searchParams.get('vscode-scheme'), vscode.env.uriScheme);
      assert.equal(u.searchParams.get('vscode-authority'), EXTENSION_ID);
      assert.equal(u.searchParams.get('vscode-path'), '/callback');
      assert.ok(u.searchParams.get('vscode-reqid'));
    }
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    const state = authorize.searchParams.get('state') ?? '';
    assert.ok(state.length >= 32);
    await listOnClient(redirectUri);
    const location = await loginRedirect(authorize.toString());
    assert.ok(location.startsWith(redirectUri), `the login sends the browser to the callback URL: ${location}`);
    const back = new URL(location);
    assert.equal(back.searchParams.get('state'), state);
    assert.ok(back.searchParams.get('code'));
    return { pending, redirectUri, location, singleDelivery: redirectUri !== internal };
  }

  it('the callback URL is the external form of <uriScheme>://<extension id>/callback; the redirect, opened as VS Code opens a link, reaches the handler; the session refreshes at the token endpoint', async () => {
    const { pending, redirectUri, location } = await signedInInBrowser();
    const next = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/callback`));
    console.log(`uri-handler: uriScheme ${vscode.env.uriScheme}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, the sign-in's redirect_uri ${redirectUri}, the next asExternalUri ${next.toString(true)}`);
    await deliver(location, 'the managed-login redirect reached the URI handler');
    const r = await pending;
    assert.ok(r?.ok, JSON.stringify(r));
    assert.equal(r.flow, 'HOSTED_UI');
    const info = await sessionInfo(r.sessionId);
    assert.equal(info.refreshMethod, 'TokenEndpoint');
    const refreshed = await run<RefreshSummary>('refreshSession', r.sessionId);
    assert.equal(refreshed?.ok, true, JSON.stringify(refreshed));
    await run('removeSession', r.sessionId, { confirm: false });
  });

  it('a redirect with another state (a forged link) is refused and its code not used: in VS Code for the Web the sign-in ends at once (one delivery per URL); nothing is stored', async () => {
    const before = await snapshot();
    const { pending, location, singleDelivery } = await signedInInBrowser();
    const forged = new URL(location);
    forged.searchParams.set('state', 'forged-state');
    await deliver(forged.toString(), 'with a state that does not belong to the sign-in in progress');
    if (singleDelivery) {
      const r = await pending;
      assert.ok(r && !r.ok && r.reason === 'state-mismatch', JSON.stringify(r));
      assert.equal(r.catalogId, 'client/oauth-state-mismatch');
    } else {
      // Desktop: the wait goes on, and the real redirect still signs in.
      await deliver(location, 'the managed-login redirect reached the URI handler');
      const r = await pending;
      assert.ok(r?.ok, JSON.stringify(r));
      await run('removeSession', r.sessionId, { confirm: false });
    }
    assert.equal(await snapshot(), before);
  });

  it('a redirect that never comes times out naming the URL it waited for; nothing is stored and nothing stays waiting', async () => {
    own ??= await startSandbox({ config: config(['http://127.0.0.1/unused']) });
    const before = await snapshot();
    const { pending, authorize } = await start(3);
    const redirectUri = authorize.searchParams.get('redirect_uri') ?? '';
    const r = await pending;
    assert.ok(r && !r.ok && r.reason === 'timeout', JSON.stringify(r));
    assert.ok(r.message.includes(redirectUri), r.message);
    assert.equal(await snapshot(), before);
    // A late redirect for it is not taken.
    const late = new URL(redirectUri);
    late.searchParams.set('code', 'late-code');
    late.searchParams.set('state', authorize.searchParams.get('state') ?? '');
    await deliver(late.toString(), 'while no sign-in waits for one');
    assert.equal(await snapshot(), before);
  });

  it('the setting cognitoTokenDebugger.managedLogin.redirect chooses the URI handler when the sign-in does not say', async () => {
    own ??= await startSandbox({ config: config(['http://127.0.0.1/unused']) });
    const endpoint = own.info.endpoint;
    await setSetting('managedLogin.redirect', 'uri-handler');
    try {
      await vscode.env.clipboard.writeText('');
      const pending = run<SignInResult>('signIn', { pool: { userPoolId: DEMO_POOL_ID, endpoint }, clientId: CLIENT, flow: 'HOSTED_UI', domain: endpoint, scopes: ['openid'], browser: 'copy', waitSeconds: 2 });
      const text = await waitFor('the sign-in URL on the clipboard', async () => {
        const t = await vscode.env.clipboard.readText();
        return t.startsWith(`${endpoint}/oauth2/authorize?`) ? t : undefined;
      }, 30_000);
      const redirectUri = new URL(text).searchParams.get('redirect_uri') ?? '';
      const internal = `${vscode.env.uriScheme}://${EXTENSION_ID}/callback`;
      assert.ok(redirectUri === internal || new URL(redirectUri).searchParams.get('vscode-authority') === EXTENSION_ID, redirectUri);
      const r = await pending;
      assert.ok(r && !r.ok && r.reason === 'timeout', JSON.stringify(r));
    } finally {
      await setSetting('managedLogin.redirect', undefined);
    }
  });

  it('is registered through the manifest: onUri activation and the redirect setting', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { activationEvents: string[]; contributes: { configuration: { properties: Record<string, { enum?: string[]; default?: unknown }> } } };
    assert.ok(pkg.activationEvents.includes('onUri'));
    const setting = pkg.contributes.configuration.properties['cognitoTokenDebugger.managedLogin.redirect'];
    assert.deepEqual(setting?.enum, ['loopback', 'uri-handler']);
    assert.equal(setting?.default, 'loopback');
  });
});
