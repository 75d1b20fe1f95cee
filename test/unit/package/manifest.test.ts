// The manifest and the packaging allow-list (what users get).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkVsixEntries, HOST_CHUNKS, listZip, readmeForPackage } from '../../../scripts/lib/vsix.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const good = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/dist/extension.js',
  ...HOST_CHUNKS.map((c) => `extension/dist/${c}.js`),
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/readme.md',
  'extension/media/icon.png',
].map((name) => ({ name, size: 10 }));

test('the allow-list accepts exactly what we ship', () => {
  assert.deepEqual(checkVsixEntries(good), []);
  assert.match(checkVsixEntries([...good, { name: 'extension/src/vscode/extension.ts', size: 1 }]).join(), /not on the allow-list/);
  assert.match(checkVsixEntries([...good, { name: 'extension/dist/extension.js.map', size: 1 }]).join(), /sourcemap/);
  assert.match(checkVsixEntries([...good, { name: 'extension/media/screenshots/decode-dark.png', size: 1 }]).join(), /not on the allow-list/);
  assert.match(checkVsixEntries([...good, { name: 'extension/node_modules/jose/package.json', size: 1 }]).join(), /not on the allow-list/);
  assert.match(checkVsixEntries(good.filter((e) => e.name !== 'extension/dist/extension.js')).join(), /missing: extension\/dist\/extension\.js/);
  assert.match(checkVsixEntries(good.filter((e) => e.name !== 'extension/readme.md'), { readme: true }).join(), /missing: extension\/readme\.md/);
  assert.match(checkVsixEntries([...good, { name: 'extension/README.md', size: 1 }]).join(), /twice/);
});

test('.vscodeignore ignores everything and lets in only the allow-list', () => {
  const lines = readFileSync('.vscodeignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(lines[0], '**');
  const chunks = HOST_CHUNKS.map((c) => `!dist/${c}.js`);
  assert.deepEqual(lines.slice(1).sort(), ['!CHANGELOG.md', '!LICENSE', '!dist/codicon.css', '!dist/codicon.ttf', '!dist/extension.js', '!dist/webview.css', '!dist/webview.js', ...chunks, '!media/*', '!package.json'].sort());
});

test('the built .vsix, when there is one, matches the allow-list', (t) => {
  const vsix = '.artifacts/cognito-token-debugger.vsix';
  if (!existsSync(vsix)) return t.skip('no .artifacts/cognito-token-debugger.vsix (npm run package)');
  assert.deepEqual(checkVsixEntries(listZip(vsix), { readme: existsSync('README.md') }), []);
});

test('manifest: commands, activation and capabilities', () => {
  const commands: { command: string; title: string; category: string }[] = pkg.contributes.commands;
  assert.ok(commands.length > 0);
  for (const c of commands) {
    assert.match(c.command, /^cognitoTokenDebugger\.[a-z][A-Za-z]+$/);
    assert.equal(c.category, 'Cognito');
  }
  // Activation is cheap (see activation.test.ts), so the extension activates in every window once
  // startup is done: hover then works in .txt files and untitled buffers too (issue 9, item 2).
  // Never `*`, which would compete with the window's own startup.
  assert.ok(!pkg.activationEvents.includes('*'));
  assert.ok(pkg.activationEvents.includes('onStartupFinished'));
  assert.equal(pkg.main, './dist/extension.js');
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  assert.ok(pkg.capabilities.untrustedWorkspaces.description);
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, true);
  assert.ok(existsSync(pkg.icon), `icon ${pkg.icon} missing`);
});

test('the packaged README keeps absolute links and drops relative ones (no repository URL yet)', () => {
  const md = [
    'See [the sandbox](src/sandbox/README.md) and [AWS](https://docs.aws.amazon.com/cognito/).',
    '![Decoded token](media/screenshots/decode-dark.png)',
    '![remote](https://example.com/x.png) [top](#usage) <img src="media/icon.png" alt="i">',
  ].join('\n');
  assert.equal(
    readmeForPackage(md),
    ['See the sandbox and [AWS](https://docs.aws.amazon.com/cognito/).', '', '![remote](https://example.com/x.png) [top](#usage) '].join('\n'),
  );
});

test("the packaged README is a user's page: developer sections out, the user's getting started in (issue 7 item 23)", () => {
  const page = readmeForPackage(readFileSync('README.md', 'utf8'));
  assert.match(page, /## Getting started/);
  assert.match(page, /Start Sandbox Session/);
  for (const dev of [/from a clone/, /## Screenshots/, /\| Dark \| Light \|/, /npm ci/, /bash \.ci\/run/, /## Benchmarks/, /## How it is built/, /package: (omit|end|only)/]) {
    assert.doesNotMatch(page, dev, `the packaged README still has ${dev}`);
  }
  assert.doesNotMatch(page, /!\[[^\]]*\]\((?![a-z]+:)/, 'no relative image is referenced');
  assert.doesNotMatch(page, /\|\s*\|\s*\|/, 'no empty table row');
  // And the repository's README keeps everything.
  assert.match(readFileSync('README.md', 'utf8'), /## Benchmarks/);
});
