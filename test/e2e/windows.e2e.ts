// Two workbench windows on one profile (issue 8, "Races" and item 6): a second browser tab on
// the same code-server is a second window with its own extension host. code-server gives each
// tab its own copy of SecretStorage, so after the second window rotates the refresh token the
// first window's copy holds the token that rotation invalidated. What must hold: the first
// window never sends that dead token (it refuses, saying why, or it already holds the new one),
// and after a reload it refreshes: no session is lost and the store converges. Runs after
// sessions.e2e.ts (whose sandbox session, on the rotating client with a 10 s grace period, it
// uses); the first window's refresh waits out the grace period, so that sending the old token
// could not pass unnoticed.
import * as assert from 'node:assert/strict';
import type { E2ETest } from './context';
import { T, Workbench } from './workbench';

const CONTAINER = 'Cognito Tokens';
const SESSION = /^Sandbox demo user \(rotating-grace-10s\)/;

async function historyCount(wb: Workbench): Promise<number | undefined> {
  const row = (await wb.sideBarRows()).find((r) => /^History \(\d+\)/.test(r));
  return row ? Number(/\((\d+)\)/.exec(row)?.[1]) : undefined;
}

async function showHistory(wb: Workbench): Promise<number> {
  try {
    await wb.openViewContainer(CONTAINER);
  } catch {
    // A new or reloaded window can restore the side bar hidden with its last container still
    // marked active, so the activity bar click is skipped: show the side bar, then try again.
    await wb.page.keyboard.press('Control+B');
    await wb.openViewContainer(CONTAINER);
  }
  const row = wb.treeRow(SESSION);
  await row.waitFor({ state: 'visible', timeout: T.long });
  // expandTreePath clicks again whatever a refresh of the tree re-rendered collapsed meanwhile.
  if ((await historyCount(wb)) === undefined) await wb.expandTreePath([SESSION]);
  const { n } = await wb.until('the History row', async () => {
    const c = await historyCount(wb);
    return c === undefined ? undefined : { n: c };
  });
  return n;
}

/** Refresh Session from the palette, choosing the sandbox session when a picker asks. */
async function refreshFromPalette(wb: Workbench): Promise<void> {
  await wb.runCommand('Cognito: Refresh Session');
  const pick = wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'rotating-grace-10s' }).first();
  if (await pick.isVisible({ timeout: 3_000 }).catch(() => false)) await pick.click();
}

export const tests: E2ETest[] = [
  {
    name: 'two windows on one profile: after the second window rotates the token, the first never sends the dead one; after a reload it refreshes (no session lost)',
    // A second workbench loading beside the first, the grace period waited out and a reload.
    timeoutMs: 300_000,
    async run({ wb, page, shot }) {
      await wb.clearNotifications();
      const before = await showHistory(wb);

      // The second window: a second tab on the same workbench URL.
      const second = await page.context().newPage();
      try {
        await second.setViewportSize(page.viewportSize() ?? { width: 1280, height: 800 });
        await second.goto(page.url(), { waitUntil: 'domcontentloaded', timeout: 120_000 });
        const wb2 = new Workbench(second);
        await wb2.ready();
        assert.equal(await showHistory(wb2), before, 'the second window does not see the stored session as the first one does');
        await refreshFromPalette(wb2);
        await wb2.until(`History (${before + 1}) in the second window`, async () => (await historyCount(wb2)) === before + 1, T.long, () => wb2.sideBarRows());

        // The first window, after the grace period of the token it may still hold.
        await page.bringToFront();
        await page.waitForTimeout(11_000);
        await refreshFromPalette(wb);
        const outcome = await wb.until(
          'the first window to refuse (its copy is older) or to refresh with the new token',
          async () => {
            const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => [] as string[]);
            const stale = toasts.find((t) => /older than what another window saved/.test(t));
            if (stale) return { kind: 'refused' as const, text: stale };
            const failed = toasts.find((t) => /Refresh of .* failed|already used|revoked/i.test(t));
            if (failed) return { kind: 'failed' as const, text: failed };
            const n = await historyCount(wb);
            if (n !== undefined && n >= before + 2) return { kind: 'refreshed' as const, text: `History (${n})` };
            return undefined;
          },
          T.long,
        );
        assert.notEqual(outcome.kind, 'failed', `the first window sent a dead refresh token: ${outcome.text}`);
        console.log(`       the first window ${outcome.kind === 'refused' ? 'refused to send from its older copy' : 'refreshed with the new token'}`);
        await shot('two-windows-first');

        // After a reload the first window reads the current session and refreshes.
        await wb.clearNotifications();
        await wb.runCommand('Developer: Reload Window');
        // The side bar comes back on the Cognito view (not the explorer that ready() waits for).
        await page.waitForLoadState('domcontentloaded');
        await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: T.long * 2 });
        const now = await showHistory(wb);
        assert.ok(now >= before + 1, `after the reload the first window lists ${now} events (the second window's refresh made ${before + 1})`);
        await refreshFromPalette(wb);
        // At least one more event (the view may still have been catching up when `now` was read).
        await wb.until(`History (${now + 1} or more) after the reload`, async () => ((await historyCount(wb)) ?? 0) >= now + 1);
        const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => [] as string[]);
        assert.ok(!toasts.some((t) => /failed|already used|revoked/i.test(t)), `a failure after the reload: ${JSON.stringify(toasts)}`);
      } finally {
        await second.close().catch(() => undefined);
      }
    },
  },
];
