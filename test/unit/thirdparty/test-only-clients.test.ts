// The third-party sign-in clients (AWS Amplify JS, amazon-cognito-identity-js) are for these tests
// only: pinned devDependencies, imported by nothing the extension ships (src/, webview/), so the
// bundles (esbuild from src/ and webview/) cannot carry them and `vsce package --no-dependencies`
// with the .vscodeignore allow-list ships no node_modules at all.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const TEST_ONLY = ['aws-amplify', '@aws-amplify/', 'amazon-cognito-identity-js'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [p] : [];
  });
}

/** Module specifiers a source file imports or requires (static, dynamic, require). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  // Linear: a quote, then characters that are not that quote or a line break.
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]{1,200})\1/gm)) out.push(m[2]);
  return out;
}

test('the specifier reader sees static, dynamic and require imports', () => {
  assert.deepEqual(specifiers("import { a } from 'aws-amplify/auth';\nconst b = await import(\"@aws-amplify/core\");\nconst c = require('amazon-cognito-identity-js');\nimport 'x';"), [
    'aws-amplify/auth', '@aws-amplify/core', 'amazon-cognito-identity-js', 'x',
  ]);
});

test('no shipped source imports a test-only sign-in client', () => {
  const offenders = ['src', 'webview'].flatMap((d) => sources(join(root, d))).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => TEST_ONLY.some((t) => s === t || s.startsWith(t.endsWith('/') ? t : `${t}/`)))
      .map((s) => `${relative(root, file)}: ${s}`));
  assert.deepEqual(offenders, []);
});

test('the test-only clients are pinned devDependencies, never dependencies', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  for (const name of ['aws-amplify', 'amazon-cognito-identity-js']) {
    assert.equal(manifest.dependencies?.[name], undefined, `${name} is a runtime dependency`);
    assert.match(manifest.devDependencies?.[name] ?? '', /^\d+\.\d+\.\d+$/, `${name} is not an exactly pinned devDependency`);
  }
  for (const name of Object.keys(manifest.dependencies ?? {})) assert.ok(!name.startsWith('@aws-amplify/'), `${name} is a runtime dependency`);
});
