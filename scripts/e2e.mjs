// npm run test:e2e: Chromium (playwright-core) drives the real VS Code workbench (code-server
// 4.100.3) with the packaged .vsix installed, on a workspace of real sandbox tokens.
// Run with tsx (it imports the TypeScript tests and sandbox): node --import tsx scripts/e2e.mjs
//
//   [--vsix FILE]            test this .vsix (or CTD_VSIX); default: npm run package
//   [--update-screenshots]   also copy the curated screenshots to media/screenshots/
//
// Artifacts: .artifacts/e2e/ (screenshots/, code-server.log, browser-console.log, workspace/).
// The last line is `e2e: N passed, N failed`.
import { copyFileSync, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startSandbox } from '../src/sandbox/index.ts';
import { tests } from '../test/e2e/decode.e2e.ts';
import { Workbench } from '../test/e2e/workbench.ts';
import { assertChromium, launchOptions } from './lib/browser.mjs';
import { ensureCodeServer, freePort, freshProfile, installVsix, ROOT, startCodeServer, workbenchUrl } from './lib/code-server.mjs';
import { writeDemoWorkspace } from './lib/demo-workspace.ts';
import { runGuarded } from './lib/run-guard.mjs';
import { ensureVsix } from './lib/vsix-prep.mjs';

// Known and documented (../shared/guide): the SDK's notice that later releases need Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const OVERALL_TIMEOUT_MS = Number(process.env.CTD_E2E_TIMEOUT_S ?? 900) * 1000;
const PER_TEST_TIMEOUT_MS = 120_000;
const ART = join(ROOT, '.artifacts/e2e');
const SHOTS = join(ART, 'screenshots');
const CURATED = { 'decode-dark': 'decode-dark.png', 'decode-light': 'decode-light.png' };

const t0 = Date.now();
const step = (m) => console.log(`e2e: [${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`);

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms))),
  ]);
}

runGuarded('e2e', OVERALL_TIMEOUT_MS, async ({ counts, onCleanup }) => {
  assertChromium();
  rmSync(ART, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });

  const vsix = ensureVsix();
  step(`vsix: ${vsix}`);
  const bin = ensureCodeServer();

  const sandbox = await startSandbox({});
  onCleanup(() => sandbox.close());
  const ws = await writeDemoWorkspace(join(ART, 'workspace'), sandbox);
  step(`sandbox at ${sandbox.endpoint}; workspace ${ws.dir}`);

  const profile = freshProfile(join(ART, 'profile'), { 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false });
  installVsix(bin, profile, vsix);
  const cs = await startCodeServer({ bin, profile, port: await freePort(), folder: ws.dir, logFile: join(ART, 'code-server.log') });
  onCleanup(() => cs.stop());
  step(`code-server at ${cs.url}`);

  const browser = await chromium.launch(launchOptions(join(ART, 'chromium')));
  onCleanup(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.url });
  const page = await context.newPage();
  const consoleLog = createWriteStream(join(ART, 'browser-console.log'));
  onCleanup(() => new Promise((r) => consoleLog.end(r)));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));

  await page.goto(workbenchUrl(cs, { folder: ws.dir }), { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const wb = new Workbench(page);
  await wb.ready();
  step('workbench ready');

  // More room for the decoded document: the screenshots show the token file and the result side by side.
  await wb.runCommand('View: Close Primary Side Bar');

  const ctx = {
    page,
    wb,
    ws,
    userPoolId: sandbox.info.userPoolId,
    async shot(name) {
      const file = join(SHOTS, `${name}.png`);
      await page.mouse.move(640, 740); // away from anything with a hover
      await page.screenshot({ path: file });
      return file;
    },
  };
  const failures = createWriteStream(join(ART, 'failures.log'));
  onCleanup(() => new Promise((r) => failures.end(r)));

  for (const test of tests) {
    const started = Date.now();
    try {
      await withTimeout(test.run(ctx), PER_TEST_TIMEOUT_MS, test.name);
      counts.passed += 1;
      console.log(`  ok   ${test.name} (${Date.now() - started} ms)`);
    } catch (err) {
      counts.failed += 1;
      // The message here; the whole stack in failures.log (tsx's stacks are long).
      console.log(`  FAIL ${test.name} (${Date.now() - started} ms)\n${String(err?.message ?? err).replace(/^/gm, '       ')}`);
      failures.write(`${test.name}\n${err?.stack ?? err}\n\n`);
      await ctx.shot(`FAIL-${counts.passed + counts.failed}`).catch(() => undefined);
      await wb.closeQuickInput().catch(() => undefined);
    }
  }

  if (process.argv.includes('--update-screenshots') && counts.failed === 0) {
    const dest = join(ROOT, 'media/screenshots');
    mkdirSync(dest, { recursive: true });
    for (const [shot, file] of Object.entries(CURATED)) copyFileSync(join(SHOTS, `${shot}.png`), join(dest, file));
    step(`curated screenshots copied to ${dest}`);
  }
  step(`screenshots in ${SHOTS}`);
});
