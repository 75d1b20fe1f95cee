// npm run test:e2e: Chromium (playwright-core) drives the real VS Code workbench (code-server
// 4.100.3) with the packaged .vsix installed, on a workspace of real sandbox tokens.
// Run with tsx (it imports the TypeScript tests and sandbox): node --import tsx scripts/e2e.mjs
//
//   [--vsix FILE]            test this .vsix (or CTD_VSIX); default: npm run package
//   [--update-screenshots]   when every test passed, make media/screenshots/ the curated set
//                            (CURATED below: copied over, other PNGs there removed)
//
// Tests: test/e2e/decode.e2e.ts, then test/e2e/sessions.e2e.ts (issue 4's flow: sandbox session,
// tree, status bar, palette refresh, hover, inspector, an injected RefreshTokenReuseException),
// windows.e2e.ts (two windows on one profile: the first never sends the token the second rotated
// out, and refreshes after a reload), serverSessions.e2e.ts (two server-side sessions of the demo
// user: listed, the other revoked, its refresh failing with its explanation),
// hostile.e2e.ts (hostile claims in the hover and
// the inspector), managedLogin.e2e.ts (managed login: Chromium fills in the sandbox's login form).
// Artifacts: .artifacts/e2e/ (screenshots/, code-server.log, browser-console.log, workspace/,
// failures.log). The last line is `e2e: N passed, N failed`.
import { copyFileSync, createWriteStream, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startSandbox } from '../src/sandbox/index.ts';
import { tests as decodeTests } from '../test/e2e/decode.e2e.ts';
import { tests as sessionTests } from '../test/e2e/sessions.e2e.ts';
import { tests as windowTests } from '../test/e2e/windows.e2e.ts';
import { tests as serverSessionTests } from '../test/e2e/serverSessions.e2e.ts';
import { tests as hostileTests } from '../test/e2e/hostile.e2e.ts';
import { tests as managedLoginTests } from '../test/e2e/managedLogin.e2e.ts';
import { tests as inspectorTabTests } from '../test/e2e/inspectorTab.e2e.ts';
import { Workbench } from '../test/e2e/workbench.ts';
import { assertChromium, launchOptions } from './lib/browser.mjs';
import { ensureCodeServer, freePort, freshProfile, installVsix, ROOT, startCodeServer, workbenchUrl } from './lib/code-server.mjs';
import { writeDemoWorkspace } from './lib/demo-workspace.ts';
import { scanForSecrets } from './lib/secret-scan.mjs';
import { runGuarded } from './lib/run-guard.mjs';
import { ensureVsix } from './lib/vsix-prep.mjs';

// Known and documented (../shared/guide): the SDK's notice that later releases need Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const OVERALL_TIMEOUT_MS = Number(process.env.CTD_E2E_TIMEOUT_S ?? 900) * 1000;
const PER_TEST_TIMEOUT_MS = 120_000;
const ART = join(ROOT, '.artifacts/e2e');
const RUN_STARTED = Date.now();
const SHOTS = join(ART, 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const THEMES = { light: 'Light Modern', dark: 'Dark Modern' };
// The README set (media/screenshots/, replaced as a whole by --update-screenshots): each
// subject of issue 4 in the light and the dark theme.
const CURATED = [
  'sessions-tree-dark', 'sessions-tree-light',
  'hover-dark', 'hover-light',
  'inspector-claims-dark', 'inspector-claims-light',
  'inspector-failure-dark', 'inspector-failure-light',
];
// In this order: each file builds on the sessions the ones before it left (see their headers).
const allTests = [...decodeTests, ...sessionTests, ...windowTests, ...serverSessionTests, ...hostileTests, ...managedLoginTests, ...inspectorTabTests];
// CTD_E2E_ONLY=<text> runs only the tests whose name contains it (a developer's loop; CI runs all).
const tests = process.env.CTD_E2E_ONLY ? allTests.filter((t) => t.name.includes(process.env.CTD_E2E_ONLY)) : allTests;

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
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
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
    shotsDir: SHOTS,
    async shot(name, { keepMouse = false } = {}) {
      const file = join(SHOTS, `${name}.png`);
      if (!keepMouse) await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height - 60); // away from anything with a hover
      await wb.settle();
      await page.screenshot({ path: file });
      return file;
    },
    async setTheme(kind) {
      if ((await wb.themeKind()) !== kind) await wb.setColorTheme(THEMES[kind]);
    },
  };
  const failures = createWriteStream(join(ART, 'failures.log'));
  onCleanup(() => new Promise((r) => failures.end(r)));

  for (const test of tests) {
    const started = Date.now();
    try {
      await withTimeout(test.run(ctx), test.timeoutMs ?? PER_TEST_TIMEOUT_MS, test.name);
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

  // Secret hygiene: nothing the run wrote (code-server's user data: logs, state.vscdb, global and
  // workspace storage; the browser profile, where code-server keeps SecretStorage encrypted; the
  // console and server logs) holds a token, a client secret or the demo password in clear. The
  // workspace of tokens written above on purpose is left out. Counted as one test.
  {
    const secrets = [sandbox.info.user.password, ...sandbox.info.clients.map((c) => c.clientSecret).filter(Boolean)];
    // Playwright's browser profile (IndexedDB, Local Storage: code-server's SecretStorage and
    // workbench state) is a temporary folder, deleted when the browser closes: scanned while open.
    const browserProfiles = readdirSync(tmpdir())
      .filter((n) => n.startsWith('playwright_chromiumdev_profile-'))
      .map((n) => join(tmpdir(), n))
      .filter((p) => statSync(p).mtimeMs >= RUN_STARTED - 1000);
    // A canary planted where the run writes: the scan must report it, or it sees nothing.
    const canary = join(ART, 'hygiene-canary.log');
    writeFileSync(canary, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJoeWdpZW5lLWNhbmFyeSJ9.Y2FuYXJ5LXNpZ25hdHVyZQ\n');
    const scanned = scanForSecrets({
      roots: [ART, ...browserProfiles],
      secrets,
      base: ART,
      // The installed extension is code, not something the run wrote (the sandbox's fixed demo
      // credentials are in it); the built-in sandbox's state file is the server's own database,
      // which holds its demo config (the demo password and client secret, public and printed by
      // `npm run demo`) but must hold no token (refresh tokens only as SHA-256 digests).
      skip: (p) => p.startsWith(ws.dir) || p.startsWith(SHOTS) || p.startsWith(profile.extensionsDir),
      tokensOnly: (p) => /[\\/]sandbox[\\/]state\.json$/.test(p),
    });
    rmSync(canary, { force: true });
    const files = scanned.files;
    const sawCanary = scanned.hits.some((h) => h.file === 'hygiene-canary.log');
    const hits = scanned.hits.filter((h) => h.file !== 'hygiene-canary.log');
    if (!sawCanary) hits.push({ file: 'hygiene-canary.log', what: 'the planted canary token was NOT found: the scan cannot see what it looks for' });
    if (hits.length === 0) {
      counts.passed += 1;
      console.log(`  ok   secret hygiene: ${files} files the run wrote (${browserProfiles.length} browser profile(s) included), 0 hits outside SecretStorage and the demo workspace (a canary planted among them was found)`);
    } else {
      counts.failed += 1;
      console.log(`  FAIL secret hygiene: ${hits.length} hit(s) in ${files} files:\n${hits.map((h) => `       ${h.file}: ${h.what}`).join('\n')}`);
    }
  }

  if (process.argv.includes('--update-screenshots') && counts.failed === 0) {
    const dest = join(ROOT, 'media/screenshots');
    mkdirSync(dest, { recursive: true });
    for (const old of readdirSync(dest)) if (old.endsWith('.png') && !CURATED.includes(old.slice(0, -4))) rmSync(join(dest, old));
    for (const shot of CURATED) copyFileSync(join(SHOTS, `${shot}.png`), join(dest, `${shot}.png`));
    step(`${CURATED.length} curated screenshots copied to ${dest}`);
  }
  step(`screenshots in ${SHOTS}`);
});
