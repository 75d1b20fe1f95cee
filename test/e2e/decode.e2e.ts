// End-to-end: a browser drives the real workbench (code-server) with the packaged .vsix
// installed, on a workspace of real sandbox tokens. Run by scripts/e2e.mjs, in this order.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { DemoWorkspace } from '../../scripts/lib/demo-workspace';
import { T, Workbench } from './workbench';

export interface E2EContext {
  page: Page;
  wb: Workbench;
  ws: DemoWorkspace;
  userPoolId: string;
  /** Saves .artifacts/e2e/screenshots/<name>.png and returns its path. */
  shot(name: string): Promise<string>;
}

export interface E2ETest {
  name: string;
  run(ctx: E2EContext): Promise<void>;
}

/** 1-based line and column of a position `into` characters past `prefix` in `file`. */
function positionOf(ws: DemoWorkspace, file: string, prefix: string | RegExp, into = 30): { line: number; column: number } {
  const lines = readFileSync(join(ws.dir, file), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let end = -1;
    if (typeof prefix === 'string') end = lines[i].startsWith(prefix) ? prefix.length : -1;
    else {
      const m = prefix.exec(lines[i]);
      end = m ? m.index + m[0].length : -1;
    }
    if (end >= 0) return { line: i + 1, column: end + 1 + into };
  }
  throw new Error(`${prefix} not in ${file}`);
}

export const tests: E2ETest[] = [
  {
    name: 'the command palette lists "Cognito: Decode Token" and "Cognito: Start Sandbox"',
    async run({ wb }) {
      await wb.paletteRow('Cognito: Decode Token', undefined, 'Cognito:');
      await wb.quickInputRow('Cognito: Start Sandbox');
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
