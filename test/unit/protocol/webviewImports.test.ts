// The webview bundle runs in the browser and may import only its own files, src/shared and
// the element library: never the host (src/vscode), the core, node or the VS Code API.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { test } from 'node:test';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

test('webview/ imports only webview/, src/shared/ and @vscode-elements/elements', () => {
  const found: string[] = [];
  for (const file of files('webview')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      found.push(spec);
      if (spec.startsWith('@vscode-elements/elements/')) continue;
      assert.ok(spec.startsWith('.'), `${file} imports the package ${spec}`);
      const target = normalize(join(file, '..', spec));
      assert.ok(target.startsWith('webview') || target.startsWith(normalize('src/shared')), `${file} imports ${spec} (${target})`);
    }
  }
  assert.ok(found.includes('../src/shared/protocol'), 'the scan found nothing: is the pattern right?');
});

test('src/shared/ imports nothing but src/shared/', () => {
  for (const file of files('src/shared')) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      assert.ok(spec.startsWith('./') && !spec.includes('..'), `${file} imports ${spec}`);
    }
  }
});
