// The hover needs the extension active, and VS Code has no hover activation event: package.json
// lists onLanguage events for the languages tokens live in (see src/vscode/hover/hoverProvider.ts).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const events: string[] = JSON.parse(readFileSync('package.json', 'utf8')).activationEvents;

test('activation: onLanguage for the languages tokens live in', () => {
  for (const language of ['log', 'json', 'jsonc', 'markdown', 'properties', 'dotenv', 'yaml', 'shellscript', 'http', 'javascript', 'typescript', 'python']) {
    assert.ok(events.includes(`onLanguage:${language}`), `no onLanguage:${language}`);
  }
});

test('activation: after startup, never during it (onStartupFinished; no "*", no bare onLanguage, no plaintext)', () => {
  // Issue 9, item 2: activation is cheap now (it loads no heavy chunk), so it happens once the
  // window has started, and hovers work in plain-text files and untitled buffers too.
  // onLanguage:plaintext would fire during startup in every window (the workbench's input
  // widgets are plain-text editors), so it stays out.
  assert.ok(events.includes('onStartupFinished'), 'no onStartupFinished');
  for (const eager of ['*', 'onLanguage', 'onLanguage:plaintext']) {
    assert.ok(!events.includes(eager), `activationEvents has ${eager}`);
  }
});
