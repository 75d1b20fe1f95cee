// Managed login (the hosted UI) in the real browser (issue 10, items 2 and 4): "Cognito: Sign
// In…" from the palette, the built-in sandbox's sign-in pool and its public managed-login client,
// the managed login flow; the callback URL the app client must list is shown before the browser
// opens; the page the extension opens (vscode.env.openExternal: in code-server a new tab of the
// same browser context) shows the sandbox's login form, which Chromium fills in and submits; the
// redirect reaches the extension's loopback listener, and the session appears in the Sessions
// tree with the token endpoint as its refresh method; a Refresh from the tree goes through
// /oauth2/token and rotates the refresh token. Then a wrong password: the form says so, no
// redirect is made, nothing is stored, and cancelling the wait closes the listener.
//
// Runs after the other e2e files (it starts the extension's sandbox itself if no earlier test
// did); it removes the session it added and closes what it opened.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { demoConfig, DEMO_SIGN_IN_POOL_ID, DEMO_SIGN_IN_USERS } from '../../src/sandbox/index';
import type { E2EContext, E2ETest } from './context';
import { T, type Workbench } from './workbench';

const CONTAINER = 'Cognito Tokens';
const CLIENT = 'managed-login-public';
/** The loopback callback the demo managed-login clients list (src/sandbox/oauth/demo.ts). */
const CALLBACK = 'http://127.0.0.1:53682/callback';
const FLOW_LABEL = 'Managed login in the browser (PKCE)';
const USERNAME = DEMO_SIGN_IN_USERS.srp;

/** The demo password of the sign-in pool's users, from the demo config itself. */
function demoPassword(): string {
  const pool = demoConfig().pools.find((p) => p.id === DEMO_SIGN_IN_POOL_ID);
  // The pool signs in with the email alias; its users' usernames are their subs.
  const user = pool?.users.find((u) => u.attributes?.['email'] === USERNAME);
  if (!user?.password) throw new Error(`no demo user ${USERNAME} in ${DEMO_SIGN_IN_POOL_ID}`);
  return user.password;
}

/** What the flow has built so far. */
const flow: { label?: string } = {};

/** The quick input showing an input box whose prompt contains `prompt`; Enter accepts its prefilled value. */
async function acceptInputBox(wb: Workbench, prompt: string): Promise<string> {
  const widget = wb.page.locator('.quick-input-widget', { has: wb.page.locator('.quick-input-message', { hasText: prompt }) });
  await widget.waitFor({ state: 'visible', timeout: T.long });
  const value = await widget.locator('input.input').first().inputValue();
  await wb.page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: T.short }).catch(() => undefined);
  return value;
}

/** True when the callback's port can be bound on 127.0.0.1 now (no other sign-in on this machine holds it). */
function callbackPortFree(): Promise<boolean> {
  return new Promise((done) => {
    const srv = createServer();
    srv.once('error', () => done(false));
    srv.listen(Number(new URL(CALLBACK).port), '127.0.0.1', () => srv.close(() => done(true)));
  });
}

/**
 * From the palette to the modal that shows the callback URL: Sign In…, the built-in sandbox, the
 * managed-login client, the managed login flow, the domain and the scopes (their prefilled values).
 */
async function startManagedLogin(ctx: E2EContext): Promise<{ dialog: ReturnType<Page['locator']>; domain: string }> {
  const { wb } = ctx;
  // The demo clients list one fixed callback port; another run on this machine may hold it a while.
  await wb.until(`port ${new URL(CALLBACK).port} on 127.0.0.1 free`, callbackPortFree, 2 * T.long);
  await wb.runCommand('Cognito: Sign In…', T.long);
  await (await wb.quickInputRow('The built-in sandbox')).click();
  // The sandbox starts first if need be; then its demo clients, each with its pool.
  const client = wb.page.locator('.quick-input-widget .monaco-list-row').filter({ has: wb.page.locator('.label-name').getByText(CLIENT, { exact: true }) }).first();
  await client.waitFor({ state: 'visible', timeout: T.long });
  assert.match(await client.innerText(), new RegExp(DEMO_SIGN_IN_POOL_ID));
  await client.click();
  await (await wb.quickInputRow(FLOW_LABEL)).click();
  const domain = await acceptInputBox(wb, 'The user pool domain of managed login');
  assert.match(domain, /^http:\/\/127\.0\.0\.1:\d+$/, `the sandbox's origin is not prefilled as the domain: ${domain}`);
  const scopes = await acceptInputBox(wb, 'Scopes, separated by spaces');
  assert.equal(scopes, 'openid email profile');
  const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Sign in through managed login' });
  await dialog.waitFor({ state: 'visible', timeout: T.long });
  return { dialog, domain };
}

/**
 * Clicks "Open Browser" and returns the tab it opened, once that tab has loaded, with the URLs
 * its top frame navigated to (the first is what vscode.env.openExternal handed the browser).
 */
async function openBrowserTab(ctx: E2EContext, dialog: ReturnType<Page['locator']>): Promise<{ tab: Page; navigations: string[] }> {
  const context: BrowserContext = ctx.page.context();
  // On the context, not the tab: a tab's first requests come before the 'page' event does, and
  // before its frame exists (Request.frame() throws for them).
  const seen: { url: string; page?: Page }[] = [];
  const onRequest = (r: Request): void => {
    if (!r.isNavigationRequest()) return;
    let page: Page | undefined;
    try {
      const frame = r.frame();
      if (frame !== frame.page().mainFrame()) return;
      page = frame.page();
    } catch {
      page = undefined; // a new tab's very first navigation
    }
    if (page !== ctx.page) seen.push({ url: r.url(), ...(page ? { page } : {}) });
  };
  context.on('request', onRequest);
  try {
    const opened = context.waitForEvent('page', { timeout: T.long });
    await dialog.locator('.monaco-button', { hasText: 'Open Browser' }).click();
    const tab = await opened;
    await tab.waitForLoadState('domcontentloaded', { timeout: T.long });
    return { tab, navigations: seen.filter((s) => s.page === undefined || s.page === tab).map((s) => s.url) };
  } finally {
    context.off('request', onRequest);
  }
}

/** The login form in `tab`, or an error naming the URL the tab shows and what it says. */
async function loginForm(tab: Page, domain: string): Promise<void> {
  const form = tab.locator('form', { has: tab.locator('input#username') });
  try {
    await form.waitFor({ state: 'visible', timeout: T.long });
  } catch {
    const text = await tab.locator('body').innerText().catch(() => '(no body)');
    throw new Error(`the tab the extension opened shows no login form: it is at ${tab.url()} (the authorize URL is on ${domain}) and says ${JSON.stringify(text.slice(0, 500))}`);
  }
}

async function fillAndSubmit(tab: Page, password: string): Promise<void> {
  await tab.locator('input#username').fill(USERNAME);
  await tab.locator('input#password').fill(password);
  await tab.locator('button[type="submit"]').click();
}

/** The extension's sandbox's call log (GET /__sandbox/calls on its origin, the managed login domain), by operation. */
function sandboxCalls(origin: string): (operation: string) => Promise<{ operation: string; status: number }[]> {
  return async (operation) => {
    const res = await fetch(`${origin}/__sandbox/calls?operation=${encodeURIComponent(operation)}`);
    assert.equal(res.status, 200, `GET /__sandbox/calls answered ${res.status}`);
    return (await res.json()) as { operation: string; status: number }[];
  };
}

/** Every rendered row of the Sessions tree that is a session of the sign-in pool. */
async function signInPoolSessions(wb: Workbench): Promise<string[]> {
  return (await wb.sideBarRows()).filter((r) => r.includes(`@ ${DEMO_SIGN_IN_POOL_ID}`));
}

/** The progress notification that waits for the redirect (and names the URL it waits on). */
function waitingToast(wb: Workbench) {
  return wb.page.locator('.notification-toast', { hasText: 'Waiting for the sign-in in the browser' }).first();
}

/**
 * After a failure: cancel a sign-in still in progress (its dialog, or its wait for the redirect),
 * so the loopback listener is closed and the next test can listen on the callback port again.
 */
async function abandonSignIn(wb: Workbench): Promise<void> {
  await wb.page.bringToFront();
  const dialog = wb.page.locator('.monaco-dialog-box', { hasText: 'Sign in through managed login' });
  if (await dialog.isVisible()) {
    await wb.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: T.short });
  }
  await wb.closeQuickInput();
  const waiting = waitingToast(wb);
  if (await waiting.isVisible()) {
    await waiting.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await waiting.waitFor({ state: 'hidden', timeout: T.long });
  }
}

/** Runs `body`; when it fails, abandons the sign-in it left open, then fails with its error. */
async function cleanlyOnFailure(wb: Workbench, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await abandonSignIn(wb).catch(() => undefined);
    throw err;
  }
}

/** The first test: the whole sign-in through the sandbox's form, then a Refresh from the tree. */
async function signInThroughTheForm(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  // The profile starts dark and the earlier tests come back to it; switch only if one did not.
  await wb.waitForTheme('dark', T.short).catch(() => ctx.setTheme('dark'));
  await wb.closeAllEditors();
  await wb.clearNotifications();

  const { dialog, domain } = await startManagedLogin(ctx);
  const calls = sandboxCalls(domain);
  const tokenCallsBefore = (await calls('OAuthToken')).length;
  // The callback URL the app client must list, exactly, before anything opens.
  const dialogText = (await dialog.innerText()).replace(/\u00a0/g, ' ');
  assert.ok(dialogText.includes(CALLBACK), `the dialog does not show the callback URL ${CALLBACK}: ${dialogText}`);
  assert.ok(dialogText.includes(`Sign in through managed login at ${domain}`), dialogText);
  await ctx.shot('managed-login-callback-dark');

  const { tab, navigations } = await openBrowserTab(ctx, dialog);
  try {
    await loginForm(tab, domain);
    // What code-server 4.100.3 does with a 127.0.0.1 URL given to openExternal: its port proxy
    // (<server>/proxy/<port>/, path and query dropped), here the loopback listener's start page,
    // which redirects to the authorize URL. (A VS Code that opens it as it is: the start page itself.)
    const port = new URL(CALLBACK).port;
    const first = navigations[0] ?? '';
    assert.ok(first === `${new URL(ctx.page.url()).origin}/proxy/${port}/` || first === `http://127.0.0.1:${port}/`, `the browser first opened ${first} (then ${navigations.slice(1).join(', ')})`);
    assert.ok(navigations.some((u) => u.startsWith(`${domain}/oauth2/authorize?`)), `the tab never reached the authorize endpoint: ${navigations.join(', ')}`);
    // The sandbox's own page, not code-server's proxy: the authorize request reached it whole.
    assert.ok(tab.url().startsWith(`${domain}/login?`), `the login form is at ${tab.url()}, not on ${domain}`);
    const url = new URL(tab.url());
    assert.equal(url.searchParams.get('redirect_uri'), CALLBACK);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok((url.searchParams.get('state') ?? '').length >= 32, 'no state on the authorization request');
    await tab.locator('input#username').fill(USERNAME);
    await tab.screenshot({ path: `${ctx.shotsDir}/managed-login-form.png` });

    // The progress notification in the workbench says which URL it waits on.
    const waiting = waitingToast(wb);
    await waiting.waitFor({ state: 'visible', timeout: T.long });
    assert.match(await waiting.innerText(), new RegExp(`redirect to ${CALLBACK.replace(/[./]/g, '\\$&')}`));

    await fillAndSubmit(tab, demoPassword());
    // The redirect reached the loopback listener, which answers with its own page.
    await tab.getByText('You can close this tab and return to VS Code.').waitFor({ state: 'visible', timeout: T.long });
    assert.ok(tab.url().startsWith(`${CALLBACK}?`), `the redirect went to ${tab.url()}`);
  } finally {
    await tab.close();
  }

  const toast = await wb.toast('Cognito: signed in as', T.long);
  assert.match(toast, /\(managed login\)/);
  // The code was exchanged at the sandbox's /oauth2/token.
  const exchanged = await calls('OAuthToken');
  assert.equal(exchanged.length, tokenCallsBefore + 1, `token endpoint calls: ${JSON.stringify(exchanged)}`);
  assert.equal(exchanged.at(-1)?.status, 200);
  const apiRefreshesBefore = (await calls('GetTokensFromRefreshToken')).length + (await calls('InitiateAuth')).length;
  await ctx.page.bringToFront();

  // The session in the tree; its refresh method, the token endpoint, shows in its history below.
  // Earlier tests' sessions collapsed first ("Collapse All"), so the History row below is this one's.
  const sidebar = await wb.openViewContainer(CONTAINER);
  await sidebar.locator('.title-actions .action-label[aria-label^="Collapse All"]').first().click();
  const row = await wb.until('the signed-in session in the Sessions tree', async () => {
    const rows = await signInPoolSessions(wb);
    return rows.length === 1 ? rows[0] : undefined;
  });
  const label = row.slice(0, row.indexOf(`@ ${DEMO_SIGN_IN_POOL_ID}`) + `@ ${DEMO_SIGN_IN_POOL_ID}`.length);
  flow.label = label;
  assert.match(row, /expires in \d+ min/, `the session row does not say when it expires: ${row}`);
  const session = wb.treeRow(label);

  // Refresh from the tree (the row's inline action): the history names the token endpoint
  // (TokenEndpoint, rotated: the public client rotates), and the sandbox saw /oauth2/token.
  await wb.expandTreePath([label]);
  // This session's History row: the first after its own row (other sessions may be expanded too).
  const historyRow = async (): Promise<number | undefined> => {
    const rows = await wb.sideBarRows();
    const at = rows.findIndex((x) => x.startsWith(label));
    const r = at < 0 ? undefined : rows.slice(at + 1).find((x) => /^History \(\d+\)/.test(x));
    return r === undefined ? undefined : Number(/\((\d+)\)/.exec(r)?.[1]);
  };
  const { n: historyBefore } = await wb.until('the History row', async () => {
    const n = await historyRow();
    return n === undefined ? undefined : { n };
  });
  await session.hover();
  await session.locator('.action-label[aria-label^="Refresh Session"]').click();
  await wb.until(`History (${historyBefore + 1})`, async () => (await historyRow()) === historyBefore + 1);
  // (expandTreePath inside: a refresh of the tree can render the History row collapsed again)
  const event = await wb.until('a TokenEndpoint refresh that rotated in the history', async () => {
    await wb.expandTreePath([label, /^History \(\d+\)/]);
    return (await wb.sideBarRows()).find((r) => /^\d{1,2}:\d{2}:\d{2}.* TokenEndpoint rotated · \w+→\w+ · \d+ ms/.test(r));
  });
  const [, oldFp, newFp] = /rotated · (\w+)→(\w+)/.exec(event) ?? [];
  assert.ok(oldFp && newFp && oldFp !== newFp, `the refresh token did not change: ${event}`);
  // It went through /oauth2/token (grant_type=refresh_token), not the Cognito API.
  const refreshed = await calls('OAuthToken');
  assert.equal(refreshed.length, tokenCallsBefore + 2, `token endpoint calls: ${JSON.stringify(refreshed)}`);
  assert.equal(refreshed.at(-1)?.status, 200);
  assert.equal((await calls('GetTokensFromRefreshToken')).length + (await calls('InitiateAuth')).length, apiRefreshesBefore, 'the refresh went to the Cognito API');
  assert.ok(!(await signInPoolSessions(wb)).some((r) => /failed|error/i.test(r)), 'the session shows a failure');
  await wb.clearNotifications();
  await wb.resizeSideBar(470);
  await ctx.shot('managed-login-session-dark');
}

/** The second test: a wrong password on the form, then the wait cancelled. */
async function wrongPassword(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.clearNotifications();
  await wb.openViewContainer(CONTAINER);
  const before = (await signInPoolSessions(wb)).length;
  // The first test's sign-in left the sandbox's SSO session cookie in this browser: with it the
  // authorization would skip the form (as Cognito's managed login does). This test needs the form.
  await ctx.page.context().clearCookies({ name: /^cognito-sso-/ });

  const { dialog, domain } = await startManagedLogin(ctx);
  const { tab } = await openBrowserTab(ctx, dialog);
  try {
    await loginForm(tab, domain);
    await fillAndSubmit(tab, `${demoPassword()}-wrong`);
    await tab.locator('.error[role="alert"]', { hasText: 'Incorrect username or password.' }).waitFor({ state: 'visible', timeout: T.long });
    // Still the form on the sandbox (no redirect to the callback), with the username kept.
    assert.ok(tab.url().startsWith(`${domain}/login?`), `after a wrong password the tab is at ${tab.url()}`);
    assert.equal(await tab.locator('input#username').inputValue(), USERNAME);
    assert.equal(await tab.locator('input#password').inputValue(), '');
    await tab.screenshot({ path: `${ctx.shotsDir}/managed-login-wrong-password.png` });
  } finally {
    await tab.close();
  }

  // The extension still waits for the redirect; the user cancels the wait.
  await ctx.page.bringToFront();
  const waiting = waitingToast(wb);
  await waiting.waitFor({ state: 'visible', timeout: T.long });
  await waiting.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await waiting.waitFor({ state: 'hidden', timeout: T.long });

  // The listener is closed: the callback URL answers nothing any more.
  await wb.until(`${CALLBACK} closed`, async () => {
    try {
      await fetch(CALLBACK, { signal: AbortSignal.timeout(5_000) });
      return false;
    } catch {
      return true;
    }
  });
  assert.equal((await signInPoolSessions(wb)).length, before, 'a session was added after a failed sign-in');
  assert.equal(await wb.page.locator('.notification-toast', { hasText: 'signed in as' }).count(), 0);
}

export const tests: E2ETest[] = [
  {
    name: 'managed login from the palette: the callback URL is shown first, Chromium fills in the sandbox\'s login form, the redirect completes the session, a Refresh goes through /oauth2/token',
    timeoutMs: 240_000,
    run: (ctx) => cleanlyOnFailure(ctx.wb, () => signInThroughTheForm(ctx)),
  },
  {
    name: 'managed login with a wrong password: the sandbox\'s form says so, no redirect comes, cancelling the wait stores nothing',
    timeoutMs: 180_000,
    run: (ctx) => cleanlyOnFailure(ctx.wb, () => wrongPassword(ctx)),
  },
  {
    name: 'managed login clean-up: "Cognito: Remove Session…" removes the signed-in session',
    async run(ctx) {
      const { wb } = ctx;
      const label = flow.label;
      if (label === undefined) throw new Error('the flow has no label: the sign-in test failed');
      await wb.openViewContainer(CONTAINER);
      await wb.runCommand('Cognito: Remove Session…');
      // With other sessions stored (earlier tests), a picker of sessions comes first; then the
      // confirmation, whose highlighted choice keeps the session.
      const confirm = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Remove it from this machine' }).first();
      const choice = wb.page.locator('.quick-input-widget .monaco-list-row').filter({ has: wb.page.locator('.label-name').getByText(label, { exact: true }) }).first();
      const first = await wb.until('the session picker or the confirmation', async () =>
        (await confirm.isVisible()) ? 'confirm' : (await choice.isVisible()) ? 'choice' : undefined,
      );
      if (first === 'choice') await choice.click();
      await confirm.waitFor({ state: 'visible', timeout: T.long });
      await confirm.click();
      await wb.until(`${label} gone from the Sessions tree`, async () => (await signInPoolSessions(wb)).length === 0);
      await wb.clearNotifications();
    },
  },
];
