// A tolerant, bounded reader for the JSON-ish text people paste: strict JSON,
// and also what consoles print for the same object:
//   - Node's util.inspect / console.log (`{ AuthenticationResult: { AccessToken: 'eyJ...' } }`,
//     `[Object]`, `undefined`, long strings split as `'abc' +\n 'def'`),
//   - Python's repr of a boto3 response (`{'AuthenticationResult': {...}, 'X': True, 'Y': None}`),
//   - JS object literals (unquoted keys, single quotes, trailing commas, comments).
// It never throws and never recurses deeper than MAX_DEPTH; the work is linear
// in the input length.

export type LooseValue = string | number | boolean | null | LooseValue[] | LooseObject;
/** Own enumerable properties only; created with a null prototype so keys like `__proto__` are plain data. */
export interface LooseObject {
  [key: string]: LooseValue;
}

export const MAX_DEPTH = 64;

export type LooseParse = { ok: true; value: LooseValue; end: number } | { ok: false };

class Fail extends Error {}

/**
 * Parse one value starting at `start` (after optional whitespace). With
 * `requireEnd`, only whitespace, commas and semicolons may follow it.
 */
export function parseLoose(text: string, start = 0, requireEnd = true): LooseParse {
  const reader = new Reader(text, start);
  try {
    reader.skip();
    const value = reader.value(0);
    reader.skip();
    while (reader.pos < text.length && (text[reader.pos] === ',' || text[reader.pos] === ';')) {
      reader.pos++;
      reader.skip();
    }
    if (requireEnd && reader.pos < text.length) return { ok: false };
    return { ok: true, value, end: reader.pos };
  } catch {
    // Fail, or a defect: either way, not readable.
    return { ok: false };
  }
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[\w$]/;

class Reader {
  constructor(
    readonly text: string,
    public pos: number,
  ) {}

  /** Skip whitespace (including NBSP and BOM) and comments. */
  skip(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0xfeff || c === 0x0b || c === 0x0c) {
        this.pos++;
      } else if (c === 0x2f && t.charCodeAt(this.pos + 1) === 0x2f) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl === -1 ? t.length : nl + 1;
      } else if (c === 0x2f && t.charCodeAt(this.pos + 1) === 0x2a) {
        const close = t.indexOf('*/', this.pos + 2);
        if (close === -1) throw new Fail();
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  value(depth: number): LooseValue {
    if (depth > MAX_DEPTH) throw new Fail();
    const c = this.text[this.pos];
    if (c === undefined) throw new Fail();
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'" || c === '`') return this.concatenated();
    if (c === '-' || c === '+' || (c >= '0' && c <= '9')) return this.number();
    if (IDENT_START.test(c)) return identValue(this.ident());
    throw new Fail();
  }

  object(depth: number): LooseObject {
    const out = Object.create(null) as LooseObject;
    this.pos++; // {
    this.skip();
    while (this.text[this.pos] !== '}') {
      const key = this.key();
      this.skip();
      if (this.text[this.pos] !== ':') throw new Fail();
      this.pos++;
      this.skip();
      const value = this.value(depth + 1);
      // First occurrence wins, like a reader scanning top to bottom would expect.
      if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = value;
      this.skip();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skip();
      } else if (this.text[this.pos] !== '}') {
        throw new Fail();
      }
    }
    this.pos++; // }
    return out;
  }

  array(depth: number): LooseValue[] {
    const out: LooseValue[] = [];
    this.pos++; // [
    this.skip();
    while (this.text[this.pos] !== ']') {
      out.push(this.value(depth + 1));
      this.skip();
      if (this.text[this.pos] === ',') {
        this.pos++;
        this.skip();
      } else if (this.text[this.pos] !== ']') {
        throw new Fail();
      }
    }
    this.pos++; // ]
    return out;
  }

  key(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'" || c === '`') return this.string();
    if (c !== undefined && (IDENT_START.test(c) || (c >= '0' && c <= '9'))) {
      const start = this.pos;
      // Chrome prints localStorage keys unquoted, dots, @ and all: `Storage {CognitoIdentityServiceProvider.abc.jdoe@example.com.idToken: '…'}`.
      while (this.pos < this.text.length && /[\w$.@+-]/.test(this.text[this.pos] ?? '')) this.pos++;
      return this.text.slice(start, this.pos);
    }
    // Node prints symbol keys as [Symbol(x)]; not worth reading.
    throw new Fail();
  }

  /** `'abc' + 'def'` (how util.inspect breaks long strings) reads as one string. */
  concatenated(): string {
    let s = this.string();
    for (;;) {
      const save = this.pos;
      this.skip();
      if (this.text[this.pos] !== '+') {
        this.pos = save;
        return s;
      }
      this.pos++;
      this.skip();
      const c = this.text[this.pos];
      if (c !== '"' && c !== "'" && c !== '`') throw new Fail();
      s += this.string();
    }
  }

  string(): string {
    const t = this.text;
    const quote = t[this.pos];
    // A double-quoted string that is strict JSON (most of what is pasted) is decoded natively:
    // linear, without a rope of one piece per escape (a string of a million escapes spent most
    // of its time collecting garbage). Anything JSON refuses (a raw tab, \x, \v) is read below.
    if (quote === '"') {
      const end = jsonStringEnd(t, this.pos);
      if (end > 0) {
        let value: unknown;
        try {
          value = JSON.parse(t.slice(this.pos, end + 1));
        } catch {
          value = undefined;
        }
        if (typeof value === 'string') {
          this.pos = end + 1;
          return value;
        }
      }
    }
    this.pos++;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) throw new Fail();
      if (c === quote) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === '\n' && quote !== '`') throw new Fail();
      if (c === '\\') {
        out += t.slice(chunk, this.pos);
        out += this.escape();
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  /** Reads one escape at `pos` (the backslash) and returns what it stands for. */
  escape(): string {
    const t = this.text;
    const e = t[this.pos + 1];
    this.pos += 2;
    switch (e) {
      case undefined:
        throw new Fail();
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '0':
        return '\0';
      case 'u': {
        const hex = t.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Fail();
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case 'x': {
        const hex = t.slice(this.pos, this.pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Fail();
        this.pos += 2;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case '\r':
        if (t[this.pos] === '\n') this.pos++;
        return '';
      case '\n':
        return '';
      default:
        return e;
    }
  }

  number(): number {
    const t = this.text;
    const start = this.pos;
    if (t[this.pos] === '-' || t[this.pos] === '+') this.pos++;
    while (this.pos < t.length && /[0-9._eE+-]/.test(t[this.pos] ?? '')) {
      // A sign is only part of the number right after an exponent marker.
      const c = t[this.pos];
      if ((c === '+' || c === '-') && !/[eE]/.test(t[this.pos - 1] ?? '')) break;
      this.pos++;
    }
    // Python/Node may print big ints with an `n` suffix (BigInt); accept and drop it.
    if (t[this.pos] === 'n') this.pos++;
    const n = Number(t.slice(start, this.pos).replace(/n$/, ''));
    if (!Number.isFinite(n)) throw new Fail();
    return n;
  }

  ident(): string {
    const start = this.pos;
    while (this.pos < this.text.length && IDENT_PART.test(this.text[this.pos] ?? '')) this.pos++;
    return this.text.slice(start, this.pos);
  }
}

/**
 * The index of the quote that closes the double-quoted string at `start` (escapes skipped), or
 * -1 when a line break or the end of the text comes first. One pass.
 */
function jsonStringEnd(t: string, start: number): number {
  for (let i = start + 1; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x22) return i;
    if (c === 0x5c) i++;
    else if (c === 0x0a) return -1;
  }
  return -1;
}

/** Bare words: JS and Python literals; anything else (`Object` in `[Object]`, `Circular`) reads as null. */
function identValue(word: string): LooseValue {
  switch (word) {
    case 'true':
    case 'True':
      return true;
    case 'false':
    case 'False':
      return false;
    default:
      return null;
  }
}

export function isLooseObject(value: LooseValue | undefined): value is LooseObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
