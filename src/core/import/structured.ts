// Reading structured pastes: a JSON-ish value (see looseJson.ts) or key/value
// lines. Both are reduced to the same two things:
//   - string pairs (key, value), for Amplify's CognitoIdentityServiceProvider.* keys;
//   - "token objects": objects with AccessToken / IdToken / RefreshToken fields
//     in any spelling (AuthenticationResult, OAuth2's access_token, a .env's
//     REFRESH_TOKEN, an InitiateAuth request's AuthParameters.REFRESH_TOKEN).

import { isLooseObject, type LooseObject, type LooseValue } from './looseJson';

/** Bound on the nodes visited in one value. */
const MAX_NODES = 200_000;
const MAX_WALK_DEPTH = 64;
/** Bound on lines read as key/value pairs. */
const MAX_LINES = 50_000;

export interface TokenObject {
  /** The object's fields by normalised key (see `normaliseKey`), first occurrence wins. */
  fields: Map<string, LooseValue>;
  /** Inside an `AuthenticationResult` key: the AWS CLI / SDK response shape. */
  wrapped: boolean;
  /** Uses OAuth2's snake_case names (`refresh_token`). */
  oauth: boolean;
  /** Read from key/value lines rather than a JSON-ish value. */
  fromLines: boolean;
}

export interface Structure {
  pairs: [string, string][];
  tokenObjects: TokenObject[];
  /** `ClientId`, `UserPoolId`, `Region` found anywhere (first occurrence). */
  hints: Map<string, string>;
  /** A `ChallengeName` (sign-in not finished). */
  challenge?: string;
  /** Top-level keys, for "a JSON object with keys …". */
  topKeys: string[];
  topKind: 'object' | 'array' | 'other';
  topLength: number;
}

/** `RefreshToken`, `refresh_token`, `REFRESH_TOKEN`, `refreshToken` → `refreshtoken`. */
export function normaliseKey(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

export const TOKEN_KEYS = new Set(['accesstoken', 'idtoken', 'refreshtoken']);
const HINT_KEYS = new Map([
  ['clientid', 'clientId'],
  ['userpoolclientid', 'clientId'],
  ['userpoolwebclientid', 'clientId'],
  ['appclientid', 'clientId'],
  ['userpoolid', 'userPoolId'],
  ['region', 'region'],
  ['awsregion', 'region'],
  ['cognitoregion', 'region'],
]);

/**
 * The hint a key names: exact keys first, then prefixed names as apps write them in `.env`
 * files and configs (`COGNITO_CLIENT_ID`, `VITE_USER_POOL_ID`, `NEXT_PUBLIC_AWS_REGION`).
 */
function hintFor(norm: string): string | undefined {
  const exact = HINT_KEYS.get(norm);
  if (exact !== undefined) return exact;
  if (norm.endsWith('clientid') && !norm.endsWith('identityclientid')) return 'clientId';
  if (norm.endsWith('userpoolid')) return 'userPoolId';
  if (norm.endsWith('region') && norm.length <= 32) return 'region';
  return undefined;
}

export function structureOfValue(root: LooseValue): Structure {
  const out: Structure = {
    pairs: [],
    tokenObjects: [],
    hints: new Map(),
    topKeys: isLooseObject(root) ? Object.keys(root) : [],
    topKind: isLooseObject(root) ? 'object' : Array.isArray(root) ? 'array' : 'other',
    topLength: Array.isArray(root) ? root.length : isLooseObject(root) ? Object.keys(root).length : 0,
  };
  interface Frame {
    value: LooseValue;
    parentKey: string;
    depth: number;
  }
  const stack: Frame[] = [{ value: root, parentKey: '', depth: 0 }];
  let visited = 0;
  while (stack.length > 0 && visited < MAX_NODES) {
    const frame = stack.pop();
    if (frame === undefined) break;
    visited++;
    const { value, depth } = frame;
    const children: Frame[] = [];
    if (Array.isArray(value)) {
      // [["key", "value"], ...] (Object.entries(localStorage))
      const [k, v] = value;
      if (value.length === 2 && typeof k === 'string' && typeof v === 'string') out.pairs.push([k, v]);
      for (const item of value) children.push({ value: item, parentKey: frame.parentKey, depth: depth + 1 });
    } else if (isLooseObject(value)) {
      visitObject(value, frame.parentKey, out);
      for (const key of Object.keys(value)) {
        const child = value[key];
        if (typeof child === 'object' && child !== null) children.push({ value: child, parentKey: key, depth: depth + 1 });
      }
    }
    if (depth + 1 <= MAX_WALK_DEPTH) {
      // Reverse so that the stack pops children in document order.
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child !== undefined) stack.push(child);
      }
    }
  }
  return out;
}

function visitObject(obj: LooseObject, parentKey: string, out: Structure, fromLines = false): void {
  const fields = new Map<string, LooseValue>();
  let oauth = false;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (value === undefined) continue;
    const norm = normaliseKey(key);
    if (!fields.has(norm)) fields.set(norm, value);
    if (typeof value === 'string') {
      out.pairs.push([key, value]);
      const hint = hintFor(norm);
      if (hint !== undefined && !out.hints.has(hint) && value.trim() !== '') out.hints.set(hint, value.trim());
      if (norm === 'challengename' && out.challenge === undefined) out.challenge = value;
      if (TOKEN_KEYS.has(norm) && /_/.test(key) && key === key.toLowerCase()) oauth = true;
    }
  }
  // Playwright storageState / CDP: { name: "...", value: "..." } or { key, value }.
  const name = obj.name ?? obj.key;
  if (typeof name === 'string' && typeof obj.value === 'string') out.pairs.push([name, obj.value]);

  if ([...TOKEN_KEYS].some((k) => typeof fields.get(k) === 'string')) {
    out.tokenObjects.push({ fields, wrapped: normaliseKey(parentKey) === 'authenticationresult', oauth, fromLines });
  }
}

/**
 * Key/value lines: `key=value`, `export KEY=value`, `key: value` (YAML, such
 * as `aws ... --output yaml`), `"key": "value",` (lines out of a JSON object),
 * `key<TAB>value` (a devtools table), and `a=1; b=2` cookie strings.
 */
export function structureOfLines(text: string): Structure {
  const pairs: [string, string][] = [];
  let lines = 0;
  let start = 0;
  while (start <= text.length && lines < MAX_LINES) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    lines++;
    // A document.cookie string puts many pairs on one line.
    const parts = line.includes('; ') && countOf(line, '=') > 1 ? line.split(/;\s+/) : [line];
    for (const part of parts) {
      const pair = parseLine(part);
      if (pair !== undefined) pairs.push(pair);
    }
    start = end + 1;
  }

  const obj = Object.create(null) as LooseObject;
  let wrapped = false;
  for (const [k, v] of pairs) {
    if (normaliseKey(k) === 'authenticationresult') wrapped = true;
    if (!(k in obj)) obj[k] = v;
  }
  const out: Structure = { pairs: [], tokenObjects: [], hints: new Map(), topKeys: [], topKind: 'other', topLength: 0 };
  visitObject(obj, wrapped ? 'AuthenticationResult' : '', out, true);
  out.pairs = pairs; // keep every pair, including repeated keys
  return out;
}

function countOf(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1 && n < 3; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

function parseLine(raw: string): [string, string] | undefined {
  let s = raw.trim();
  if (s === '' || s.startsWith('#') || s.startsWith('//')) return undefined;
  if (s.startsWith('export ')) s = s.slice(7).trimStart();
  if (s.startsWith('- ')) s = s.slice(2).trimStart();

  let key: string;
  let i: number;
  const q = s[0];
  if (q === '"' || q === "'") {
    const close = s.indexOf(q, 1);
    if (close <= 1) return undefined;
    key = s.slice(1, close);
    i = close + 1;
  } else {
    i = 0;
    while (i < s.length && !/[\s=:]/.test(s[i] ?? '')) i++;
    key = s.slice(0, i);
  }
  // Keys are names (Amplify's hold a username, which may have @ + . -), not JSON debris.
  if (key === '' || key.length > 512 || /[\s{}[\]"'`,;]/.test(key)) return undefined;

  // Separator: `=`, `:`, or whitespace (a tab from a devtools table).
  let j = i;
  while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
  const sep = s[j];
  if (sep === '=' || sep === ':') j++;
  else if (j === i) return undefined;
  const value = unquote(s.slice(j).trim());
  return [key, value];
}

function unquote(raw: string): string {
  let s = raw;
  if (s.endsWith(',') || s.endsWith(';')) s = s.slice(0, -1).trimEnd();
  const q = s[0];
  if (s.length >= 2 && (q === '"' || q === "'") && s[s.length - 1] === q) {
    if (q === '"') {
      try {
        const parsed: unknown = JSON.parse(s);
        if (typeof parsed === 'string') return parsed;
      } catch {
        // fall through to plain stripping
      }
    }
    return s.slice(1, -1);
  }
  return s;
}
