#!/usr/bin/env node
// `npm test`: every check and every test suite, in order, with one summary line at the end
// that a person and a machine can read ("N passed, N failed").
//
// Stages: build -> typecheck -> lint -> audit -> unit (node:test) -> bench-smoke -> package (.vsix + content check)
//         -> integration (mocha inside code-server's real extension host)
//         -> e2e (Chromium driving the real workbench).
// Every stage runs even if an earlier test stage failed (so one run shows everything),
// except that a failed build/package stops the stages that need its output.
import { spawn } from 'node:child_process';

const only = process.argv.slice(2);
const stages = [
  { name: 'build', cmd: ['npm', 'run', '-s', 'build'], gate: true },
  { name: 'typecheck', cmd: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', cmd: ['npm', 'run', '-s', 'lint'] },
  // npm audit --omit=dev: fails on a high or critical finding; says 'not checked' where the advisory endpoint cannot be reached.
  { name: 'audit', cmd: ['npm', 'run', '-s', 'audit'] },
  { name: 'unit', cmd: ['npm', 'run', '-s', 'test:unit'], counts: nodeTestCounts },
  // The benchmark is not a test (its targets are ratios for `npm run bench`): this only checks its rows still run.
  { name: 'bench-smoke', cmd: ['npm', 'run', '-s', 'bench', '--', '--smoke'] },
  { name: 'package', cmd: ['npm', 'run', '-s', 'package'], gate: true, optional: true },
  { name: 'integration', cmd: ['npm', 'run', '-s', 'test:integration'], counts: summaryCounts('integration'), optional: true },
  { name: 'e2e', cmd: ['npm', 'run', '-s', 'test:e2e'], counts: summaryCounts('e2e'), optional: true },
];

function nodeTestCounts(out) {
  const pass = /^ℹ pass (\d+)$/m.exec(out);
  const fail = /^ℹ fail (\d+)$/m.exec(out);
  if (!pass || !fail) return undefined;
  return { passed: Number(pass[1]), failed: Number(fail[1]) };
}
function summaryCounts(label) {
  const re = new RegExp(`^${label}: (\\d+) passed, (\\d+) failed`, 'm');
  return (out) => {
    const m = re.exec(out);
    return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
  };
}

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (chunk) => {
      out += chunk.toString();
      if (out.length > 4_000_000) out = out.slice(-2_000_000);
    };
    child.stdout.on('data', (c) => { process.stdout.write(c); keep(c); });
    child.stderr.on('data', (c) => { process.stderr.write(c); keep(c); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
    child.on('error', (e) => resolve({ code: 127, out: String(e) }));
  });
}

const scripts = (await import('node:fs')).readFileSync('package.json', 'utf8');
const declared = JSON.parse(scripts).scripts ?? {};
const results = [];
let blocked = false;
for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  const script = stage.cmd[3];
  if (stage.optional && !declared[script]) {
    results.push({ name: stage.name, status: 'not set up' });
    continue;
  }
  if (blocked && (stage.name === 'integration' || stage.name === 'e2e')) {
    results.push({ name: stage.name, status: 'skipped (an earlier stage failed)', failed: true });
    continue;
  }
  const started = Date.now();
  console.log(`\n=== ${stage.name}: ${stage.cmd.join(' ')}`);
  const { code, out } = await run(stage.cmd);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = stage.counts?.(out);
  const failed = code !== 0 || (stage.counts && (!counts || counts.passed + counts.failed === 0));
  results.push({ name: stage.name, seconds, code, counts, failed, status: failed ? 'FAILED' : 'ok' });
  if (failed && stage.gate) blocked = true;
}

let passed = 0;
let failedTests = 0;
console.log('\n=== summary');
for (const r of results) {
  const c = r.counts ? ` ${r.counts.passed} passed, ${r.counts.failed} failed` : '';
  const t = r.seconds ? ` (${r.seconds} s)` : '';
  console.log(`${r.name.padEnd(12)} ${r.status}${c}${t}`);
  if (r.counts) {
    passed += r.counts.passed;
    failedTests += r.counts.failed;
  }
  // A stage that failed without a test count (a crash, a lint error) counts as one failure.
  if (r.failed && (!r.counts || r.counts.failed === 0)) failedTests += 1;
}
const ok = results.every((r) => !r.failed) && passed > 0;
console.log(`${passed} passed, ${failedTests} failed`);
process.exit(ok ? 0 : 1);
