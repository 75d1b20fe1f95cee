// Runs first (index.ts orders it): none of the extension's commands has run yet.
//
// Activation is cheap: dist/extension.js holds what activation runs and nothing else. The AWS
// SDK, the refresh service, the paste parsers, the catalog, the inspector's view model, the
// sandbox, and also the token engine, the hover's work, Decode Token, the record parser and the
// tree's items are chunk files beside it that load on first use (scripts/build.mjs). So the
// extension activates in every window once startup is done (`onStartupFinished`), and hover
// works in plain-text files and untitled buffers too.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HOST_CHUNKS } from '../../../scripts/lib/vsix.mjs';
import { closeAllEditors, cognitoShapedToken, DECODE, extension, waitFor } from './helpers';

const OPEN_INSPECTOR = 'cognitoTokenDebugger.openInspector';

/** The files of the installed extension's dist/ that node has loaded in this host, read from require.cache. */
function distFilesLoaded(): string[] {
  const dist = realpathSync(path.join(extension().extensionPath, 'dist'));
  return Object.keys(require.cache)
    .filter((f) => path.dirname(f) === dist)
    .map((f) => path.basename(f))
    .sort();
}

/** Our hovers at `position` (other providers may hover too): the trusted ones that link to the inspector. */
async function ourHoverTexts(doc: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const all = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position)) ?? [];
  return all
    .filter((h) => {
      const first = h.contents[0];
      const trusted = first instanceof vscode.MarkdownString ? first.isTrusted : undefined;
      return typeof trusted === 'object' && trusted.enabledCommands?.includes(OPEN_INSPECTOR) === true;
    })
    .map((h) => h.contents.map((c) => (c instanceof vscode.MarkdownString ? c.value : typeof c === 'string' ? c : c.value)).join('\n'));
}

/** Hovers the token in `doc` and checks that our provider answers with its decoded header. */
async function assertHoverDecodes(doc: vscode.TextDocument, token: string, kid: string): Promise<void> {
  await vscode.window.showTextDocument(doc);
  const position = doc.positionAt(doc.getText().indexOf(token) + 20);
  // The provider is registered at activation; retried only while the document is being attached.
  const texts = await waitFor('a hover of ours', async () => {
    const t = await ourHoverTexts(doc, position);
    return t.length > 0 ? t : undefined;
  });
  assert.equal(texts.length, 1, `expected one hover of ours, got ${texts.length}`);
  const text = texts[0] as string;
  assert.ok(text.includes(kid), 'the hover does not show the header (kid)');
  assert.ok(text.includes('RS256'), 'the hover does not show the header (alg)');
}

describe('activation', () => {
  it('the extension under test is the installed .vsix, not a development folder, with every chunk file', () => {
    const ext = extension();
    const extensionsDir = process.env.CTD_EXPECT_EXTENSIONS_DIR;
    if (extensionsDir) {
      const rel = path.relative(extensionsDir, ext.extensionPath);
      assert.ok(!rel.startsWith('..') && !path.isAbsolute(rel), `${ext.extensionPath} is not under ${extensionsDir}`);
    }
    // Only the packaged bundles exist there: no sources, no sourcemaps.
    assert.equal(ext.packageJSON.main, './dist/extension.js');
    for (const chunk of HOST_CHUNKS) {
      const file = path.join(ext.extensionPath, 'dist', `${chunk}.js`);
      assert.ok(existsSync(file), `the package has no dist/${chunk}.js`);
      assert.ok(!existsSync(`${file}.map`), `the package has dist/${chunk}.js.map`);
    }
  });

  it('activates once startup has finished (onStartupFinished, never "*")', async () => {
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activationEvents has "*"');
    assert.ok(events.includes('onStartupFinished'), 'activationEvents lacks onStartupFinished');
    // No command of ours has run: VS Code activates it on its own.
    await waitFor('the extension to activate on startup', () => extension().isActive, 60_000);
  });

  it('activation loaded no chunk: only dist/extension.js (no AWS SDK, refresh, catalog, inspector, sandbox, token engine, ...)', () => {
    // Two views of one fact: the modules node loaded from dist/ (read here), and the extension's own hook.
    // (extension.js itself is left out: how the host loads an extension's main file is its business.)
    assert.deepEqual(distFilesLoaded().filter((f) => f !== 'extension.js'), []);
    assert.deepEqual(extension().exports.selfTest.lazyModulesLoaded(), []);
  });

  it('hovering a token in a new untitled plain-text buffer shows our decoded hover', async () => {
    const token = cognitoShapedToken({}, { kid: 'untitled-buffer-kid' });
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `pasted from the app log:\n\nAuthorization: Bearer ${token}\n` });
    assert.equal(doc.uri.scheme, 'untitled');
    assert.equal(doc.languageId, 'plaintext');
    await assertHoverDecodes(doc, token, 'untitled-buffer-kid');
    await closeAllEditors();
  });

  it('hovering a token in a .txt file shows our decoded hover', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ctd-activation-'));
    try {
      const token = cognitoShapedToken({}, { kid: 'txt-file-kid' });
      const file = path.join(dir, 'notes.txt');
      writeFileSync(file, `id token: ${token}\n`);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      assert.equal(doc.languageId, 'plaintext');
      await assertHoverDecodes(doc, token, 'txt-file-kid');
      await closeAllEditors();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hovering and decoding loaded neither the AWS SDK nor the sandbox', async () => {
    const summary = await vscode.commands.executeCommand<{ ok: boolean }>(DECODE, cognitoShapedToken({}));
    assert.equal(summary?.ok, true);
    await closeAllEditors();
    const loaded = extension().exports.selfTest.lazyModulesLoaded();
    for (const heavy of ['sdk', 'refresh', 'sandbox']) assert.ok(!loaded.includes(heavy), `${heavy} was loaded (${loaded.join(', ')})`);
    assert.ok(!distFilesLoaded().includes('sdk.js'));
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
