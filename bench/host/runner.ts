// The host rows' measuring side: VS Code's extension-test runner (`extensionTestsPath`), run
// inside the real extension host by scripts/bench-host.mjs, once per round (one fresh host per
// round). Bundled by that script with esbuild; `vscode` is the host's, npm packages load from
// the project's node_modules.
//
// Per round:
// 1. activation: `Extension.activate()` of three development extensions, in an order that
//    rotates with the round: an empty one, one whose activate() `require`s the AWS SDK (the
//    floor "a fresh require of the SDK in the same host") and ours (the packaged bundle, its
//    activation events emptied so that nothing activates it before this call);
// 2. refresh: the Refresh Session command against a sandbox started here, with 1 and then 10
//    stored sessions, interleaved with the floor: a bare SDK send of the same operation from
//    this host plus one SecretStorage write (through the empty extension's secrets);
// 3. inspector: opening the Token Inspector on a token until its webview said ready and got
//    its state, interleaved with the floor: a bare webview panel (same column, scripts on)
//    until its script said ready.
// The result (milliseconds, wall clock) goes to $CTD_BENCH_HOST_RESULT. Nothing here asserts:
// bench-host.mjs computes the ratios.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CognitoTokenDebuggerApi } from '../../src/vscode/api';

export const OURS = 'cognito-token-debugger.cognito-token-debugger';
export const EMPTY = 'ctd-bench.bench-empty';
export const SDK = 'ctd-bench.bench-sdk';
export const WARMUP = 'ctd-bench.bench-warmup';

interface EmptyApi {
  secretWrite(key: string, value: string): Thenable<void>;
  openBare(html: string): Promise<number>;
}

export interface HostRoundResult {
  round: number;
  order: string[];
  activationMs: Record<string, number>;
  activeBefore: Record<string, boolean>;
  lazyAfterActivation?: readonly string[];
  refresh?: { sessions: number; commandMs: number[]; floorMs: number[] }[];
  inspector?: { oursMs: number[]; bareMs: number[]; stalls: { ours: number; bare: number }; unsettled: number };
  errors: string[];
  host: { vscode: string; node: string };
}

function env(name: string, fallback: string): string {
  return process.env[name] ?? fallback;
}

export async function run(): Promise<void> {
  const round = Number(env('CTD_BENCH_HOST_ROUND', '0'));
  const phases = env('CTD_BENCH_HOST_PHASES', 'activation,refresh,inspector').split(',');
  const inner = Number(env('CTD_BENCH_HOST_INNER', '8'));
  const ids = [EMPTY, SDK, OURS];
  const order = ids.map((_, i) => ids[(i + round) % ids.length] as string);
  const result: HostRoundResult = { round, order, activationMs: {}, activeBefore: {}, errors: [], host: { vscode: vscode.version, node: process.version } };
  try {
    // Untimed: the host's first activation pays for what every first activation loads.
    await vscode.extensions.getExtension(WARMUP)?.activate();
    for (const id of order) {
      const ext = vscode.extensions.getExtension(id);
      if (!ext) {
        const dev = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
        throw new Error(`extension ${id} is not loaded (loaded: ${dev.join(', ')})`);
      }
      result.activeBefore[id] = ext.isActive;
      const t0 = performance.now();
      await ext.activate();
      result.activationMs[id] = performance.now() - t0;
    }
    const ours = vscode.extensions.getExtension<CognitoTokenDebuggerApi>(OURS)?.exports;
    const empty = vscode.extensions.getExtension<EmptyApi>(EMPTY)?.exports;
    if (!ours || !empty) throw new Error('an extension returned no API');
    result.lazyAfterActivation = ours.selfTest.lazyModulesLoaded();
    // The SDK and the sandbox load only now, after the activation figures (the SDK extension's
    // require must be the host's first).
    const phase = await import('./phases');
    if (phases.includes('refresh')) result.refresh = await phase.refreshPhase(ours, empty, inner);
    if (phases.includes('inspector')) result.inspector = await phase.inspectorPhase(ours, empty, Number(env('CTD_BENCH_HOST_INSPECTOR_INNER', '3')));
  } catch (error) {
    result.errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  writeFileSync(env('CTD_BENCH_HOST_RESULT', 'bench-host-result.json'), JSON.stringify(result, null, 2));
}
