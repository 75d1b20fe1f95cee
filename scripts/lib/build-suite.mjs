// Bundles the integration suite (test/integration/suite) into out/integration/suite as cjs
// for VS Code's --extensionTestsPath. `vscode` is the host's; npm packages (mocha, the AWS
// SDK) stay external and load from the project's node_modules; project sources (the
// sandbox, the shared helpers) are bundled in.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SUITE_OUT = 'out/integration/suite';

export async function buildSuite(root) {
  const src = join(root, 'test/integration/suite');
  const entries = readdirSync(src).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries.map((f) => join(src, f)),
    outdir: join(root, SUITE_OUT),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    external: ['vscode'],
    packages: 'external',
    logLevel: 'warning',
  });
  return resolve(root, SUITE_OUT, 'index.js');
}
