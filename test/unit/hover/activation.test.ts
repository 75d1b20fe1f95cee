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

test('activation: never at startup (no "*", no onStartupFinished, no bare onLanguage, no plaintext)', () => {
  // onLanguage:plaintext fires at startup in every window: the workbench's input widgets are
  // plain-text editors (seen in the extension-host log of the integration run).
  for (const eager of ['*', 'onStartupFinished', 'onLanguage', 'onLanguage:plaintext']) {
    assert.ok(!events.includes(eager), `activationEvents has ${eager}`);
  }
});
