// The child process of amplify-redirect.test.ts (not a test file itself: run-unit only picks *.test.ts).
// It runs with NODE_EXTRA_CA_CERTS naming the test's self-signed certificate, because Amplify's
// managed-login code always builds https://<domain>/oauth2/... URLs and node's fetch reads extra CAs
// only at start-up. Here: the sandbox on 127.0.0.1, a TLS front for it (the "managed login domain"),
// and Amplify's own signInWithRedirect with its authSessionOpener option (the hook Amplify's native
// builds use to open a browser and get the callback URL back) played by a small form-filling
// "browser". Amplify then validates the state and exchanges the code (PKCE) itself.
//
// Prints one JSON line for the parent: the claims of the tokens Amplify ended with (verified here
// with the pool's JWKS; no token leaves this process) and what the sandbox saw. Any failure
// throws (exit code 1, the error's name and message on stderr).

import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signInWithRedirect } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DEMO_SIGN_IN_POOL_ID, DEMO_SIGN_IN_USERS, startSandbox } from '../../../src/sandbox/index';

const CLIENT = 'sbxmanagedloginpublic00020';
const CALLBACK = 'http://127.0.0.1:53682/callback';
const PASSWORD = 'Sandbox-Demo-Passw0rd!';

class BrowserLikeStorage {
  readonly items = new Map<string, string>();
  setItem(key: string, value: string): Promise<void> { this.items.set(key, value); return Promise.resolve(); }
  getItem(key: string): Promise<string | null> { return Promise.resolve(this.items.get(key) ?? null); }
  removeItem(key: string): Promise<void> { this.items.delete(key); return Promise.resolve(); }
  clear(): Promise<void> { this.items.clear(); return Promise.resolve(); }
}

/** The character references an HTML attribute value may hold (&#38; and &amp; for "&"). */
function decodeEntities(text: string): string {
  return text.replace(/&#(\d{1,7});/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
}

async function main(): Promise<void> {
  const certFile = process.env.NODE_EXTRA_CA_CERTS;
  const keyFile = process.env.CTD_TEST_TLS_KEY;
  if (!certFile || !keyFile) throw new Error('run by amplify-redirect.test.ts (NODE_EXTRA_CA_CERTS, CTD_TEST_TLS_KEY)');
  const sandbox = await startSandbox();
  const sandboxPort = sandbox.port;
  // The TLS front: every request passed on unchanged to the sandbox's plain-HTTP listener.
  const front = createHttpsServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
    const upstream = httpRequest({ host: '127.0.0.1', port: sandboxPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const domain = `127.0.0.1:${(front.address() as AddressInfo).port}`;

  // Amplify reads window.location to pick the redirect URL that belongs to "this page"
  // (getRedirectUrl) and listens for 'pageshow'; no document, so Amplify does not take node for a browser.
  Object.defineProperty(globalThis, 'window', {
    value: { location: new URL(CALLBACK), addEventListener: () => undefined, removeEventListener: () => undefined },
    configurable: true,
  });
  const storage = new BrowserLikeStorage();
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: DEMO_SIGN_IN_POOL_ID, userPoolClientId: CLIENT, userPoolEndpoint: `${sandbox.endpoint}/`,
        loginWith: { oauth: { domain, scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'], redirectSignIn: [CALLBACK], redirectSignOut: ['http://127.0.0.1:53682/signed-out'], responseType: 'code' } },
      },
    },
  });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);

  const seen: { authorize?: Record<string, string> } = {};
  // The "browser": opens the authorize URL, follows the redirect to the login page, submits the
  // form (plain HTML, no script) and hands Amplify the URL the sandbox redirected to.
  const browser = async (url: string): Promise<{ type: 'success'; url: string }> => {
    const authorize = new URL(url);
    seen.authorize = Object.fromEntries(authorize.searchParams);
    const first = await fetch(authorize, { redirect: 'manual' });
    await first.body?.cancel();
    const login = new URL(first.headers.get('location') ?? '', authorize);
    if (first.status !== 302 || login.pathname !== '/login') throw new Error(`authorize answered ${first.status} ${login.pathname}`);
    const page = await (await fetch(login)).text();
    const action = /<form method="post" action="([^"]*)"/.exec(page)?.[1];
    if (!action) throw new Error('no login form');
    const submitted = await fetch(new URL(decodeEntities(action), login), {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: DEMO_SIGN_IN_USERS.srp, password: PASSWORD }).toString(),
    });
    const back = submitted.headers.get('location');
    if (submitted.status !== 302 || !back?.startsWith(`${CALLBACK}?`)) throw new Error(`login answered ${submitted.status}: ${(await submitted.text()).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").slice(-300)}`);
    await submitted.body?.cancel();
    return { type: 'success', url: back };
  };

  await signInWithRedirect({ options: { authSessionOpener: browser } });
  const session = await fetchAuthSession();
  const user = await getCurrentUser();
  const refreshed = await fetchAuthSession({ forceRefresh: true });
  // Verified here with the pool's key set, so that no token leaves this process (only claims do).
  const pool = sandbox.info.pools.find((p) => p.userPoolId === DEMO_SIGN_IN_POOL_ID);
  if (!pool) throw new Error('no demo sign-in pool');
  const jwks = createRemoteJWKSet(new URL(pool.jwksUri));
  const verify = async (token: string | undefined, audience?: string) => {
    if (!token) throw new Error('Amplify holds no such token');
    return (await jwtVerify(token, jwks, { issuer: pool.issuer, ...(audience ? { audience } : {}) })).payload;
  };
  const result = {
    authorize: seen.authorize,
    username: user.username,
    id: await verify(session.tokens?.idToken?.toString(), CLIENT),
    access: await verify(session.tokens?.accessToken.toString()),
    refreshedAccess: await verify(refreshed.tokens?.accessToken.toString()),
    holdsRefreshToken: [...storage.items].some(([k]) => k.endsWith('.refreshToken')),
    calls: sandbox.calls().map((c) => [c.operation, c.status]),
  };
  front.close();
  await sandbox.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(() => process.exit(0), (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
  process.exit(1);
});
