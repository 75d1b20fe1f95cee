// npm run package: production bundles, then `vsce package` into .artifacts/, then a check
// that the .vsix holds exactly the allow-list (.vscodeignore) and a non-empty bundle.
//   node scripts/package.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { checkVsixEntries, listZip, readmeForPackage } from './lib/vsix.mjs';

const root = resolve(import.meta.dirname, '..');
const outArg = process.argv.indexOf('--out');
const out = resolve(root, outArg > 0 ? process.argv[outArg + 1] : '.artifacts/cognito-token-debugger.vsix');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const t0 = Date.now();
run(process.execPath, ['scripts/build.mjs', '--production']);
mkdirSync(dirname(out), { recursive: true });

const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const readmeArgs = [];
// vsce rewrites the README's relative links to the repository and refuses to package without
// one: until package.json names a repository, package a copy without relative links.
if (!manifest.repository && existsSync(resolve(root, 'README.md'))) {
  const packaged = '.artifacts/package/README.md'; // vsce stores it as extension/readme.md
  mkdirSync(resolve(root, dirname(packaged)), { recursive: true });
  writeFileSync(resolve(root, packaged), readmeForPackage(readFileSync(resolve(root, 'README.md'), 'utf8')));
  readmeArgs.push('--readme-path', packaged);
}
// --no-dependencies: everything is bundled by esbuild. --allow-missing-repository: the
// project has no public repository URL yet (package.json `repository` is unset on purpose).
run(process.execPath, [
  resolve(root, 'node_modules/@vscode/vsce/vsce'),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--skip-license', // LICENSE is present; this only stops vsce from prompting when it is not
  ...readmeArgs,
  '--out',
  out,
]);

const entries = listZip(out);
for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
const problems = checkVsixEntries(entries, { readme: existsSync(resolve(root, 'README.md')) });
if (problems.length > 0) {
  for (const p of problems) console.error(`package: ${p}`);
  console.error(`package: ${relative(root, out)} does not match the allow-list`);
  process.exit(1);
}
console.log(`package: ${relative(root, out)} (${entries.length} entries, allow-list ok) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
