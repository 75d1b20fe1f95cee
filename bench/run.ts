/**
 * `npm run bench`: every path measured side by side with its floor, in one run.
 *
 * Each row runs its floor and our code interleaved (floor first on even rounds,
 * ours first on odd ones), several rounds after a warm-up, and reports the
 * median and the spread (min-max) of both and the ratio of the medians against
 * the row's target. Compute-only rows compare this process's CPU time (user +
 * system, all threads: GC and the thread pool included), so other processes on
 * a loaded machine do not decide the ratio; rows that wait on I/O (refresh)
 * compare wall time. Both clocks are in the JSON. The figures go to `.artifacts/bench.json`; the exit code is
 * non-zero when a ratio misses its target or a row crashes.
 *
 *   --smoke   every row once, tiny inputs, for CI: exits 0 unless a row crashes
 *   --host    also the rows that need the real VS Code host (activation, the Refresh
 *             Session command, the inspector): scripts/bench-host.mjs runs them in
 *             code-server with the packaged .vsix (npm run package first); without
 *             --host they print "not run here: use --host"
 *   --json <file>  where to write the figures (default .artifacts/bench.json)
 *   --only <word>  run only the rows whose name contains <word> (scan, verify, decode, hover, refresh);
 *             with --host also the host phases with a row whose name contains it, ignoring case
 *             (activation, refresh, inspector; `host` runs them all), passed on as bench-host's --phases
 *
 * Rows (issue 9):
 *   scan      findTokens over 50 MB (token-free logs with ~1M `ey`/`ew` pairs; the same with 19
 *             tokens; ~6,000 tokens) vs the bare regex: throughput >= 0.9x
 *   linear    findTokens 50 MB / 10 MB: <= 6x (5x is linear)
 *   verify    verifyToken with a warm key set cache vs jose.jwtVerify with the key imported: >= 0.9x
 *   decode    decodeToken vs jose.decodeJwt: <= 10x (reported; decode does classification and times too)
 *   hover     the hover's own work (window, tokenAt, render) on a 1 KB file, a 10 MB single line and a
 *             100,000-line log vs jose.decodeJwt: <= 10x, and the three within +-20% of each other
 *   refresh   RefreshService.refresh (in-memory store) vs a bare SDK send of GetTokensFromRefreshToken,
 *             both to the in-process sandbox on a non-rotating client: <= 1.10x
 *   memory    heap after thousands of refreshes: flat
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeJwt, importJWK, jwtVerify } from 'jose';
import { decodeToken, findTokenAt, findTokens, JwksCache, verifyToken } from '../src/core/token';
import {
  accessTokenClaims,
  CLIENT_ID,
  createSigningKey,
  FIXED_NOW_MS,
  idTokenClaims,
  jwksOf,
  refreshTokenJwe,
  signToken,
} from '../test/fixtures/tokens/factory';
import { startJwksServer } from '../test/fixtures/tokens/jwks-server';
import { CLASSIFY_SHAPES, pastePathological, REDACT_SHAPES } from '../test/fixtures/adversarial';
import { logWithTokens, MiB, repeatTo, sprinkledChunk, tokenFreeChunk } from './corpus';

const args = process.argv.slice(2);
const SMOKE = args.includes('--smoke');
const HOST = args.includes('--host');
const jsonAt = args.indexOf('--json');
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const JSON_PATH = jsonAt >= 0 && args[jsonAt + 1] !== undefined ? (args[jsonAt + 1] as string) : '.artifacts/bench.json';

/** The bare regex the scanner is measured against (issue 9). */
const BARE_REGEX = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

interface Stats {
  medianMs: number;
  minMs: number;
  maxMs: number;
  samples: number;
}

type ClockKind = 'cpu' | 'wall';

interface Measured {
  base: Stats;
  ours: Stats;
  clock: ClockKind;
  /** The other clock's figures, for the JSON. */
  other: { base: Stats; ours: Stats };
}

interface Row {
  name: string;
  floor: string;
  ours?: Stats;
  base?: Stats;
  clock?: ClockKind;
  other?: { base: Stats; ours: Stats };
  /** What `ratio` means: throughput = floor time / our time (higher is better); cost = our time / floor time. */
  kind: 'throughput' | 'cost';
  ratio?: number;
  target: string;
  pass: boolean;
  note?: string;
  status: 'measured' | 'not-run' | 'crashed';
}

const rows: Row[] = [];

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return { medianMs: median, minMs: s[0] ?? 0, maxMs: s[s.length - 1] ?? 0, samples: s.length };
}

interface Sample {
  wall: number;
  cpu: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** ms per call of `fn` over `inner` calls, wall and CPU. */
async function sample(fn: () => unknown, inner: number): Promise<Sample> {
  const cpu0 = cpuMs();
  const start = performance.now();
  for (let i = 0; i < inner; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
  return { wall: (performance.now() - start) / inner, cpu: (cpuMs() - cpu0) / inner };
}

/** Sync variant: no await between calls, for microsecond work. */
function sampleSync(fn: () => unknown, inner: number): Sample {
  const cpu0 = cpuMs();
  const start = performance.now();
  for (let i = 0; i < inner; i++) fn();
  return { wall: (performance.now() - start) / inner, cpu: (cpuMs() - cpu0) / inner };
}

interface PairOptions {
  rounds: number;
  inner: number;
  sync?: boolean;
  /** Default 'cpu'. */
  clock?: ClockKind;
}

/** Floor and ours, interleaved, after one warm-up round each. */
async function pair(floor: () => unknown, ours: () => unknown, o: PairOptions): Promise<Measured> {
  const run = async (fn: () => unknown): Promise<Sample> => (o.sync === true ? sampleSync(fn, o.inner) : sample(fn, o.inner));
  await run(floor);
  await run(ours);
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let r = 0; r < o.rounds; r++) {
    if (r % 2 === 0) {
      a.push(await run(floor));
      b.push(await run(ours));
    } else {
      b.push(await run(ours));
      a.push(await run(floor));
    }
  }
  const clock = o.clock ?? 'cpu';
  const pick = (xs: Sample[], k: ClockKind) => stats(xs.map((x) => x[k]));
  const other: ClockKind = clock === 'cpu' ? 'wall' : 'cpu';
  return { base: pick(a, clock), ours: pick(b, clock), clock, other: { base: pick(a, other), ours: pick(b, other) } };
}

function addPairRow(
  name: string,
  floor: string,
  kind: Row['kind'],
  limit: number,
  measured: Measured,
  correct: boolean,
  note?: string,
): void {
  const ratio = kind === 'throughput' ? measured.base.medianMs / measured.ours.medianMs : measured.ours.medianMs / measured.base.medianMs;
  const pass = correct && (kind === 'throughput' ? ratio >= limit : ratio <= limit);
  rows.push({
    name: correct ? name : `${name} (WRONG RESULT)`,
    floor,
    base: measured.base,
    ours: measured.ours,
    clock: measured.clock,
    other: measured.other,
    kind,
    ratio,
    target: kind === 'throughput' ? `>= ${limit.toFixed(2)}x` : `<= ${limit.toFixed(2)}x`,
    pass,
    status: 'measured',
    ...(note !== undefined ? { note } : {}),
  });
}

async function row(name: string, body: () => Promise<void>): Promise<void> {
  if (ONLY !== undefined && !name.includes(ONLY)) return;
  try {
    await body();
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    rows.push({ name, floor: '-', kind: 'cost', target: '-', pass: false, status: 'crashed', note: message });
  }
}

function bareRegexMatches(text: string): number {
  BARE_REGEX.lastIndex = 0;
  const found: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = BARE_REGEX.exec(text)) !== null) found.push(m[0]);
  return found.length;
}

async function main(): Promise<void> {
  console.log(`Benchmark${SMOKE ? ' (smoke: one tiny round per row)' : ''}: node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}\n`);
  const key = await createSigningKey('bench-kid');
  const idToken = await signToken(key, idTokenClaims());
  const accessToken = await signToken(key, accessTokenClaims());
  const refreshToken = await refreshTokenJwe();
  const tokens = [idToken, accessToken, refreshToken];
  const big = SMOKE ? 1 : 50;
  const small = SMOKE ? 0.2 : 10;
  const scanRounds = SMOKE ? 1 : 9;

  // --- scan -----------------------------------------------------------------------------------
  const scanRow = async (label: string, text: string, expected: number): Promise<void> => {
    let found = -1;
    const measured = await pair(
      () => bareRegexMatches(text),
      () => (found = findTokens(text, { maxTokens: Number.POSITIVE_INFINITY }).length),
      { rounds: scanRounds, inner: 1, sync: true },
    );
    addPairRow(`scan ${(text.length / MiB).toFixed(0)} MB, ${label}`, 'bare regex', 'throughput', 0.9, measured, found === expected);
  };
  let freeBig = '';
  await row('scan, no tokens', async () => {
    freeBig = repeatTo(tokenFreeChunk(), big).text;
    await scanRow('logs, no tokens (~1M ey/ew pairs per 50 MB)', freeBig, 0);
  });
  await row('scan, 19 tokens', async () => {
    const logs = logWithTokens(tokens, 19, big);
    await scanRow('logs with 19 tokens', logs.text, logs.count);
  });
  await row('scan, many tokens', async () => {
    const sprinkled = sprinkledChunk(tokens);
    const { text, repeats } = repeatTo(sprinkled.text, big);
    await scanRow(`${sprinkled.count * repeats} tokens (one per 8 KB)`, text, sprinkled.count * repeats);
  });
  await row('scan linearity', async () => {
    const freeSmall = repeatTo(tokenFreeChunk(), small).text;
    if (freeBig === '') freeBig = repeatTo(tokenFreeChunk(), big).text;
    const scan = (t: string) => () => findTokens(t, { maxTokens: Number.POSITIVE_INFINITY });
    const measured = await pair(scan(freeSmall), scan(freeBig), { rounds: scanRounds, inner: 1, sync: true });
    const expected = freeBig.length / freeSmall.length;
    const ratio = measured.ours.medianMs / measured.base.medianMs;
    const limit = expected * 1.2;
    rows.push({
      name: `scan linearity, ${(freeBig.length / MiB).toFixed(0)} MB vs ${(freeSmall.length / MiB).toFixed(1)} MB`,
      floor: `${(freeSmall.length / MiB).toFixed(1)} MB scan`,
      base: measured.base,
      ours: measured.ours,
      clock: measured.clock,
      other: measured.other,
      kind: 'cost',
      ratio,
      target: `<= ${limit.toFixed(2)}x (${expected.toFixed(1)}x is linear)`,
      pass: ratio <= limit,
      status: 'measured',
    });
  });
  freeBig = '';

  // --- linearity of what reads untrusted text: redaction, classification, the paste importer ---
  // Each adversarial shape (test/fixtures/adversarial.ts, the shapes the unit tests check for the
  // right answer) at n and 4 n characters; the row is the worst shape's ratio (the floor: the same
  // shape at n), against the 4x a linear cost gives. n is 1M (250k for the paste importer, whose
  // limit is 1 MB): below a few hundred thousand characters a shape's output still fits V8's
  // young generation and the ratio measures where it stops fitting (seen: redact of eyJ- 3.8 ms
  // at 200k, 13.4 ms at 400k, then 25.6 ms at 800k), not the code's growth.
  const linearityRow = async (label: string, shapes: ReadonlyArray<readonly [string, (n: number) => () => unknown]>, n: number): Promise<void> => {
    const factor = 4;
    let worst = { ratio: 0, label: '', measured: undefined as Measured | undefined };
    for (const [shape, at] of shapes) {
      const measured = await pair(at(n), at(n * factor), { rounds: SMOKE ? 1 : 5, inner: 1, sync: true });
      const ratio = measured.ours.medianMs / Math.max(measured.base.medianMs, 1e-6);
      if (ratio > worst.ratio) worst = { ratio, label: shape, measured };
    }
    const limit = factor * 1.5;
    const m = worst.measured;
    rows.push({
      name: `${label} linearity, ${(n * factor).toLocaleString('en-US')} vs ${n.toLocaleString('en-US')} characters (worst of ${shapes.length} adversarial shapes)`,
      floor: `the same shape at ${n.toLocaleString('en-US')}`,
      ...(m ? { base: m.base, ours: m.ours, clock: m.clock, other: m.other } : {}),
      kind: 'cost',
      ratio: worst.ratio,
      target: `<= ${limit.toFixed(2)}x (${factor}x is linear, quadratic ${factor * factor}x)`,
      pass: worst.ratio <= limit,
      status: 'measured',
      note: `worst: ${worst.label}`,
    });
  };
  const linearN = SMOKE ? 10_000 : 1_000_000;
  await row('redact linearity', async () => {
    const { redact } = await import('../src/core/errors/redact');
    await linearityRow('redact', REDACT_SHAPES.map(([label, make]) => [label, (n: number) => { const text = make(n); return () => redact(text); }] as const), linearN);
  });
  await row('classification linearity', async () => {
    const { catalogId, explain } = await import('../src/core/errors');
    await linearityRow(
      'error classification',
      CLASSIFY_SHAPES.map(([label, name, make]) => [label, (n: number) => { const message = make(n); return () => { catalogId({ name, message }); explain({ name, message }); }; }] as const),
      linearN,
    );
  });
  await row('paste import linearity', async () => {
    const { parseSessionPaste, MAX_PASTE_LENGTH } = await import('../src/core/import');
    const labels = pastePathological(1000, idToken).map(([label]) => label);
    await linearityRow(
      'paste import',
      labels.map((label, k) => [label, (n: number) => { const text = pastePathological(n, idToken)[k]![1]; return () => parseSessionPaste(text, { now: FIXED_NOW_MS }); }] as const),
      SMOKE ? 10_000 : Math.floor((MAX_PASTE_LENGTH - 16) / 4),
    );
  });

  // --- verify (warm) --------------------------------------------------------------------------
  await row('verify', async () => {
    const server = await startJwksServer(() => ({ body: JSON.stringify(jwksOf(key)) }));
    try {
      const issuer = `${server.origin}/us-east-1_Bench1`;
      const token = await signToken(key, idTokenClaims({ issuer }));
      const jwksUri = `${server.origin}/us-east-1_Bench1/.well-known/jwks.json`;
      const cache = new JwksCache();
      const options = { jwksUri, cache, now: FIXED_NOW_MS, expectedClientId: CLIENT_ID, expectedTokenUse: 'id' as const };
      const first = await verifyToken(token, options);
      const imported = await importJWK(key.publicJwk, 'RS256');
      const currentDate = new Date(FIXED_NOW_MS);
      let ok = first.status === 'verified';
      const measured = await pair(
        () => jwtVerify(token, imported, { currentDate, algorithms: ['RS256'], issuer, audience: CLIENT_ID }),
        async () => {
          if ((await verifyToken(token, options)).status !== 'verified') ok = false;
        },
        { rounds: SMOKE ? 1 : 21, inner: SMOKE ? 3 : 100 },
      );
      addPairRow('verify, warm key set cache', 'jose.jwtVerify, key imported', 'throughput', 0.9, measured, ok && server.requests.size === 1);
    } finally {
      await server.close();
    }
  });

  // --- decode ---------------------------------------------------------------------------------
  await row('decode', async () => {
    let ok = true;
    const measured = await pair(
      () => decodeJwt(idToken),
      () => {
        if (!decodeToken(idToken, { now: FIXED_NOW_MS }).ok) ok = false;
      },
      { rounds: SMOKE ? 1 : 9, inner: SMOKE ? 10 : 20_000, sync: true },
    );
    addPairRow(`decode, ID token (${idToken.length} chars)`, 'jose.decodeJwt', 'cost', 10, measured, ok, 'decodeToken also classifies the token and reads its time claims');
  });

  // --- hover ----------------------------------------------------------------------------------
  await row('hover', async () => {
    const hover = await hoverWork();
    const line = 'x'.repeat(40) + ' ';
    const oneKb = `{"IdToken":"${idToken}"}\n`.padEnd(1024, ' ');
    const tenMbLine = (() => {
      const half = repeatTo(`{"id":1,"name":"item","eyes":"new","v":"1.2.3"},`, SMOKE ? 0.1 : 5).text;
      return `${half}{"IdToken":"${idToken}"},${half}`;
    })();
    const manyLines = (() => {
      const lines: string[] = [];
      const n = SMOKE ? 1000 : 100_000;
      for (let i = 0; i < n; i++) lines.push(i === n >> 1 ? `2025-06-01 DEBUG token=${idToken}` : `2025-06-01 INFO ${line}${i}`);
      return lines.join('\n');
    })();
    const cases: Array<[string, string]> = [
      ['1 KB file', oneKb],
      [`${(tenMbLine.length / MiB).toFixed(0)} MB single line`, tenMbLine],
      [`${manyLines.split('\n').length.toLocaleString('en-US')}-line log`, manyLines],
    ];
    for (const near of [false, true]) {
      const prefix = near ? 'hover + neighbourhood' : 'hover';
      const runs: Array<() => void> = [];
      let allOk = true;
      for (const [label, text] of cases) {
        const at = text.indexOf(idToken) + 100;
        let ok = true;
        const run = () => {
          if (!hover.run(text, at, near)) ok = false;
        };
        const measured = await pair(() => decodeJwt(idToken), run, { rounds: SMOKE ? 1 : 21, inner: SMOKE ? 5 : 500, sync: true });
        runs.push(() => {
          if (!hover.run(text, at, near)) allOk = false;
        });
        addPairRow(`${prefix}, ${label}`, 'jose.decodeJwt', 'cost', 10, measured, ok, near ? hover.whatNear : hover.what);
      }
      // The three against each other, measured in the same rounds (the order rotating), so that a
      // change in the machine's load between the rows above does not decide the comparison.
      // Compared round by round: each sample against the mean of its round's three, the median of
      // those per input. The machine's load comes in phases of a second or more that slow all
      // three alike (seen in the samples: ~30 µs, then ~55 µs, then ~30 µs again, for every input);
      // comparing each input's median on its own let the phases decide which input looked slower
      // (one run 33.0 / 36.9 / 46.7 µs, the next 48.3 / 53.3 / 52.2 µs, with the log fastest).
      // An input that is slower in every round is still slower by as much here.
      const inner = SMOKE ? 5 : 250;
      const rounds = SMOKE ? 1 : 41;
      const samples: number[][] = runs.map(() => []);
      for (const fn of runs) sampleSync(fn, inner);
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < runs.length; k++) {
          const i = (k + r) % runs.length;
          samples[i]?.push(sampleSync(runs[i] as () => void, inner).cpu);
        }
      }
      const relative = samples.map((xs) =>
        xs.map((x, r) => x / (samples.reduce((sum, ys) => sum + (ys[r] ?? 0), 0) / samples.length)),
      );
      const relMedians = relative.map((xs) => stats(xs).medianMs);
      const spread = Math.max(...relMedians) / Math.min(...relMedians);
      const medians = samples.map((xs) => stats(xs).medianMs);
      rows.push({
        name: `${prefix}, the three inputs against each other${allOk ? '' : ' (WRONG RESULT)'}`,
        floor: 'the fastest of the three',
        kind: 'cost',
        ratio: spread,
        target: '<= 1.20x',
        pass: allOk && spread <= 1.2,
        status: 'measured',
        note: `against the round's mean ${relMedians.map((m) => m.toFixed(3)).join(' / ')} (median over ${rounds} interleaved rounds, CPU time); medians ${medians.map((m) => `${(m * 1000).toFixed(1)} µs`).join(' / ')}`,
      });
    }
  });

  // --- refresh and memory ---------------------------------------------------------------------
  await row('refresh', () => refreshRows());

  // --- host rows ------------------------------------------------------------------------------
  const phases = hostPhases(ONLY);
  if (HOST && phases.length > 0) hostRows(phases);
  else if (!HOST) {
    for (const phase of phases) {
      rows.push({ name: HOST_PHASES[phase].label, floor: '-', kind: 'cost', target: '-', pass: true, status: 'not-run', note: 'not run here: use --host' });
    }
  }

  printTable();
  writeJson();
  const crashed = rows.filter((r) => r.status === 'crashed');
  const missed = rows.filter((r) => r.status === 'measured' && !r.pass);
  if (SMOKE) {
    console.log(crashed.length === 0 ? '\nSmoke: every row ran.' : `\nSmoke: ${crashed.length} row(s) crashed.`);
    process.exitCode = crashed.length === 0 ? 0 : 1;
  } else {
    const bad = crashed.length + missed.length;
    console.log(bad === 0 ? '\nAll targets met.' : `\n${missed.length} target(s) missed, ${crashed.length} row(s) crashed.`);
    process.exitCode = bad === 0 ? 0 : 1;
  }
}

/**
 * The hover's own work per request: cut the window the provider reads around the cursor, find
 * and decode the token (src/vscode/hover/nearby.ts `tokenAt`) and render it (render.ts). Those
 * modules import no `vscode`; when they cannot be loaded here, the core calls alone are timed.
 */
async function hoverWork(): Promise<{ run: (text: string, at: number, withNeighbourhood: boolean) => boolean; what: string; whatNear: string }> {
  const LINE_WINDOW = 64 * 1024 + 64;
  const cut = (text: string, at: number): [string, number] => {
    const from = Math.max(0, at - LINE_WINDOW);
    return [text.slice(from, Math.min(text.length, at + LINE_WINDOW)), at - from];
  };
  try {
    const nearby = await import('../src/vscode/hover/nearby');
    const render = await import('../src/vscode/hover/render');
    // The neighbourhood hoverProvider.ts reads for a Cognito token (is there a session to add?):
    // nearby.neighbourhoodRange, the range the provider reads. The provider finds line boundaries
    // in VS Code's line model; here a line index built once per text (outside the timed work)
    // plays that model.
    const lineIndexes = new Map<string, number[]>();
    const lineStarts = (text: string): number[] => {
      let starts = lineIndexes.get(text);
      if (starts === undefined) {
        starts = [0];
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
        lineIndexes.set(text, starts);
      }
      return starts;
    };
    const lineOf = (starts: number[], at: number): number => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((starts[mid] ?? 0) <= at) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const neighbourhood = (text: string, tokenStart: number, tokenEnd: number): [string, number] => {
      const starts = lineStarts(text);
      const lines = {
        lineCount: starts.length,
        lineStart: (line: number) => starts[line] ?? text.length,
        lineEnd: (line: number) => (line + 1 < starts.length ? (starts[line + 1] ?? text.length) - 1 : text.length),
      };
      const { start, end } = nearby.neighbourhoodRange(lineOf(starts, tokenStart), tokenStart, tokenEnd, lines);
      return [text.slice(start, end), tokenStart - start];
    };
    return {
      what: 'window + nearby.tokenAt + render.renderTokenHover (the steps every token takes)',
      whatNear:
        `the same + a Cognito token's neighbourhood (nearby.neighbourhoodRange: up to ${nearby.NEARBY_LIMITS.lines} lines, and ${nearby.NEARBY_LIMITS.chars.toLocaleString('en-US')} characters on each side of the token, then nearby.sessionPasteNear): every step of the provider`,
      run: (text, at, withNeighbourhood) => {
        const [window, offset] = cut(text, at);
        const options = { now: FIXED_NOW_MS };
        const found = nearby.tokenAt(window, offset, options);
        if (found === undefined || !found.result.ok) return false;
        const token = found.result.token;
        if (!withNeighbourhood) return render.renderTokenHover({ token }).links.length > 0;
        const tokenStart = at - offset + found.found.start;
        const [near, nearAt] = neighbourhood(text, tokenStart, tokenStart + found.found.raw.length);
        const sessionPaste = near.startsWith(found.found.raw, nearAt)
          ? nearby.sessionPasteNear(near, { ...found.found, start: nearAt, end: nearAt + found.found.raw.length }, token, options)
          : undefined;
        return render.renderTokenHover({ token, ...(sessionPaste !== undefined ? { sessionPaste } : {}) }).links.length > 0;
      },
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      what: `window + findTokenAt + decodeToken (src/vscode/hover not loadable: ${why})`,
      whatNear: `window + findTokenAt + decodeToken (src/vscode/hover not loadable: ${why})`,
      run: (text, at) => {
        const [window, offset] = cut(text, at);
        const found = findTokenAt(window, offset);
        return found !== undefined && decodeToken(found.raw, { now: FIXED_NOW_MS }).ok;
      },
    };
  }
}

/**
 * The host rows by scripts/bench-host.mjs's phases, with the names of the rows each phase
 * writes (`label` stands for them in the "not run here" rows).
 */
const HOST_PHASES = {
  activation: { label: 'activation in the real extension host', rows: ['activation in the real extension host, minus an empty extension'] },
  refresh: {
    label: 'Refresh Session command (1 and 10 sessions)',
    rows: ['Refresh Session command, 1 stored session', 'Refresh Session command, 10 stored sessions'],
  },
  inspector: { label: 'inspector open', rows: ['inspector open (until its webview is ready with its state)'] },
} as const;
type HostPhase = keyof typeof HOST_PHASES;

/**
 * The host phases `--only <word>` selects: all of them without --only or for a part of "host";
 * otherwise those with a row whose name contains the word (ignoring case, so that `--only
 * refresh` also runs the Refresh Session command rows). None for the other rows' words.
 */
function hostPhases(only: string | undefined): HostPhase[] {
  const all = Object.keys(HOST_PHASES) as HostPhase[];
  if (only === undefined || 'host'.includes(only)) return all;
  const word = only.toLowerCase();
  return all.filter((phase) => HOST_PHASES[phase].rows.some((name) => name.toLowerCase().includes(word)));
}

/**
 * The rows that need the real VS Code host: scripts/bench-host.mjs runs them in code-server
 * (one fresh extension host per round) and writes them in this file's row shape.
 */
function hostRows(phases: readonly HostPhase[]): void {
  const out = join(dirname(JSON_PATH), 'bench-host-rows.json');
  rmSync(out, { force: true });
  const extra = SMOKE ? ['--rounds', '1', '--inner', '1', '--inspector-inner', '1'] : [];
  const r = spawnSync(process.execPath, ['scripts/bench-host.mjs', '--json', out, '--phases', phases.join(','), ...extra], { stdio: 'inherit' });
  if (!existsSync(out)) {
    rows.push({ name: 'host rows', floor: '-', kind: 'cost', target: '-', pass: false, status: 'crashed', note: `scripts/bench-host.mjs wrote no rows (exit ${r.status ?? r.signal})` });
    return;
  }
  const doc = JSON.parse(readFileSync(out, 'utf8')) as { rows: Row[] };
  rows.push(...doc.rows);
}

async function refreshRows(): Promise<void> {
  const { CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const { startSandbox } = await import('../src/sandbox');
  const { RefreshService, signInWithPassword } = await import('../src/core/refresh');
  const { InMemorySessionStore } = await import('../src/core/sessions');
  const sandbox = await startSandbox({ port: 0 });
  const client = sandbox.info.clients.find((c) => c.name === 'no-rotation' || (!c.rotation && c.clientSecret === null));
  if (client === undefined) throw new Error('the sandbox has no non-rotating public app client');
  const region = sandbox.info.region;
  const clientConfig = {
    region,
    endpoint: sandbox.endpoint,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 15_000, throwOnRequestTimeout: true, connectionTimeout: 5_000 },
  };
  const bare = new CognitoIdentityProviderClient(clientConfig);
  const store = new InMemorySessionStore();
  const service = new RefreshService({ store });
  try {
    const signedIn = await signInWithPassword(
      bare,
      {
        label: 'bench',
        region,
        userPoolId: sandbox.info.userPoolId,
        clientId: client.clientId,
        endpoint: sandbox.endpoint,
        username: sandbox.info.user.username,
        password: sandbox.info.user.password,
        rotationHint: { enabled: false, graceSeconds: 0 },
        refreshMethod: 'GetTokensFromRefreshToken',
      },
      Date.now(),
    );
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.reason}`);
    await store.put(signedIn.record);
    const id = signedIn.record.session.id;
    const refreshTokenValue = signedIn.record.secrets.refreshToken;
    let ok = true;
    const measured = await pair(
      () => bare.send(new GetTokensFromRefreshTokenCommand({ RefreshToken: refreshTokenValue, ClientId: client.clientId })),
      async () => {
        const outcome = await service.refresh(id);
        if (!outcome.ok) ok = false;
      },
      { rounds: SMOKE ? 1 : 9, inner: SMOKE ? 2 : 60, clock: 'wall' },
    );
    addPairRow('RefreshService.refresh, in-memory store', 'bare SDK send (GetTokensFromRefreshToken)', 'cost', 1.1, measured, ok, 'sandbox in-process, non-rotating client');

    // Memory: heap after a first batch of refreshes and after several more; flat means the
    // difference stays within a few KB per thousand refreshes (history is bounded).
    const gc = exposeGc();
    const batch = SMOKE ? 20 : 1000;
    const heapAfter = async (n: number): Promise<number> => {
      for (let i = 0; i < n; i++) if (!(await service.refresh(id)).ok) ok = false;
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const first = await heapAfter(batch);
    const later = await heapAfter(batch * 3);
    const growthKbPerThousand = (later - first) / 1024 / ((batch * 3) / 1000);
    const limitKb = 256;
    rows.push({
      name: `memory, heap growth over ${batch * 3} more refreshes (after ${batch})`,
      floor: 'flat',
      kind: 'cost',
      target: `<= ${limitKb} KB per 1,000 refreshes`,
      pass: ok && growthKbPerThousand <= limitKb,
      status: 'measured',
      note: `${(first / MiB).toFixed(1)} MB -> ${(later / MiB).toFixed(1)} MB, ${growthKbPerThousand.toFixed(0)} KB per 1,000 refreshes`,
    });
  } finally {
    service.dispose();
    bare.destroy();
    await sandbox.close();
  }
}

function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  return typeof gc === 'function' ? (gc as () => void) : () => undefined;
}

function fmt(s: Stats | undefined): string {
  if (s === undefined) return '-';
  const v = (ms: number) => (ms >= 10 ? ms.toFixed(1) : ms >= 0.1 ? ms.toFixed(3) : `${(ms * 1000).toFixed(2)}µ`);
  return `${v(s.medianMs)} (${v(s.minMs)}-${v(s.maxMs)})`;
}

function printTable(): void {
  const header = ['row', 'floor', 'clock', 'floor ms median (min-max)', 'ours ms median (min-max)', 'ratio', 'target', 'result'];
  const body = rows.map((r) => [
    r.name,
    r.floor,
    r.clock ?? '-',
    fmt(r.base),
    fmt(r.ours),
    r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x${r.kind === 'throughput' ? ' thr' : ''}`,
    r.target,
    r.status === 'measured' ? (r.pass ? 'PASS' : 'FAIL') : r.status === 'crashed' ? 'CRASH' : 'not run',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  for (const r of rows) if (r.note !== undefined) console.log(`  ${r.name}: ${r.note}`);
}

function writeJson(): void {
  mkdirSync(dirname(JSON_PATH), { recursive: true });
  const doc = {
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    mode: SMOKE ? 'smoke' : 'full',
    rows,
  };
  writeFileSync(JSON_PATH, JSON.stringify(doc, null, 2) + '\n');
  console.log(`\nFigures written to ${JSON_PATH}`);
}

main().catch((error: unknown) => {
  console.error('benchmark failed:', error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
