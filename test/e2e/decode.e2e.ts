// End-to-end: a browser drives the real workbench (code-server) with the packaged .vsix
// installed, on a workspace of real sandbox tokens. Run by scripts/e2e.mjs, in this order.
import * as assert from 'node:assert/strict';
import { positionOf, type E2ETest } from './context';
import { T } from './workbench';

export const tests: E2ETest[] = [
  {
    name: 'the command palette lists the Cognito commands',
    async run({ wb }) {
      for (const title of ['Cognito: Decode Token', 'Cognito: Start Sandbox', 'Cognito: Start Sandbox Session', 'Cognito: Refresh Session', 'Cognito: Open Token Inspector']) {
        await wb.paletteRow(title);
      }
      await wb.closeQuickInput();
    },
  },
  {
    name: 'decodes the ID token under the cursor in .env into a read-only document (dark theme)',
    async run({ wb, ws, userPoolId, shot }) {
      await wb.openFile(ws.files.env);
      const at = positionOf(ws, ws.files.env, 'ID_TOKEN=');
      await wb.goTo(at.line, at.column);
      await wb.runCommand('Cognito: Decode Token');
      await wb.activeTab('Cognito ID token');
      const text = await wb.waitForEditorText(['# Cognito ID token', `**User pool:** \`${userPoolId}\``, '**Kind:** ID token', '**Validity:** valid']);
      assert.ok(!text.includes(ws.tokens.idToken), 'the document repeats the raw token');
      await shot('decode-dark');
      // Typing into the decoded document changes nothing: it is read-only.
      await wb.page.keyboard.type('tampered');
      await wb.page.waitForTimeout(500);
      assert.ok(!(await wb.activeEditorText()).includes('tampered'), 'the decoded document accepted typing');
    },
  },
  {
    name: 'the same decoded document in the light theme',
    async run({ wb, shot }) {
      await wb.setColorTheme('Light Modern');
      await wb.waitForEditorText(['# Cognito ID token']);
      await shot('decode-light');
      await wb.setColorTheme('Dark Modern');
    },
  },
  {
    name: 'decodes the expired Bearer token in api.log and says it has expired',
    async run({ wb, ws, shot }) {
      await wb.openFile(ws.files.log);
      const at = positionOf(ws, ws.files.log, /Authorization: Bearer /, 25);
      await wb.goTo(at.line, at.column);
      await wb.runCommand('Cognito: Decode Token');
      await wb.activeTab('Cognito access token');
      await wb.waitForEditorText(['# Cognito access token', '**Validity:** EXPIRED']);
      await shot('decode-expired-access-token');
    },
  },
  {
    name: 'asks in an input box when there is no token around, and explains input that is not a JWT',
    async run({ page, wb, shot }) {
      await wb.closeAllEditors();
      await page.evaluate("navigator.clipboard.writeText('')").catch(() => undefined); // nothing to find there
      await wb.runCommand('Cognito: Decode Token');
      const input = page.locator('.quick-input-widget', { hasText: 'Paste an ID, access or refresh token' });
      await input.waitFor({ state: 'visible', timeout: T.long });
      await page.keyboard.type('hello.world');
      await page.keyboard.press('Enter');
      const toast = await wb.toast('Cannot decode the text you entered');
      assert.match(toast, /JWT/);
      await shot('not-a-jwt');
      await wb.clearNotifications();
    },
  },
  {
    name: '"Cognito: Start Sandbox" starts the sandbox and shows its endpoint',
    async run({ wb, shot }) {
      await wb.runCommand('Cognito: Start Sandbox');
      const toast = await wb.toast('Cognito sandbox started at http://127.0.0.1:');
      assert.match(toast, /pool [\w-]+_\w+/);
      await shot('sandbox-started');
      await wb.clearNotifications();
    },
  },
];
