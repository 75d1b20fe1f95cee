// The integration suite's entry point (VS Code's --extensionTestsPath): runs every
// *.test.js beside this bundle with mocha inside the real extension host.
//
// VS Code only learns from run() whether it resolved or rejected, and in code-server a
// rejection is not visible at all (the host just stays up). So run() also writes the whole
// result (counts, test names, errors) to CTD_INTEGRATION_RESULT, which the outer script
// waits for. A missing file, a failure or zero tests must fail the run.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  tests: TestOutcome[];
  /** A failure outside any test (a file that does not load, a hook, run() itself). */
  fatal?: string;
  host: { app: string; vscode: string; node: string; uiKind: string };
  startedAt: string;
  finishedAt: string;
}

/** Tests run in this order: activation must see the extension untouched. */
const FIRST = ['activation.test.js'];

function resultFile(): string {
  return process.env.CTD_INTEGRATION_RESULT ?? join(__dirname, '..', 'integration-result.json');
}

function writeResult(result: SuiteResult): void {
  const file = resultFile();
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename would be safer for readers, but the outer script only parses a file
  // that is complete JSON, so a plain write is enough.
  writeFileSync(file, JSON.stringify(result, null, 2));
}

export async function run(): Promise<void> {
  const startedAt = new Date().toISOString();
  const outcomes: TestOutcome[] = [];
  const host = {
    app: vscode.env.appName,
    vscode: vscode.version,
    node: process.version,
    uiKind: vscode.UIKind[vscode.env.uiKind],
  };
  let fatal: string | undefined;
  let failures = 0;

  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
    const files = readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.js'))
      // CTD_INTEGRATION_ONLY=server,signin runs only those files (a developer's loop; CI runs all).
      .filter((f) => !process.env.CTD_INTEGRATION_ONLY || process.env.CTD_INTEGRATION_ONLY.split(',').some((n) => f === `${n.trim()}.test.js`))
      .sort((a, b) => (FIRST.includes(b) ? 1 : 0) - (FIRST.includes(a) ? 1 : 0) || a.localeCompare(b));
    for (const f of files) mocha.addFile(join(__dirname, f));

    failures = await new Promise<number>((resolve) => {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
      runner.on('fail', (t, err: Error) =>
        outcomes.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack ?? String(err) }),
      );
    });
  } catch (err) {
    fatal = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }

  const result: SuiteResult = {
    passes: outcomes.filter((o) => o.state === 'passed').length,
    failures: outcomes.filter((o) => o.state === 'failed').length,
    pending: outcomes.filter((o) => o.state === 'pending').length,
    tests: outcomes,
    ...(fatal ? { fatal } : {}),
    host,
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  writeResult(result);

  if (fatal) throw new Error(`integration suite crashed: ${fatal}`);
  if (failures > 0 || result.failures > 0) throw new Error(`${Math.max(failures, result.failures)} integration test(s) failed`);
  if (result.passes === 0) throw new Error('no integration test ran');
}
