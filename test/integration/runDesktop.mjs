// npm run test:desktop: the SAME integration suite in VS Code desktop (Electron), through
// @vscode/test-electron. It downloads VS Code from Microsoft's update servers, so it runs on
// developer machines and hosted CI with internet access, not on the offline build machines
// (there, `npm run test:integration` runs the suite in code-server). On a Linux machine
// without a display, run it under xvfb-run.
//
//   node test/integration/runDesktop.mjs [--vsix FILE]
//   CTD_VSCODE_VERSION=1.100.3 (default: stable; engines.vscode is ^1.100.0)
//
// As in the code-server run, the extension under test is the packaged .vsix installed into a
// fresh profile; the development path VS Code requires for --extensionTestsPath is the empty
// test/integration/harness extension. Result: .artifacts/desktop/result.json, and the last line
// `desktop: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliPathFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { buildSuite } from '../../scripts/lib/build-suite.mjs';
import { freshProfile, ROOT } from '../../scripts/lib/code-server.mjs';
import { runGuarded } from '../../scripts/lib/run-guard.mjs';
import { ensureVsix } from '../../scripts/lib/vsix-prep.mjs';

const ART = join(ROOT, '.artifacts/desktop');
const HARNESS = join(ROOT, 'test/integration/harness');

runGuarded('desktop', Number(process.env.CTD_DESKTOP_TIMEOUT_S ?? 1200) * 1000, async ({ counts }) => {
  rmSync(ART, { recursive: true, force: true });
  mkdirSync(ART, { recursive: true });
  const vsix = ensureVsix();
  const suiteIndex = await buildSuite(ROOT);

  const vscodeExecutablePath = await downloadAndUnzipVSCode({
    version: process.env.CTD_VSCODE_VERSION ?? 'stable',
    cachePath: join(ROOT, '.vscode-test'),
  });
  const profile = freshProfile(join(ART, 'profile'));
  const workspace = join(ART, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'README.txt'), 'Integration test workspace.\n');
  const profileArgs = [`--extensions-dir=${profile.extensionsDir}`, `--user-data-dir=${profile.userDataDir}`];

  const cli = resolveCliPathFromVSCodeExecutablePath(vscodeExecutablePath);
  const install = spawnSync(cli, [...profileArgs, '--install-extension', vsix], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (install.status !== 0) throw new Error(`installing ${vsix} failed:\n${install.stdout}\n${install.stderr}`);

  const resultFile = join(ART, 'result.json');
  let exitCode;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: HARNESS,
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace, ...profileArgs, '--disable-gpu'],
      extensionTestsEnv: { CTD_INTEGRATION_RESULT: resultFile, CTD_EXPECT_EXTENSIONS_DIR: profile.extensionsDir },
    });
  } catch (err) {
    exitCode = err?.code ?? 1; // runTests rejects when VS Code exits non-zero (a failing run())
  }

  if (!existsSync(resultFile)) throw new Error(`VS Code exited (${exitCode}) and the suite wrote no result`);
  const result = JSON.parse(readFileSync(resultFile, 'utf8'));
  console.log(`desktop: suite ran in ${result.host.app} ${result.host.vscode} (Node ${result.host.node})`);
  for (const t of result.tests) {
    console.log(`  ${t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip'} ${t.title}`);
    if (t.error) console.log(t.error.replace(/^/gm, '       '));
  }
  counts.passed += result.passes;
  counts.failed += result.failures + (result.fatal ? 1 : 0);
  if (exitCode !== 0 && counts.failed === 0) throw new Error(`VS Code exited with ${exitCode}`);
});
