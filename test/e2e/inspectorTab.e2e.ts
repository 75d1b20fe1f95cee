// End-to-end, issue 7 item 18 as a person sees it: with no inspector open, a click on a
// session's "Access token" row in the Sessions tree opens the Token Inspector showing the access
// token's tab (it used to show the ID token's), and a click on "ID token" then switches the same
// panel to the ID token. Needs a session in the tree: it starts the sandbox session itself
// (Start Sandbox Session selects the existing one when the flow before it added it already).
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import type { E2ETest } from './context';
import { T, type Workbench } from './workbench';

const q = (testid: string) => `[data-testid="${testid}"]`;

/** The slot whose panel the inspector shows, once exactly one token panel is visible. */
async function shownSlot(frame: Frame): Promise<string | undefined> {
  const visible: string[] = [];
  for (const slot of ['id', 'access', 'refresh']) {
    if (await frame.locator(q(`panel-${slot}`)).first().isVisible().catch(() => false)) visible.push(slot);
  }
  return visible.length === 1 ? visible[0] : undefined;
}

async function noInspectorFrame(wb: Workbench): Promise<boolean> {
  for (const frame of wb.page.frames()) {
    if (frame === wb.page.mainFrame()) continue;
    if ((await frame.locator(q('token-tabs')).count().catch(() => 0)) > 0) return false;
  }
  return true;
}

export const tests: E2ETest[] = [
  {
    name: 'inspector tab: with no inspector open, a click on the "Access token" row opens the inspector on the access token (issue 7, item 18)',
    async run(ctx) {
      const { wb } = ctx;
      await wb.clearNotifications();
      await wb.runCommand('Cognito: Start Sandbox Session');
      await (await wb.quickInputRow(/rotation, \d+ s grace period/, T.long)).click();
      await wb.openViewContainer('Cognito Tokens');
      await wb.treeRow(/^Sandbox demo user \(/).waitFor({ state: 'visible', timeout: T.long });
      // (expandTreePath retries: the tree redraws every second, replacing the row's element)
      await wb.expandTreePath([/^Sandbox demo user \(/]);
      await wb.clearNotifications();

      await wb.closeAllEditors();
      await wb.until('no inspector left open', () => noInspectorFrame(wb));
      const access = wb.treeRow(/^Access token/);
      await access.waitFor({ state: 'visible', timeout: T.long });
      await access.click();
      const frame = await wb.webviewFrame(q('token-tabs'));
      const slot = await wb.until('the inspector showing one token', () => shownSlot(frame), T.long, () => shownSlot(frame));
      assert.equal(slot, 'access', `the new inspector shows the ${slot} token's tab, not the access token's`);

      // The same panel switches to the ID token when its row is clicked.
      await wb.treeRow(/^ID token/).click();
      await wb.until('the inspector showing the ID token', async () => (await shownSlot(frame)) === 'id', T.long, () => shownSlot(frame));
      await wb.closeAllEditors();
    },
  },
];
