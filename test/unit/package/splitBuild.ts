// Shared by the bundle tests: the production host build of the current sources, made once per
// test process into a temporary folder by `node scripts/build.mjs --production` (so it is what
// `npm run package` ships), with every bundle's esbuild metafile.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Metafile {
  inputs: Record<string, { bytes: number; imports: { path: string; kind: string; external?: boolean }[] }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }>; entryPoint?: string }>;
}

export interface SplitBuild {
  dir: string;
  /** `{ bundle name: metafile }`, one per dist/<bundle>.js. */
  metafiles: Record<string, Metafile>;
  remove(): void;
}

let built: SplitBuild | undefined;

/** Removes the build, if one was made. */
export function removeSplitBuild(): void {
  built?.remove();
  built = undefined;
}

export function splitBuild(): SplitBuild {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'ctd-bundles-'));
  const meta = join(dir, 'meta.json');
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', dir, '--metafile', meta], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/build.mjs failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  built = {
    dir,
    metafiles: JSON.parse(readFileSync(meta, 'utf8')) as Record<string, Metafile>,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return built;
}

/** The source files an output holds (virtual link modules and the generated entries left out). */
export function sourcesOf(meta: Metafile): string[] {
  return Object.values(meta.outputs)
    .flatMap((o) => Object.keys(o.inputs))
    .filter((f) => !f.includes(':') && !f.startsWith('<'));
}
