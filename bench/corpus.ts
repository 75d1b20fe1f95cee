/**
 * Deterministic inputs for the token-engine benchmark. Each corpus is a 1 MiB
 * chunk repeated to the wanted size, so sizes differ only in length and the
 * 10 vs 50 MiB ratio measures how time grows, not what the text holds.
 */
import { base64url } from 'jose';
import { mulberry32 as rng } from '../test/fixtures/random';

export const MiB = 1024 * 1024;

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** Words chosen to hit the scanner's candidates: "ey"/"ew" at word starts and inside words. */
const WORDS = [
  'eyes', 'eye', 'ewe', 'ewer', 'key', 'they', 'hey', 'new', 'few', 'view', 'review', 'token', 'refresh', 'session',
  'user', 'pool', 'client', 'expired', 'Bearer', 'the', 'a', 'of', 'signed', 'in', 'eyJ', 'eyJhbGciOiJSUzI1NiJ9...',
];

function logLine(next: () => number, i: number): string {
  const words = Array.from({ length: 6 + Math.floor(next() * 10) }, () => pick(next, WORDS)).join(' ');
  const level = pick(next, ['INFO', 'DEBUG', 'WARN', 'ERROR']);
  return `2025-06-01T12:${String(i % 60).padStart(2, '0')}:00.000Z ${level} [auth.session.v1.2.3] ${words}`;
}

function jsonLine(next: () => number, i: number): string {
  return JSON.stringify({ id: i, key: `k-${i}`, eyes: pick(next, ['blue', 'green']), ver: '10.20.30', tags: ['new', 'few'], ok: next() < 0.5 });
}

function blobLine(next: () => number): string {
  const bytes = new Uint8Array(150 + Math.floor(next() * 450));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  return `blob=${base64url.encode(bytes)} sha=${Buffer.from(bytes.subarray(0, 32)).toString('hex')}`;
}

function urlLine(next: () => number): string {
  return `GET https://app.example.com/callback?code=${Math.floor(next() * 1e12).toString(36)}&state=eyes.new.view HTTP/1.1 com.example.app.Main`;
}

/** 1 MiB of logs, JSON, base64 blobs, URLs and dotted names: many candidates, no token. */
export function tokenFreeChunk(seed = 1): string {
  const next = rng(seed);
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < MiB; i++) {
    const r = next();
    const line = r < 0.45 ? logLine(next, i) : r < 0.75 ? jsonLine(next, i) : r < 0.9 ? blobLine(next) : urlLine(next);
    lines.push(line);
    length += line.length + 1;
  }
  return (lines.join('\n') + '\n').slice(0, MiB);
}

/** Token-free text with a token in a typical context every ~8 KiB. Returns the chunk and how many tokens it holds. */
export function sprinkledChunk(tokens: readonly string[], seed = 2): { text: string; count: number } {
  const next = rng(seed);
  const base = tokenFreeChunk(seed);
  const contexts = [
    (t: string) => `\n{"id_token":"${t}","expires_in":3600}\n`,
    (t: string) => `\nAuthorization: Bearer ${t}\n`,
    (t: string) => `\nhttps://app.example.com/#access_token=${t}&token_type=Bearer\n`,
    (t: string) => `\nREFRESH_TOKEN=${t}\n`,
  ];
  const parts: string[] = [];
  let count = 0;
  for (let pos = 0; pos < base.length; pos += 8 * 1024) {
    // Cut at a newline so a token never lands inside a word or a blob.
    const slice = base.slice(pos, pos + 8 * 1024);
    const cut = slice.lastIndexOf('\n') + 1;
    parts.push(slice.slice(0, cut), pick(next, contexts)(pick(next, tokens)), slice.slice(cut).replace(/^[^\n]*/, ''));
    count++;
  }
  return { text: parts.join(''), count };
}

/** One minified JSON line of ~1 MiB holding tokens (some larger than 32 KiB), no newline. */
export function minifiedChunk(tokens: readonly string[], seed = 3): { text: string; count: number } {
  const next = rng(seed);
  const items: string[] = [];
  let length = 0;
  let count = 0;
  for (let i = 0; length < MiB; i++) {
    const withToken = i % 40 === 0;
    const item = JSON.stringify({ id: i, name: `item ${i}`, eyes: 'new', token: withToken ? pick(next, tokens) : null });
    if (withToken) count++;
    items.push(item);
    length += item.length + 1;
  }
  return { text: items.join(','), count };
}

/** Structurally token-shaped junk (three dot-separated base64url parts whose header is not JSON): the costliest input per character. */
export function lookalikeChunk(): string {
  const unit = ' eyJhbGciOiJSUzI1NiJ.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
  return unit.repeat(Math.ceil(MiB / unit.length)).slice(0, MiB);
}

/** Whole repetitions of `chunk` totalling about `mib` MiB, flattened so the first timed run does not pay for it. */
export function repeatTo(chunk: string, mib: number): { text: string; repeats: number } {
  const repeats = Math.max(1, Math.round((mib * MiB) / chunk.length));
  const text = chunk.repeat(repeats);
  text.indexOf('\u0000'); // flattens the rope
  return { text, repeats };
}

/**
 * `mib` MiB of token-free logs (about a million `ey`/`ew` pairs per 50 MiB) with `tokens`
 * placed on their own lines at evenly spaced line starts: the "19 real tokens in 50 MB of
 * logs" case. Returns the text and how many tokens it holds.
 */
export function logWithTokens(tokens: readonly string[], count: number, mib: number): { text: string; count: number } {
  const base = repeatTo(tokenFreeChunk(5), mib).text;
  const parts: string[] = [];
  let from = 0;
  for (let i = 1; i <= count; i++) {
    const cut = base.indexOf('\n', Math.floor((base.length * i) / (count + 1))) + 1;
    parts.push(base.slice(from, cut), `2025-06-01T12:00:00.000Z DEBUG token=${tokens[i % tokens.length] ?? ''}\n`);
    from = cut;
  }
  parts.push(base.slice(from));
  const text = parts.join('');
  text.indexOf('\u0000');
  return { text, count };
}
