// The session from Cognito's side, in the browser (issue 11, the e2e flow): two sessions of the
// sandbox's demo user on two app clients of one pool (the pool tracks sessions), listed by the
// tree's "Server sessions" node and by "Cognito: Show Server Sessions" (this session marked), the
// other one revoked from the tree ("Revoke Server Session…": RevokeUserSession), then that other
// session's refresh failing with its explanation in the tree and on the inspector's card.
// Runs after windows.e2e.ts (or sessions.e2e.ts): it uses their sandbox session on the rotating
// client as "this" session, adds one on the no-rotation client, and removes that one again at
// the end, so the next test finds the workbench as before (one session, no editor open).
import * as assert from 'node:assert/strict';
import type { E2EContext, E2ETest } from './context';
import { T, type Workbench } from './workbench';

const CONTAINER = 'Cognito Tokens';
const THIS = 'Sandbox demo user (rotating-grace-10s)';
const THIS_ROW = /^Sandbox demo user \(rotating-grace-10s\)/;
const OTHER_CLIENT = 'no-rotation';
const OTHER = `Sandbox demo user (${OTHER_CLIENT})`;
const OTHER_ROW = /^Sandbox demo user \(no-rotation\)/;
/** The demo pool's client ids (fixed: src/sandbox/demo-config.ts). */
const THIS_CLIENT_ID = 'sbxrotate10graceclient0001';
const OTHER_CLIENT_ID = 'sbxnorotationclient0000003';
/** The catalog's title for "Refresh Token has been revoked" (src/core/errors/catalog.ts). */
const REVOKED_TITLE = 'Refresh token revoked';

/** What the first test found: the two server-side session ids. */
const flow: { thisId?: string; otherId?: string } = {};

function need<K extends keyof typeof flow>(key: K): NonNullable<(typeof flow)[K]> {
  const v = flow[key];
  if (v === undefined) throw new Error(`the flow has no ${key}: the first test of this file failed`);
  return v as NonNullable<(typeof flow)[K]>;
}

const q = (testid: string) => `[data-testid="${testid}"]`;

/** The server-side sessions the tree lists under this session's "Server sessions" node. */
async function listedUnderThis(wb: Workbench): Promise<{ thisId?: string; otherId?: string; rows: string[] }> {
  const rows = (await wb.treeRowsUnder([THIS_ROW, 'Server sessions'])) ?? [];
  const thisId = rows.map((r) => new RegExp(`^This session: Token session (tkn[a-z0-9]+) client ${THIS_CLIENT_ID}\\b`).exec(r)?.[1]).find(Boolean);
  const otherId = rows.map((r) => new RegExp(`^Token session (tkn[a-z0-9]+) client ${OTHER_CLIENT_ID}\\b`).exec(r)?.[1]).find(Boolean);
  return { ...(thisId ? { thisId } : {}), ...(otherId ? { otherId } : {}), rows };
}

/** Runs a palette command that asks which session (there are two) and picks `label`'s row. */
async function runOnSession(wb: Workbench, command: string, label: string): Promise<void> {
  await wb.runCommand(command);
  const row = await wb.quickInputRow(new RegExp(label.replace(/[()]/g, '\\$&')), T.long);
  await row.click();
}

/** Show Server Sessions on this session; resolves with the document's text once it shows `expected`. */
async function showServerSessions(wb: Workbench, expected: (text: string) => boolean, what: string): Promise<string> {
  await runOnSession(wb, 'Cognito: Show Server Sessions', THIS);
  await wb.activeTab(`Server sessions ${THIS}`);
  return wb.until(what, async () => {
    const text = await wb.activeEditorText();
    return text.includes(`Server-side sessions of "${THIS}"`) && expected(text) ? text : undefined;
  }, T.long, () => wb.activeEditorText());
}

/** Removes the other session (Remove Session… and its confirmation) if it is there; closes the editors. */
async function cleanUp(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.closeQuickInput();
  await wb.focusView(CONTAINER, 'Sessions');
  if ((await wb.treeRowAt([OTHER_ROW])) !== undefined) {
    await runOnSession(wb, 'Cognito: Remove Session', OTHER);
    await (await wb.quickInputRow('Remove it from this machine', T.long)).click();
    await wb.until(`"${OTHER}" gone from the tree`, async () => (await wb.treeRowAt([OTHER_ROW])) === undefined);
  }
  // Collapsed again, as it was: an expanded "Server sessions" node asks Cognito again on every
  // re-render of the tree.
  await wb.until('"Server sessions" under this session collapsed', async () => {
    const row = await wb.treeRowAt([THIS_ROW, 'Server sessions']);
    const expanded = row ? await row.getAttribute('aria-expanded', { timeout: T.short }).catch(() => null) : 'false';
    if (expanded === 'true') await row?.locator('.monaco-tl-twistie').click({ timeout: T.short }).catch(() => undefined);
    return expanded === 'false';
  });
  await wb.closeAllEditors();
  await wb.clearNotifications();
}

export const tests: E2ETest[] = [
  {
    name: 'server sessions: two sessions of one user on two app clients are listed by the tree\'s "Server sessions" node and by "Cognito: Show Server Sessions", this one marked (dark theme)',
    timeoutMs: 180_000,
    async run(ctx) {
      const { wb } = ctx;
      await ctx.setTheme('dark');
      await wb.clearNotifications();
      await wb.closeAllEditors();
      await wb.focusView(CONTAINER, 'Sessions');
      await wb.until(`the session "${THIS}" in the tree`, async () => (await wb.treeRowAt([THIS_ROW])) !== undefined);

      // A second sign-in of the demo user, on another app client of the same pool.
      await wb.runCommand('Cognito: Start Sandbox Session');
      const client = wb.page.locator('.quick-input-widget .monaco-list-row').filter({ has: wb.page.locator('.label-name').getByText(OTHER_CLIENT, { exact: true }) }).first();
      await client.waitFor({ state: 'visible', timeout: T.long });
      await client.click();
      await wb.toast(`added "${OTHER}" from the sandbox at http://127.0.0.1:`);
      await wb.until('both sessions in the tree', async () => {
        const rows = await wb.treeRows();
        return rows.some((r) => THIS_ROW.test(r.text)) && rows.some((r) => OTHER_ROW.test(r.text) && /expires in \d/.test(r.text));
      });

      // The tree: "Server sessions" under this session, read when expanded.
      await wb.expandTreePathUnder([THIS_ROW, 'Server sessions']);
      const listed = await wb.until('this session and the other one under "Server sessions"', async () => {
        const l = await listedUnderThis(wb);
        return l.thisId && l.otherId ? l : undefined;
      });
      assert.notEqual(listed.thisId, listed.otherId);
      assert.ok(listed.rows.some((r) => /^Session tracking: \w+ \d+ sessions? listed/.test(r)), `no tracking row beside the list: ${JSON.stringify(listed.rows)}`);
      flow.thisId = listed.thisId;
      flow.otherId = listed.otherId;

      // The palette: the same two, in a document.
      const text = await showServerSessions(
        wb,
        (t) => t.includes(`This session: Token session ${listed.thisId}`) && t.includes(`Token session ${listed.otherId}`),
        'both sessions in the Show Server Sessions document',
      );
      assert.ok(text.includes(OTHER_CLIENT_ID), `the document does not name the other session's app client:\n${text}`);
      assert.ok(!text.includes(`This session: Token session ${listed.otherId}`), 'the other session is marked as this one');
      await wb.clearNotifications();
      await ctx.shot('server-sessions-dark');
    },
  },
  {
    name: 'server sessions: revoking the other session from the tree ("Revoke Server Session…") makes its refresh fail with "Refresh token revoked", explained in the tree and the inspector (dark theme)',
    timeoutMs: 240_000,
    async run(ctx) {
      const { wb, page } = ctx;
      let passed = false;
      try {
        const thisId = need('thisId');
        const otherId = need('otherId');
        await wb.closeAllEditors();
        await wb.clearNotifications();
        await wb.focusView(CONTAINER, 'Sessions');
        await wb.expandTreePathUnder([THIS_ROW, 'Server sessions']);

        // The inline action of the other session's row. The tree re-renders its rows while their
        // labels count seconds, and a click whose press and release straddle a re-render is lost:
        // the row is looked up again and clicked again until the next question shows.
        const associated = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Only this session (NONE)' }).first();
        await wb.until('the question RevokeAssociatedSessions after the other session\'s inline "Revoke Server Session…"', async () => {
          if (await associated.isVisible()) return true;
          const row = await wb.treeRowAt([THIS_ROW, 'Server sessions', `Token session ${otherId}`]);
          if (!row) return false;
          await wb.treeRowAction(row, 'Revoke Server Session…').catch(() => undefined);
          return associated.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
        });
        await associated.click();
        const confirm = page.locator('.quick-input-widget', { hasText: `Revoke the server-side session ${otherId}?` });
        await confirm.waitFor({ state: 'visible', timeout: T.long });
        // The highlighted choice keeps the session: the destructive one is chosen on purpose.
        await (await wb.quickInputRow('Revoke it at Cognito')).click();
        await wb.toast(`the server-side session ${otherId} is revoked`);

        // Cognito lists it no more.
        await showServerSessions(
          wb,
          (t) => t.includes(`This session: Token session ${thisId}`) && !t.includes(otherId),
          'Show Server Sessions without the revoked session',
        );

        // The other session's refresh token is dead now.
        await wb.clearNotifications();
        await runOnSession(wb, 'Cognito: Refresh Session', OTHER);
        const toast = await wb.toast(`Refresh of "${OTHER}" failed`);
        assert.ok(toast.includes(`Refresh of "${OTHER}" failed: ${REVOKED_TITLE}.`), `the notification says: ${toast}`);
        assert.match(toast, /Sign In Again/);
        await wb.until(`"${REVOKED_TITLE}" under "${OTHER}" in the tree`, async () => {
          await wb.expandTreePathUnder([OTHER_ROW]);
          return ((await wb.treeRowsUnder([OTHER_ROW])) ?? []).some((r) => r.startsWith(`${REVOKED_TITLE} GetTokensFromRefreshToken`));
        });

        // The inspector's explanation card.
        await wb.closeAllEditors();
        await wb.clearNotifications();
        await runOnSession(wb, 'Cognito: Open Token Inspector', OTHER);
        await wb.activeTab(`Inspector: ${OTHER}`);
        const frame = await wb.webviewFrame(q('explanation-card'));
        await wb.until(`the card's title "Last failure: ${REVOKED_TITLE}"`, async () =>
          (await frame.locator(q('explanation-title')).first().innerText().catch(() => '')).includes(`Last failure: ${REVOKED_TITLE}`),
          T.long, () => frame.locator(q('explanation-card')).first().innerText());
        assert.equal((await frame.locator(q('explanation-name')).first().innerText()).trim(), 'NotAuthorizedException');
        assert.match(await frame.locator(q('explanation-steps')).first().innerText(), /Sign in again/);
        await frame.locator(q('inspector-title')).click(); // focus leaves the tree (no focus ring in the picture)
        await ctx.shot('server-session-revoked-dark');
        passed = true;
      } finally {
        // After a failure the test's own error is the one reported; the clean-up's is only logged.
        await cleanUp(ctx).catch((err: unknown) => {
          if (passed) throw err;
          console.log(`       (clean-up after the failure failed too: ${String(err).split('\n')[0]})`);
        });
      }
    },
  },
];
