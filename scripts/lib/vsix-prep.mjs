// The .vsix under test: a prebuilt one (--vsix FILE or CTD_VSIX), else `npm run package`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './code-server.mjs';

export const DEFAULT_VSIX = join(ROOT, '.artifacts/cognito-token-debugger.vsix');

export function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

export function ensureVsix() {
  const given = argValue('--vsix') ?? process.env.CTD_VSIX;
  if (given) {
    const p = resolve(given);
    if (!existsSync(p)) throw new Error(`no .vsix at ${p}`);
    return p;
  }
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/package.mjs'), '--out', DEFAULT_VSIX], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('npm run package failed');
  return DEFAULT_VSIX;
}
