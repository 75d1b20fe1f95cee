// npm run test:integration: the integration suite (test/integration/suite) inside a real
// VS Code extension host: code-server 4.100.3's Node extension host, started through VS Code's
// own extension-test plumbing (the `payload` URL parameter), with the packaged .vsix installed.
//
//   node scripts/integration.mjs [--vsix FILE]      (or CTD_VSIX=FILE; default: npm run package)
//
// Artifacts: .artifacts/integration/ (code-server.log, browser-console.log, result.json,
// the profile with VS Code's logs). The last line is `integration: N passed, N failed`.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { assertChromium, launchOptions } from './lib/browser.mjs';
import { buildSuite } from './lib/build-suite.mjs';
import {
  ensureCodeServer, freePort, freshProfile, installVsix, remoteUri, ROOT, startCodeServer, waitUntil, workbenchUrl,
} from './lib/code-server.mjs';
import { runGuarded } from './lib/run-guard.mjs';
import { ensureVsix } from './lib/vsix-prep.mjs';

const OVERALL_TIMEOUT_MS = Number(process.env.CTD_INTEGRATION_TIMEOUT_S ?? 900) * 1000;
const SUITE_TIMEOUT_MS = Number(process.env.CTD_SUITE_TIMEOUT_S ?? 420) * 1000;
const ART = join(ROOT, '.artifacts/integration');
const HARNESS = join(ROOT, 'test/integration/harness');
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const step = (m) => console.log(`integration: [${elapsed()}] ${m}`);

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

runGuarded('integration', OVERALL_TIMEOUT_MS, async ({ counts, onCleanup }) => {
  assertChromium();
  rmSync(ART, { recursive: true, force: true });
  mkdirSync(ART, { recursive: true });

  const vsix = ensureVsix();
  step(`vsix: ${vsix}`);
  const suiteIndex = await buildSuite(ROOT);
  step(`suite: ${suiteIndex}`);
  const bin = ensureCodeServer();

  const profile = freshProfile(join(ART, 'profile'));
  const workspace = join(ART, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'README.txt'), 'Integration test workspace.\n');
  const resultFile = join(ART, 'result.json');

  step(installVsix(bin, profile, vsix).split('\n').pop());

  const cs = await startCodeServer({
    bin,
    profile,
    port: await freePort(),
    folder: workspace,
    logFile: join(ART, 'code-server.log'),
    env: { CTD_INTEGRATION_RESULT: resultFile, CTD_EXPECT_EXTENSIONS_DIR: profile.extensionsDir, CTD_INTEGRATION_ONLY: process.env.CTD_INTEGRATION_ONLY ?? '' },
  });
  onCleanup(() => cs.stop());
  step(`code-server at ${cs.url} (pid ${cs.child.pid})`);

  // The extension host starts only once a browser is connected: keep a page open throughout.
  const browser = await chromium.launch(launchOptions(join(ART, 'chromium')));
  onCleanup(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.url });
  const page = await context.newPage();
  const consoleLog = createWriteStream(join(ART, 'browser-console.log'));
  onCleanup(() => new Promise((r) => consoleLog.end(r)));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
  let crashed = false;
  page.on('crash', () => (crashed = true));

  const url = workbenchUrl(cs, {
    folder: workspace,
    payload: [
      ['extensionDevelopmentPath', remoteUri(cs, HARNESS)],
      ['extensionTestsPath', remoteUri(cs, suiteIndex)],
    ],
  });
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  step('workbench loaded; waiting for the suite to report');

  const result = await waitUntil(`the suite's result file ${resultFile}`, SUITE_TIMEOUT_MS, () => {
    if (cs.exited) throw new Error(`code-server exited (${JSON.stringify(cs.exited)}) before the suite reported`);
    if (crashed) throw new Error('the browser page crashed before the suite reported');
    if (!existsSync(resultFile)) return false;
    try {
      return JSON.parse(readFileSync(resultFile, 'utf8'));
    } catch {
      return false; // still being written
    }
  }, 500);

  step(`suite ran in ${result.host.app} ${result.host.vscode} (Node ${result.host.node}, ${result.host.uiKind} UI)`);
  for (const t of result.tests) {
    const mark = t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip';
    console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '       '));
  }
  counts.passed += result.passes;
  counts.failed += result.failures;
  if (result.fatal) {
    console.log(`  FAIL suite crashed:\n${result.fatal.replace(/^/gm, '       ')}`);
    counts.failed += 1;
  }

  // Two checks of the redacted output channel, on VS Code's own log files: it logged the
  // decodes, and no log anywhere holds a token.
  const logs = filesUnder(join(profile.userDataDir, 'logs')).concat(join(ART, 'code-server.log'));
  const channel = logs.find((f) => f.endsWith('Cognito Token Debugger.log'));
  const check = (title, ok, detail) => {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${title}${ok ? '' : `: ${detail}`}`);
    if (ok) counts.passed += 1;
    else counts.failed += 1;
  };
  // The decode tests write those lines: a subset run without them (CTD_INTEGRATION_ONLY) has none.
  const only = (process.env.CTD_INTEGRATION_ONLY ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  if (only.length === 0 || only.some((n) => n === 'decode' || n === 'hover')) {
    check('output channel: it logged the decodes', !!channel && /decode: .*Cognito ID token/.test(readFileSync(channel, 'utf8')), `no channel log with decodes (${channel ?? 'no file'})`);
  }
  const leaking = logs.filter((f) => JWT_LIKE.test(readFileSync(f, 'utf8')));
  check('logs: no token in any VS Code log (output channel included)', leaking.length === 0, leaking.join(', '));

  if (result.passes === 0) throw new Error('the suite ran no test');
  step('done');
});
