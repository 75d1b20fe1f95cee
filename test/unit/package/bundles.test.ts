// The host bundle layout (scripts/build.mjs): dist/extension.js holds what activation needs,
// every heavy module lives in its own file, and no module is in two bundles.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkVsixEntries, HOST_CHUNKS } from '../../../scripts/lib/vsix.mjs';
import { removeSplitBuild, sourcesOf, splitBuild } from './splitBuild';

after(() => removeSplitBuild());

/** What activation must not carry, by path (independent of the build's own rules). */
const HEAVY: { what: string; test: (file: string) => boolean }[] = [
  { what: 'the AWS SDK', test: (f) => /^node_modules\/(@aws-sdk|@smithy|@aws-crypto|bowser)\//.test(f) },
  { what: 'the sandbox', test: (f) => f.startsWith('src/sandbox/') },
  { what: 'the paste parsers', test: (f) => f.startsWith('src/core/import/') },
  { what: 'the refresh service', test: (f) => f.startsWith('src/core/refresh/') },
  { what: "the catalog's texts", test: (f) => f === 'src/core/errors/catalog.ts' || f === 'src/core/errors/docs.ts' },
  { what: 'the inspector view model / webview host', test: (f) => ['src/vscode/inspector/panel.ts', 'src/vscode/inspector/viewModel.ts', 'src/vscode/inspector/html.ts'].includes(f) },
];

/**
 * What activation does not run, though modules it loads import it (a static import that crosses
 * into a chunk is a lazy getter, see scripts/build.mjs): it must stay out of dist/extension.js,
 * or loading that file pays for compiling and evaluating it in every window.
 */
const NOT_AT_ACTIVATION: { what: string; test: (file: string) => boolean }[] = [
  { what: 'the token engine', test: (f) => f.startsWith('src/core/token/') },
  { what: 'Decode Token', test: (f) => f.startsWith('src/vscode/decode/') && f !== 'src/vscode/decode/tokenDocuments.ts' },
  { what: "the hover's work, markdown and copy links", test: (f) => ['src/vscode/hover/nearby.ts', 'src/vscode/hover/render.ts', 'src/vscode/hover/copy.ts'].includes(f) },
  { what: 'the record parser', test: (f) => f === 'src/core/sessions/serialize.ts' },
  { what: "the sessions' views", test: (f) => f === 'src/vscode/sessions/view.ts' },
  { what: "the tree's items", test: (f) => f === 'src/vscode/tree/treeItems.ts' },
  { what: 'the error classification', test: (f) => f.startsWith('src/core/errors/') && f !== 'src/core/errors/redact.ts' },
  { what: 'the prompts, pickers and messages of commands', test: (f) => /^src\/vscode\/sessions\/(prompts|pickSession|feedback|deadToken)\.ts$/.test(f) },
  { what: 'jose', test: (f) => f.startsWith('node_modules/jose/') },
];

/** Minified; the target is 150 KB (ideally 60 KB). Today about 63 KB: this bound catches a heavy module coming back. */
const MAX_ACTIVATION_BUNDLE_BYTES = 80_000;

test('dist/extension.js is minified, under 80 KB, and holds none of the heavy modules', () => {
  const { dir, metafiles } = splitBuild();
  const size = statSync(join(dir, 'extension.js')).size;
  assert.ok(size < MAX_ACTIVATION_BUNDLE_BYTES, `dist/extension.js is ${size} bytes`);
  // Minified: esbuild's minifier leaves no indented lines.
  const code = readFileSync(join(dir, 'extension.js'), 'utf8');
  assert.ok(!/\n {2}\S/.test(code.slice(0, 20_000)), 'dist/extension.js looks unminified');
  const inExtension = sourcesOf(metafiles.extension);
  assert.ok(inExtension.includes('src/vscode/extension.ts'));
  for (const heavy of HEAVY) {
    const found = inExtension.filter(heavy.test);
    assert.deepEqual(found, [], `dist/extension.js holds ${heavy.what}`);
  }
  // No text of the SDK's model either (its service name is in every command it defines).
  assert.ok(!code.includes('AWSCognitoIdentityProviderService'), 'the SDK is in dist/extension.js');
});

test('dist/extension.js leaves out what activation does not run, and each of those is in a chunk', () => {
  const { metafiles } = splitBuild();
  const inExtension = sourcesOf(metafiles.extension);
  const inChunks = new Set(HOST_CHUNKS.flatMap((c) => sourcesOf(metafiles[c]!)));
  for (const part of NOT_AT_ACTIVATION) {
    assert.deepEqual(inExtension.filter(part.test), [], `dist/extension.js holds ${part.what}`);
    assert.ok([...inChunks].some(part.test), `no chunk holds ${part.what}`);
  }
});

test("each bundle takes the VS Code API once (one require('vscode'), not one namespace copy per importing module)", () => {
  // esbuild's interop turns every module's `import * as vscode from 'vscode'` into its own copy of
  // the API's ~400 names; scripts/build.mjs makes the bundle's modules read the names they use
  // from one require instead.
  const { dir, metafiles } = splitBuild();
  for (const bundle of Object.keys(metafiles)) {
    const code = readFileSync(join(dir, `${bundle}.js`), 'utf8');
    const requires = code.split('require("vscode")').length - 1;
    assert.ok(requires <= 1, `dist/${bundle}.js requires vscode ${requires} times`);
  }
  const extension = readFileSync(join(dir, 'extension.js'), 'utf8');
  assert.equal(extension.split('require("vscode")').length - 1, 1, 'dist/extension.js does not require vscode');
});

test('each heavy module is in its own chunk, and no source file is in two bundles', () => {
  const { metafiles } = splitBuild();
  assert.deepEqual(Object.keys(metafiles).sort(), ['extension', ...HOST_CHUNKS].sort());
  const where = new Map<string, string[]>();
  for (const [bundle, meta] of Object.entries(metafiles)) {
    for (const f of sourcesOf(meta)) where.set(f, [...(where.get(f) ?? []), bundle]);
  }
  const twice = [...where].filter(([, bundles]) => bundles.length > 1).map(([f, b]) => `${f} (${b.join(', ')})`);
  assert.deepEqual(twice, [], 'modules duplicated across bundles');
  // Each kind of heavy module lands in exactly one chunk, and it is not extension.js.
  for (const heavy of HEAVY) {
    const bundles = new Set([...where].filter(([f]) => heavy.test(f)).flatMap(([, b]) => b));
    assert.equal(bundles.size, 1, `${heavy.what} is in ${[...bundles].join(', ') || 'no bundle'}`);
    assert.ok(!bundles.has('extension'));
  }
  // The SDK's own entry is in dist/sdk.js.
  assert.ok([...where].some(([f, b]) => f.startsWith('node_modules/@aws-sdk/client-cognito-identity-provider/') && b[0] === 'sdk'));
});

test('every chunk file exists, is on the .vsix allow-list, and is required in the package', () => {
  const { dir } = splitBuild();
  const ignore = readFileSync('.vscodeignore', 'utf8').split('\n').map((l) => l.trim());
  const base = ['[Content_Types].xml', 'extension.vsixmanifest', 'extension/package.json', 'extension/dist/extension.js', 'extension/LICENSE.txt', 'extension/changelog.md'];
  const chunks = HOST_CHUNKS.map((c) => `extension/dist/${c}.js`);
  const entries = [...base, ...chunks].map((name) => ({ name, size: 10 }));
  assert.deepEqual(checkVsixEntries(entries), []);
  for (const c of HOST_CHUNKS) {
    assert.ok(existsSync(join(dir, `${c}.js`)), `no ${c}.js in the build`);
    assert.ok(statSync(join(dir, `${c}.js`)).size > 0, `${c}.js is empty`);
    assert.ok(ignore.includes(`!dist/${c}.js`), `.vscodeignore does not let in dist/${c}.js`);
    const without = entries.filter((e) => e.name !== `extension/dist/${c}.js`);
    assert.match(checkVsixEntries(without).join(), new RegExp(`missing: extension/dist/${c}\\.js`));
  }
  // Sourcemaps of chunks stay out as well.
  assert.match(checkVsixEntries([...entries, { name: 'extension/dist/sdk.js.map', size: 1 }]).join(), /sourcemap/);
});
