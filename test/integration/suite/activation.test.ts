// Runs first (index.ts orders it): nothing has touched the extension yet.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, cognitoShapedToken, DECODE, extension } from './helpers';

describe('activation', () => {
  it('the extension under test is the installed .vsix, not a development folder', () => {
    const ext = extension();
    const extensionsDir = process.env.CTD_EXPECT_EXTENSIONS_DIR;
    if (extensionsDir) {
      const rel = path.relative(extensionsDir, ext.extensionPath);
      assert.ok(!rel.startsWith('..') && !path.isAbsolute(rel), `${ext.extensionPath} is not under ${extensionsDir}`);
    }
    // Only the packaged bundle exists there: no sources, no sourcemaps.
    assert.equal(ext.packageJSON.main, './dist/extension.js');
  });

  it('declares no eager activation (no "*", no onStartupFinished)', () => {
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activationEvents has "*"');
    assert.ok(!events.includes('onStartupFinished'), 'activationEvents has onStartupFinished');
  });

  it('is not active until its first command, then active', async () => {
    const ext = extension();
    assert.equal(ext.isActive, false, 'the extension was activated before any of its commands ran');
    const summary = await vscode.commands.executeCommand<{ ok: boolean }>(DECODE, cognitoShapedToken({}));
    assert.equal(summary?.ok, true);
    assert.equal(ext.isActive, true);
    await closeAllEditors();
  });

  it('evaluated no lazily loaded module at activation (sandbox, AWS SDK)', () => {
    assert.deepEqual(extension().exports.selfTest.lazyModulesLoaded(), []);
  });

  it('registers exactly the commands that package.json contributes', async () => {
    const ext = extension();
    const contributed: { command: string; category?: string; title: string }[] = ext.packageJSON.contributes.commands;
    const manifestIds = contributed.map((c) => c.command).sort();
    assert.deepEqual([...ext.exports.commandIds].sort(), manifestIds, 'command table vs package.json');
    // VS Code itself registers `<view id>.focus`, `.open`, ... for every contributed view.
    const viewIds: string[] = Object.values(ext.packageJSON.contributes.views ?? {}).flatMap((vs) => (vs as { id: string }[]).map((v) => v.id));
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('cognitoTokenDebugger.') && !viewIds.some((v) => id.startsWith(`${v}.`)))
      .sort();
    assert.deepEqual(registered, manifestIds, 'registered commands vs package.json');
    for (const c of contributed) assert.equal(c.category, 'Cognito', `${c.command} has category ${String(c.category)}`);
  });
});
