// Two workbench windows on one profile (issue 8, "Races" and item 6): a second browser tab on
// the same code-server is a second window with its own extension host. code-server gives each
// tab its own copy of SecretStorage, so after the second window rotates the refresh token the
// first window's copy holds the token that rotation invalidated. What must hold: the first
// window never sends that dead token (it refuses, saying why, or it already holds the new one),
// and after a reload it refreshes: no session is lost and the store converges. Runs after
// sessions.e2e.ts (whose sandbox session, on the rotating client with a 10 s grace period, it
// uses); the first window's refresh waits out the grace period, so that sending the old token
// could not pass unnoticed.
//
// Every step waits for what a person would see (the side bar, a row, a count, a toast), read
// again from the page each time: a new or reloaded window restores its side bar late (or
// hidden), and the tree re-renders its rows whenever a session changes.
import * as assert from 'node:assert/strict';
import type { E2ETest } from './context';
import { T, Workbench } from './workbench';

const CONTAINER = 'Cognito Tokens';
const LABEL = 'Sandbox demo user (rotating-grace-10s)';
const SESSION = /^Sandbox demo user \(rotating-grace-10s\)/;
/** The client's RetryGracePeriodSeconds (src/sandbox/demo-config.ts), and a second more. */
const GRACE_MS = 11_000;

/** "History (3)" under the session: the count, or undefined while it is not shown. */
async function historyCount(wb: Workbench): Promise<number | undefined> {
  const rows = await wb.treeRowsUnder([SESSION]);
  const row = rows?.find((r) => /^History \(\d+\)/.test(r));
  return row ? Number(/\((\d+)\)/.exec(row)?.[1]) : undefined;
}

/** The session row's description: "expires in 59 min" once refreshed, the catalog's title after a failure. */
async function sessionState(wb: Workbench): Promise<string | undefined> {
  return (await wb.treeRows()).find((r) => r.text.startsWith(LABEL))?.text.slice(LABEL.length).trim();
}

/** A session row that shows its access token's expiry (not a failure's title, not "Refreshing…"). */
const healthy = (state: string | undefined): boolean => state !== undefined && /^expires in \d/.test(state);

/** Shows the Sessions view and the session's children; resolves with the History count once shown. */
async function showHistory(wb: Workbench): Promise<number> {
  await wb.focusView(CONTAINER, 'Sessions');
  await wb.expandTreePathUnder([SESSION]);
  return wb.until('the History row under the session', () => historyCount(wb));
}

/** The first toast that says a refresh failed or that a dead token was sent. */
function failureToast(toasts: string[]): string | undefined {
  return toasts.find((t) => /Refresh of .* failed|already used|revoked/i.test(t));
}

/** Refresh Session from the palette; the session is the only one, so no picker comes. */
async function refreshFromPalette(wb: Workbench): Promise<void> {
  await wb.runCommand('Cognito: Refresh Session');
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: T.short });
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
        await showHistory(wb2);
        // Its copy of the store is the first window's (nothing was written since it was read).
        await wb2.until(`History (${before}) in the second window`, async () => (await historyCount(wb2)) === before, T.long, () => wb2.sideBarRows());
        await refreshFromPalette(wb2);
        await wb2.until(
          `History (${before + 1}) and a refreshed session in the second window`,
          async () => (await historyCount(wb2)) === before + 1 && healthy(await sessionState(wb2)),
          T.long,
          () => wb2.sideBarRows(),
        );
        assert.equal(failureToast(await wb2.toastTexts()), undefined, 'the second window failed to refresh');
        const rotatedAt = Date.now();

        // The first window, once the grace period of the token it may still hold is over (a
        // condition on the clock: the sandbox accepts the rotated-out token until then).
        await page.bringToFront();
        await wb.until('the grace period of the rotated-out token to be over', async () => Date.now() >= rotatedAt + GRACE_MS, GRACE_MS + T.short);
        await refreshFromPalette(wb);
        const outcome = await wb.until(
          'the first window to refuse (its copy is older) or to refresh with the new token',
          async () => {
            const toasts = await wb.toastTexts();
            const stale = toasts.find((t) => /older than what another window saved/.test(t));
            if (stale) return { kind: 'refused' as const, text: stale };
            const failed = failureToast(toasts);
            if (failed) return { kind: 'failed' as const, text: failed };
            const n = await historyCount(wb);
            if (n !== undefined && n >= before + 2 && healthy(await sessionState(wb))) return { kind: 'refreshed' as const, text: `History (${n})` };
            return undefined;
          },
          T.long,
        );
        assert.notEqual(outcome.kind, 'failed', `the first window sent a dead refresh token: ${outcome.text}`);
        console.log(`       the first window ${outcome.kind === 'refused' ? 'refused to send from its older copy' : 'refreshed with the new token'}`);
        await shot('two-windows-first');

        // After a reload the first window reads the current session and refreshes.
        await wb.clearNotifications();
        await wb.reloadWindow();
        await showHistory(wb);
        const now = await wb.until(
          `History (${before + 1} or more) after the reload (the second window's refresh made ${before + 1})`,
          async () => {
            const n = await historyCount(wb);
            return n !== undefined && n >= before + 1 ? n : undefined;
          },
        );
        await refreshFromPalette(wb);
        // One more event, and a session that refreshed (a failed refresh adds an event too).
        await wb.until(`History (${now + 1} or more) and a refreshed session after the reload`, async () => {
          const failed = failureToast(await wb.toastTexts());
          if (failed) throw new Error(`a failure after the reload: ${failed}`);
          return ((await historyCount(wb)) ?? 0) >= now + 1 && healthy(await sessionState(wb));
        });
        assert.equal(failureToast(await wb.toastTexts()), undefined, 'a failure after the reload');
      } finally {
        await second.close().catch(() => undefined);
      }
    },
  },
];
