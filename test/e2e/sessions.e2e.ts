// End-to-end, issue 4's main flow as a person does it in the browser: a sandbox session added
// from the palette and seen in the Sessions tree and the status bar, refreshed from the palette
// with the rotation history growing, a hover over a token, the Token Inspector with claims and
// history, and an injected RefreshTokenReuseException explained in a notification and on the
// inspector's card. Runs after decode.e2e.ts (whose last test starts the extension's sandbox),
// in this order: each test builds on the one before.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { positionOf, type E2EContext, type E2ETest } from './context';
import { T, type Workbench } from './workbench';

/** What the flow has built so far. */
const flow: { label?: string; endpoint?: string; historyBefore?: number } = {};

const CONTAINER = 'Cognito Tokens';
/** The catalog's title for RefreshTokenReuseException (src/core/errors/catalog.ts). */
const REUSE_TITLE = 'Refresh token already used (rotation)';

function need<K extends keyof typeof flow>(key: K): NonNullable<(typeof flow)[K]> {
  const v = flow[key];
  if (v === undefined) throw new Error(`the flow has no ${key}: an earlier test of this file failed`);
  return v as NonNullable<(typeof flow)[K]>;
}

/** "History (3)" in the tree: the count. */
async function historyCount(wb: Workbench): Promise<number | undefined> {
  const row = (await wb.sideBarRows()).find((r) => /^History \(\d+\)/.test(r));
  return row ? Number(/\((\d+)\)/.exec(row)?.[1]) : undefined;
}

/** Shoots `name-dark` and `name-light`, and comes back to the dark theme. */
async function bothThemes(ctx: E2EContext, name: string, keepMouse = false): Promise<void> {
  await ctx.shot(`${name}-dark`, { keepMouse });
  await ctx.setTheme('light');
  await ctx.shot(`${name}-light`, { keepMouse });
  await ctx.setTheme('dark');
}

const q = (testid: string) => `[data-testid="${testid}"]`;

async function inspector(wb: Workbench): Promise<Frame> {
  return wb.webviewFrame(q('token-tabs'));
}

async function frameText(frame: Frame, testid: string): Promise<string> {
  return (await frame.locator(q(testid)).first().innerText()).replace(/\u00a0/g, ' ');
}

export const tests: E2ETest[] = [
  {
    name: '"Cognito: Start Sandbox Session" with the rotating client adds a session to the Sessions tree and the status bar',
    async run(ctx) {
      const { wb } = ctx;
      await wb.clearNotifications();
      await wb.runCommand('Cognito: Start Sandbox Session');
      const client = await wb.quickInputRow(/rotation, \d+ s grace period/, T.long);
      const clientText = await client.innerText();
      const name = (await client.locator('.label-name').first().innerText()).trim();
      assert.match(name, /^[\w-]+$/, `no client name in ${JSON.stringify(clientText)}`);
      assert.match(clientText, /Recommended/, 'the rotating client with a grace period is not the recommended one');
      await client.click();

      const label = `Sandbox demo user (${name})`;
      const toast = await wb.toast(`added "${label}" from the sandbox at http://127.0.0.1:`);
      const endpoint = /sandbox at (http:\/\/127\.0\.0\.1:\d+)/.exec(toast)?.[1];
      assert.ok(endpoint, `no endpoint in ${JSON.stringify(toast)}`);
      assert.match(toast, /watch the refresh token rotate/);
      flow.label = label;
      flow.endpoint = endpoint;

      // The activity bar's container, the session, its tokens with their expiry.
      await wb.openViewContainer(CONTAINER);
      const session = wb.treeRow(label);
      await session.waitFor({ state: 'visible', timeout: T.long });
      await wb.expandTreeRow(session);
      const rows = await wb.until('the ID, access and refresh token rows', async () => {
        const r = await wb.sideBarRows();
        const ok =
          r.some((x) => /^ID token expires in \d+ min/.test(x)) &&
          r.some((x) => /^Access token expires in \d+ min/.test(x)) &&
          r.some((x) => /^Refresh token\b/.test(x)) &&
          r.some((x) => /^History \(\d+\)/.test(x));
        return ok ? r : undefined;
      });
      assert.ok(rows.some((r) => r.startsWith(label) && /expires in \d+ min/.test(r)), `the session row does not say when it expires: ${JSON.stringify(rows)}`);

      // The status bar counts the access token down and names the session.
      const item = wb.statusBarItem(`Cognito session ${label}`);
      await item.waitFor({ state: 'visible', timeout: T.long });
      assert.match(await item.innerText(), /\d+m/);
      await wb.clearNotifications();
      await ctx.shot('session-added');
    },
  },
  {
    name: '"Cognito: Refresh Session" from the palette rotates the refresh token and the history grows',
    async run(ctx) {
      const { wb, ws } = ctx;
      const label = need('label');
      const { n: before } = await wb.until('the History row', async () => {
        const n = await historyCount(wb);
        return n === undefined ? undefined : { n };
      });
      flow.historyBefore = before;
      await wb.runCommand('Cognito: Refresh Session');
      await wb.until(`History (${before + 1})`, async () => (await historyCount(wb)) === before + 1);

      await wb.expandTreePath([label, /^History \(\d+\)/]);
      const event = await wb.until('a history event that rotated', async () =>
        (await wb.sideBarRows()).find((r) => /GetTokensFromRefreshToken rotated · \w+→\w+ · \d+ ms/.test(r)),
      );
      const [, oldFp, newFp] = /rotated · (\w+)→(\w+)/.exec(event) ?? [];
      assert.ok(oldFp && newFp && oldFp !== newFp, `the refresh token did not change: ${event}`);
      const events = (await wb.sideBarRows()).filter((r) => /^\d{1,2}:\d{2}:\d{2}/.test(r));
      assert.equal(events.length, before + 1, `the expanded history lists ${events.length} events: ${JSON.stringify(events)}`);

      // For the pictures: a wider side bar, a project file beside it, and nothing covering them.
      await wb.resizeSideBar(470);
      await wb.openFile(ws.files.env);
      await wb.clearNotifications();
      await bothThemes(ctx, 'sessions-tree');
    },
  },
  {
    name: 'hovering the ID token in .env shows the decoded Cognito ID token and when it expires',
    async run(ctx) {
      const { wb, ws, userPoolId } = ctx;
      await wb.openFile(ws.files.env);
      const at = positionOf(ws, ws.files.env, 'ID_TOKEN=', 40);
      await wb.goTo(at.line, at.column);
      const hover = await wb.showHover(['Cognito ID token', 'expires in', userPoolId, 'Open in Inspector']);
      const text = await hover.innerText();
      assert.ok(!text.includes(ws.tokens.idToken), 'the hover prints the raw token');
      await ctx.shot('hover-dark', { keepMouse: true });
      await ctx.setTheme('light');
      // A theme change may close the hover: show it again if so.
      if (!(await hover.isVisible())) await wb.showHover(['Cognito ID token', 'expires in']);
      await ctx.shot('hover-light', { keepMouse: true });
      await ctx.setTheme('dark');
      await ctx.page.keyboard.press('Escape');
    },
  },
  {
    name: '"Cognito: Open Token Inspector" shows the session\'s claims and its rotation history',
    async run(ctx) {
      const { wb, userPoolId } = ctx;
      const label = need('label');
      const before = need('historyBefore');
      await wb.closeAllEditors();
      await wb.runCommand('Cognito: Open Token Inspector');
      await wb.activeTab(`Inspector: ${label}`);
      const frame = await inspector(wb);
      await frame.locator(q('claim-id-token_use')).waitFor({ state: 'visible', timeout: T.long });

      assert.match(await frameText(frame, 'inspector-title'), new RegExp(label.replace(/[()]/g, '\\$&')));
      assert.equal((await frame.locator(`${q('claim-id-token_use')} .claim-value > code`).innerText()).trim(), 'id');
      assert.match(await frameText(frame, 'claim-id-token_use'), /Which Cognito token this is/);
      assert.match(await frameText(frame, 'claim-id-cognito:username'), /cognito:username/);
      assert.match(await frameText(frame, 'claim-id-iss'), new RegExp(userPoolId));
      assert.match(await frameText(frame, 'validity-id'), /Valid · expires in/);
      // Each claim is explained.
      assert.ok((await frameText(frame, 'claim-id-exp')).split('\n').length >= 3, 'the exp row has no human time or meaning');

      const entries = frame.locator(q('history-entry'));
      assert.equal(await entries.count(), before + 1);
      assert.equal(await entries.first().getAttribute('data-rotated'), 'true');
      assert.equal(await entries.first().getAttribute('data-outcome'), 'success');
      assert.match(await entries.first().innerText(), /Rotated/);

      await wb.runCommand('View: Close Primary Side Bar');
      await wb.clearNotifications();
      await bothThemes(ctx, 'inspector-claims');
    },
  },
  {
    name: 'an injected RefreshTokenReuseException fails "Cognito: Refresh Session" with the catalog\'s title and an explanation card',
    async run(ctx) {
      const { wb } = ctx;
      const label = need('label');
      const endpoint = need('endpoint');
      const frame = await inspector(wb);
      const entries = frame.locator(q('history-entry'));
      const before = await entries.count();
      assert.equal(await frame.locator(q('explanation-card')).count(), 0, 'an explanation card before any failure');

      // The extension's own sandbox, through its control endpoint (as a developer would curl it).
      const res = await fetch(`${endpoint}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ operation: 'GetTokensFromRefreshToken', error: { name: 'RefreshTokenReuseException', message: 'Refresh token has been used already.' } }),
      });
      assert.equal(res.status, 200, await res.text());

      await wb.runCommand('Cognito: Refresh Session');
      const toast = await wb.toast(REUSE_TITLE);
      assert.ok(toast.includes(`Refresh of "${label}" failed: ${REUSE_TITLE}.`), `the notification says: ${toast}`);
      assert.match(toast, /Show Details/);
      await ctx.shot('refresh-failed-notification');

      // The inspector updates live: the card from the catalog, and the failed refresh on top of the history.
      const card = frame.locator(q('explanation-card'));
      await card.waitFor({ state: 'visible', timeout: T.long });
      assert.match(await frameText(frame, 'explanation-title'), new RegExp(`Last failure: ${REUSE_TITLE.replace(/[()]/g, '\\$&')}`));
      assert.equal(await frameText(frame, 'explanation-name'), 'RefreshTokenReuseException');
      assert.match(await frameText(frame, 'explanation-what'), /already exchanged/);
      assert.ok((await frame.locator(`${q('explanation-causes')} li`).count()) >= 2, 'fewer than two likely causes');
      assert.ok((await frame.locator(`${q('explanation-steps')} li`).count()) >= 2, 'fewer than two steps');
      assert.match(await frameText(frame, 'explanation-steps'), /Sign in again/);
      await frame.locator(q('explanation-docs')).waitFor({ state: 'visible' });
      assert.match(await card.locator('.url').innerText(), /^https:\/\/docs\.aws\.amazon\.com\//);

      await wb.until('the failed refresh in the history', async () => (await entries.count()) === before + 1, T.long, () => frameText(frame, 'history'));
      assert.equal(await entries.first().getAttribute('data-outcome'), 'error');
      assert.match(await entries.first().innerText(), /RefreshTokenReuseException/);

      // The tree says it too: the session's last error and the failed refresh on top of its history.
      await wb.openViewContainer(CONTAINER);
      await wb.until('the failure in the Sessions tree', async () => {
        await wb.expandTreePath([label, /^History \(\d+\)/]);
        const rows = await wb.sideBarRows();
        return (
          rows.some((r) => r.startsWith(`${label} ${REUSE_TITLE}`)) &&
          rows.some((r) => r.startsWith(`${REUSE_TITLE} GetTokensFromRefreshToken`)) &&
          rows.some((r) => /GetTokensFromRefreshToken RefreshTokenReuseException · \w+ · \d+ ms/.test(r))
        );
      });
      assert.match(await wb.statusBarItem(`Cognito session ${label}`).getAttribute('aria-label') ?? '', /last refresh failed/);

      // The picture: the history in the tree beside the inspector's card.
      await wb.clearNotifications();
      await frame.locator(q('explanation-title')).scrollIntoViewIfNeeded();
      await frame.locator(q('inspector-title')).click(); // focus leaves the tree (no focus ring in the picture)
      await bothThemes(ctx, 'inspector-failure');
      // (not in the README set) the inspector's own timeline, further down.
      await frame.locator(q('history')).scrollIntoViewIfNeeded();
      await ctx.shot('inspector-history');
    },
  },
];
