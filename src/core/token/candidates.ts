/**
 * The scanner's first stage: where a JOSE header prefix may start (see `PREFIX_THIRD` in scan.ts):
 * `e`, then `y` and one of `A I J L`, or `w` and one of `k o 0`.
 *
 * A WebAssembly SIMD loop tests 32 positions per step (two 16-byte vectors, no branch but "any
 * prefix here?"), over the text copied in 64 KiB chunks into the module's memory as Latin-1
 * (`Buffer.write(…, 'latin1')`: one byte per UTF-16 code unit, so byte offsets are text offsets).
 * An ASCII character is copied exactly, so every real prefix is reported; a character above
 * U+00FF keeps only its low byte and may be reported where there is no prefix, so the caller
 * checks each position against the text itself. The loop reports positions, nothing else:
 * boundaries, lengths and decoding stay in scan.ts and match.ts.
 *
 * Why: JavaScript sees only the positions (about one per 500 characters of logs), where a search
 * for `y` and `w` with `indexOf` returned to JavaScript once per letter (about one per 27
 * characters of English) and cost more than a bare regex's whole scan.
 *
 * The module is built here from its instructions (below), not shipped as a binary, and compiled
 * on first use. Where WebAssembly or its SIMD instructions are missing, `CandidateFinder.available`
 * is false and scan.ts uses its `indexOf` search instead.
 */
import { Buffer } from 'node:buffer';

/** Characters copied and tested per call into the module. */
export const CHUNK = 64 * 1024;
/** Positions tested per step of the loop: the last step reads STEP + 2 bytes past where it starts. */
const STEP = 32;
/** Where the reported positions go in the module's memory (after the chunk and what the last step reads). */
const OUT = CHUNK + 64;
/** Positions per chunk at most: two prefixes are at least 3 apart; the last step may report STEP - 1 past the end. */
const MAX_OUT = Math.ceil((CHUNK + STEP) / 3) + 1;
const PAGES = Math.ceil((OUT + MAX_OUT * 4) / 65536);

interface ScanExports {
  memory: { readonly buffer: ArrayBuffer };
  /** Positions p in [start, end) (and up to STEP - 1 after end) holding a prefix, written as u32 at `out`; returns their number. */
  scan(start: number, end: number, out: number): number;
}

/**
 * The candidate positions of one text, chunk by chunk, in order. `next()` is called with positions
 * that only grow; the finder copies and tests each chunk of the text once, and skips chunks the
 * caller has moved past.
 */
export class CandidateFinder {
  /** Whether this runtime runs the module (WebAssembly with SIMD). */
  static get available(): boolean {
    return instance() !== undefined;
  }

  private readonly module: Instance;
  private readonly text: string;
  /** Text offset of the current chunk, and where its tested positions end (read by the linearity test). */
  chunkStart = 0;
  chunkEnd = 0;
  /** The current chunk's positions (relative to chunkStart): out[index, count). */
  private index = 0;
  private count = 0;

  constructor(text: string) {
    const module = instance();
    if (module === undefined) throw new Error('CandidateFinder: WebAssembly SIMD is not available');
    this.module = module;
    this.text = text;
  }

  /** The first candidate position at or after `from`, or -1. */
  next(from: number): number {
    const text = this.text;
    for (;;) {
      if (from < this.chunkEnd && from >= this.chunkStart && this.module.owner === this) {
        const out = this.module.out;
        const base = this.chunkStart;
        const end = this.chunkEnd - base;
        const count = this.count;
        for (let i = this.index; i < count; i++) {
          const at = out[i] as number;
          if (at >= end) break;
          if (at + base >= from) {
            this.index = i;
            return at + base;
          }
        }
        this.index = count;
        from = this.chunkEnd;
      }
      if (from >= text.length) return -1;
      this.fill(from);
    }
  }

  /** Copy and test the chunk that starts at `from` (into the memory every finder shares: see `owner`). */
  fill(from: number): void {
    const text = this.text;
    const tested = Math.min(CHUNK, text.length - from);
    // Two characters of look-ahead, so a prefix that starts at the chunk's last positions is seen.
    const copied = Math.min(tested + 2, text.length - from);
    const { bytes, exports } = this.module;
    bytes.write(copied === text.length ? text : text.slice(from, from + copied), 0, copied, 'latin1');
    // At the end of the text, the two bytes after it read as no letter (a position before `tested`
    // reads up to `tested + 1`; what the last step reads beyond that is reported past `tested`, and
    // `next` ignores it).
    bytes[copied] = 0;
    bytes[copied + 1] = 0;
    this.module.owner = this;
    this.chunkStart = from;
    this.chunkEnd = from + tested;
    this.index = 0;
    this.count = exports.scan(0, tested, OUT);
  }
}

interface Instance {
  exports: ScanExports;
  /** The chunk area of the module's memory, and the positions area (which never grow). */
  bytes: Buffer;
  out: Uint32Array;
  /** The finder whose chunk the memory holds (another finder's `next` fills its chunk again). */
  owner: CandidateFinder | undefined;
}

let compiled: Instance | null | undefined;

/** The part of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

function instance(): Instance | undefined {
  if (compiled === undefined) {
    try {
      const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      const bytes = moduleBytes();
      if (wasm === undefined || !wasm.validate(bytes)) {
        compiled = null;
      } else {
        const exports = new wasm.Instance(new wasm.Module(bytes)).exports as ScanExports;
        const memory = exports.memory.buffer;
        compiled = { exports, bytes: Buffer.from(memory, 0, OUT), out: new Uint32Array(memory, OUT, MAX_OUT), owner: undefined };
      }
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

// --- the module ------------------------------------------------------------------------------

const I32 = 0x7f;
const V128 = 0x7b;

/** Opcodes (WebAssembly core 2.0; SIMD ones after the 0xfd prefix). */
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  if: [0x04, 0x40],
  i32Const: (value: number) => [0x41, ...sleb(value)],
  i32Store: [0x36, 2, 0],
  i32Eqz: [0x45],
  i32GeU: [0x4f],
  i32Ctz: [0x68],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32And: [0x71],
  i32Or: [0x72],
  i32Shl: [0x74],
  v128Load: (offset: number) => [0xfd, 0x00, 0, offset],
  v128Const: (bytes: number[]) => [0xfd, 0x0c, ...bytes],
  v128Splat: (byte: number) => [0xfd, 0x0c, ...new Array<number>(16).fill(byte)],
  i8x16Swizzle: [0xfd, 0x0e],
  i8x16Eq: [0xfd, 0x23],
  v128And: [0xfd, 0x4e],
  v128Or: [0xfd, 0x50],
  v128AnyTrue: [0xfd, 0x53],
  i8x16Bitmask: [0xfd, 0x64],
};

/** Locals of `scan`: the three parameters, then ours (see `LOCALS`). */
const P = 0; // position (param start)
const END = 1;
const OUTP = 2;
const COUNT = 3;
const BITS = 4;
const AT2 = 5; // the 16 bytes from p + 2
const AT1 = 6; // the 16 bytes from p + 1
const E = 7; // splats of `e`, `y`, `w` and 0x0f
const Y = 8;
const W = 9;
const LOW = 10;
const THIRD_Y = 11; // the third letters after `ey`, by low nibble (see `thirdTable`)
const THIRD_W = 12; // ... and after `ew`
/** Local declarations: 2 x i32 (count, bits), 8 x v128. */
const LOCALS = [2, 2, I32, 8, V128];

/**
 * A lookup by low nibble for "is this byte one of `letters`": entry n holds the letter whose low
 * nibble is n (the letters of each set have distinct low nibbles), or a byte whose low nibble is
 * not n, which no byte looked up under n equals. So `swizzle(table, byte & 0x0f) == byte` tests
 * membership in two instructions, where comparing with each letter takes one per letter and an or.
 */
function thirdTable(letters: string): number[] {
  const table = Array.from({ length: 16 }, (_, n) => n ^ 1);
  for (const c of letters) table[c.charCodeAt(0) & 0x0f] = c.charCodeAt(0);
  return table;
}

/** `byte is one of the letters of table` on the 16 lanes of AT2. */
const inTable = (table: number): number[] => [
  ...op.get(table), ...op.get(AT2), ...op.get(LOW), ...op.v128And, ...op.i8x16Swizzle, ...op.get(AT2), ...op.i8x16Eq,
];

/** The 16 lanes from p + offset holding a prefix, as a 16-bit mask. */
function blockMask(offset: number): number[] {
  return [
    ...op.get(P), ...op.v128Load(offset + 2), ...op.set(AT2),
    // e at p
    ...op.get(P), ...op.v128Load(offset), ...op.get(E), ...op.i8x16Eq,
    // and either y at p + 1 and A, I, J or L at p + 2, or w at p + 1 and k, o or 0 at p + 2
    ...op.get(P), ...op.v128Load(offset + 1), ...op.tee(AT1), ...op.get(Y), ...op.i8x16Eq, ...inTable(THIRD_Y), ...op.v128And,
    ...op.get(AT1), ...op.get(W), ...op.i8x16Eq, ...inTable(THIRD_W), ...op.v128And,
    ...op.v128Or,
    ...op.v128And,
    ...op.i8x16Bitmask,
  ];
}

/** The body of `scan(start, end, out) -> count`: 32 positions per step. */
function scanBody(): number[] {
  return [
    ...op.v128Splat(0x65), ...op.set(E),
    ...op.v128Splat(0x79), ...op.set(Y),
    ...op.v128Splat(0x77), ...op.set(W),
    ...op.v128Splat(0x0f), ...op.set(LOW),
    ...op.v128Const(thirdTable('AIJL')), ...op.set(THIRD_Y),
    ...op.v128Const(thirdTable('ko0')), ...op.set(THIRD_W),
    ...op.block,
    ...op.loop,
    ...op.get(P), ...op.get(END), ...op.i32GeU, ...op.brIf(1),
    ...blockMask(0),
    ...blockMask(16), ...op.i32Const(16), ...op.i32Shl,
    ...op.i32Or, ...op.set(BITS),
    // each set bit (rare: about one step in fifteen in logs): out[count++] = p + its index
    ...op.block,
    ...op.loop,
    ...op.get(BITS), ...op.i32Eqz, ...op.brIf(1),
    ...op.get(OUTP), ...op.get(COUNT), ...op.i32Const(2), ...op.i32Shl, ...op.i32Add,
    ...op.get(P), ...op.get(BITS), ...op.i32Ctz, ...op.i32Add,
    ...op.i32Store,
    ...op.get(COUNT), ...op.i32Const(1), ...op.i32Add, ...op.set(COUNT),
    ...op.get(BITS), ...op.get(BITS), ...op.i32Const(1), ...op.i32Sub, ...op.i32And, ...op.set(BITS),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(P), ...op.i32Const(STEP), ...op.i32Add, ...op.set(P),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(COUNT),
    ...op.end,
  ];
}

function moduleBytes(): Uint8Array {
  const body = scanBody();
  const locals = LOCALS;
  const func = [...uleb(locals.length + body.length), ...locals, ...body];
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 3, I32, I32, I32, 1, I32]), // type 0: (i32 i32 i32) -> i32
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0x00, ...uleb(PAGES)]), // one memory, PAGES pages, no maximum
    ...section(7, [2, ...name('scan'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...func]),
  ]);
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
