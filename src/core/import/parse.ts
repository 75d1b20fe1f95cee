// parseSessionPaste: one paste box for every way a developer holds a Cognito
// session. Tried in order, each step bounded and linear in the paste:
//   1. one token on its own (the refresh token, or by mistake an ID/access token);
//   2. a JSON-ish value: AuthenticationResult, the CLI/SDK output around it,
//      an OAuth2 token response, a localStorage dump (JSON.stringify / copy());
//   3. key/value lines: .env, YAML CLI output, devtools table rows, cookies;
//   4. tokens anywhere in the text (a log line).
// What it cannot read comes back as `ok: false` with what it recognised.

import { decodeToken } from '../token';
import { amplifyResult, collectAmplify } from './amplify';
import { buildDraft, type Hint, type TokenSet } from './draft';
import { unflattenEnv } from './flatEnv';
import { describeFindings, draftsFromText, findInText } from './inText';
import { isLooseObject, parseLoose, type LooseValue } from './looseJson';
import { assessRefreshToken, describeRefreshProblem, type RefreshProblem } from './refreshShape';
import { structureOfLines, structureOfValue, type Structure, type TokenObject } from './structured';
import { listOf, parseExpiresIn, plural, safe, TOKEN_CHARS, unwrapToken } from './text';
import { MAX_ALTERNATIVES, MAX_PASTE_LENGTH, type ParseOptions, type ParseResult, type PasteKind, type SessionDraft } from './types';

export const EXPECTED =
  'a refresh token on its own, an AuthenticationResult (or the aws cognito-idp initiate-auth output around it), an OAuth2 token response, an Amplify localStorage dump (CognitoIdentityServiceProvider.* keys), or text that contains a refresh token';

const NO_REFRESH_IN_RESULT_HINT =
  'Cognito leaves RefreshToken out of the result of a refresh (REFRESH_TOKEN_AUTH, or GetTokensFromRefreshToken without rotation): paste the result of the original sign-in, or the refresh token that was sent.';

const PASTE_THE_REFRESH_TOKEN_HINT =
  'ID and access tokens cannot refresh a session; paste the refresh token (the RefreshToken of the sign-in result) or the whole sign-in result.';

export function parseSessionPaste(text: string, options?: ParseOptions): ParseResult {
  const now = typeof options?.now === 'number' && Number.isFinite(options.now) ? options.now : Date.now();
  try {
    return parse(text, now, 0);
  } catch {
    // A defect here must not surface the paste (it holds tokens) or throw into the UI.
    return fail('text the parser failed on', 'This is a bug in the extension; please report it without the pasted tokens.');
  }
}

export function fail(recognised: string, hint?: string): ParseResult {
  return {
    ok: false,
    recognised,
    expected: EXPECTED,
    message: `No usable refresh token found: the paste holds ${recognised}.${hint === undefined ? '' : ` ${hint}`} Paste ${EXPECTED}.`,
  };
}

function parse(text: unknown, now: number, depth: number): ParseResult {
  if (typeof text !== 'string') return fail('no text');
  if (text.length > MAX_PASTE_LENGTH) {
    return fail(
      `${formatSize(text.length)} of text, more than the ${formatSize(MAX_PASTE_LENGTH)} limit`,
      'Paste only the refresh token, the AuthenticationResult, or the CognitoIdentityServiceProvider.* entries.',
    );
  }
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return fail('nothing (the paste is empty)');

  // 1. One token on its own.
  const single = unwrapToken(body);
  if (isSingleToken(single)) return standalone(single, now, []);
  const joined = joinWrappedToken(body);
  if (joined !== undefined) return standalone(joined, now, ['Line breaks inside the token were removed.']);

  // 2. A JSON-ish value.
  let jsonDescription: string | undefined;
  const value = readValue(body);
  if (value !== undefined) {
    if (typeof value === 'string' && depth === 0) {
      // JSON.stringify(localStorage) as the console prints it: a string holding JSON.
      return parse(value, now, depth + 1);
    }
    const structure = structureOfValue(value);
    const result = fromStructure(structure, now);
    if (result !== undefined) return result;
    jsonDescription = describeJson(structure);
  }

  // A multi-line .env that lost its line breaks (a one-line input box): read as its lines.
  const unflattened = body[0] === '{' || body[0] === '[' ? undefined : unflattenEnv(body);
  if (unflattened !== undefined) {
    const result = parse(unflattened, now, depth + 1);
    if (result.ok) {
      const note = 'The paste was one line with several NAME=value entries (a .env whose line breaks were lost); it was read as separate lines.';
      const addNote = (d: SessionDraft): SessionDraft => ({ ...d, notes: [note, ...d.notes] });
      return withAlternatives(addNote(result.draft), (result.alternatives ?? []).map(addNote));
    }
  }

  // 3. Key/value lines.
  if (/[=:\t]/.test(body)) {
    const result = fromStructure(structureOfLines(body), now);
    if (result !== undefined) return result;
  }

  // 4. Tokens anywhere.
  const findings = findInText(body, now);
  const drafts = draftsFromText(findings, 'tokens-in-text', now);
  if (drafts !== undefined) return withAlternatives(drafts.draft, drafts.alternatives);

  const found = describeFindings(findings);
  if (found !== undefined) {
    const cognito = findings.ids.length + findings.accesses.length > 0;
    return fail(
      findings.accesses.length > 0 && findings.ids.length === 0
        ? `${found} but no refresh token; an access token cannot refresh a session`
        : `${found} but no refresh token`,
      cognito ? PASTE_THE_REFRESH_TOKEN_HINT : undefined,
    );
  }
  if (jsonDescription !== undefined) return fail(`${jsonDescription}, and no token in it`);
  return fail(`${plural(body.length, 'character')} of text with no token in it`);
}

/** A run of token characters; `=` only as trailing base64 padding, so `key=value` is not a token. */
function isSingleToken(s: string): boolean {
  return s.length > 0 && !/\s/.test(s) && TOKEN_CHARS.test(s) && !/=[^=]/.test(s);
}

/** A JWT broken over several lines (copied from a terminal or an email): joined, when only the joined form decodes. */
function joinWrappedToken(body: string): string | undefined {
  if (!/^[A-Za-z0-9._\-\s]+$/.test(body)) return undefined;
  const pieces = body.split(/\s+/);
  if (pieces.length < 2 || pieces.length > 1000 || !(pieces[0] ?? '').startsWith('ey')) return undefined;
  const joined = pieces.join('');
  if (!decodeToken(joined).ok) return undefined;
  if (pieces.some((p) => p.split('.').length >= 3 && decodeToken(p).ok)) return undefined;
  return joined;
}

function standalone(token: string, now: number, notes: string[]): ParseResult {
  const check = assessRefreshToken(token, now, false);
  if (check.ok) return { ok: true, draft: buildDraft('refresh-token', { refreshToken: token, notes }, now) };
  switch (check.problem) {
    case 'id-token':
      return fail('an ID token but no refresh token', PASTE_THE_REFRESH_TOKEN_HINT);
    case 'access-token':
      return fail(describeRefreshProblem(check.problem), PASTE_THE_REFRESH_TOKEN_HINT);
    default:
      return fail(describeRefreshProblem(check.problem, check.detail), hintFor(check.problem));
  }
}

function hintFor(problem: RefreshProblem): string | undefined {
  switch (problem) {
    case 'user-pool-id':
    case 'client-id':
    case 'region':
      return 'The session asks for the user pool, app client and region after the token; start with the refresh token.';
    case 'broken-jwt':
      return 'Copy the token again, whole.';
    default:
      return undefined;
  }
}

/** Strict JSON first (fast), then the tolerant reader, from the first `{` or `[`. */
/** Deeper than any paste nests (the loose reader itself stops at 64). */
const MAX_JSON_NESTING = 1_000;

/** Whether brackets and braces outside strings nest deeper than `limit` anywhere in `text`. One pass. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 0x5c) i++;
      else if (c === quote || c === 0x0a) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return false;
}

function readValue(body: string): LooseValue | undefined {
  const first = body[0];
  if (first === '"' || first === "'") {
    const whole = parseLoose(body);
    if (whole.ok && typeof whole.value === 'string') return whole.value;
  }
  const starts = [body.indexOf('{'), body.indexOf('[')].filter((i) => i >= 0).sort((a, b) => a - b);
  // Nesting no paste has: JSON.parse's cost grows faster than the text there (a run of 1M '['
  // took 8x the time of 262k), and the loose reader stops at MAX_DEPTH anyway.
  if (starts.length > 0 && nestsDeeperThan(body, MAX_JSON_NESTING)) return undefined;
  for (const start of starts) {
    const slice = start === 0 ? body : body.slice(start);
    try {
      return JSON.parse(slice) as LooseValue;
    } catch {
      // not strict JSON
    }
    const loose = parseLoose(slice);
    if (loose.ok) return loose.value;
  }
  return undefined;
}

/** A result when the structure holds Amplify keys, a token object or a challenge; undefined when it holds none. */
function fromStructure(s: Structure, now: number): ParseResult | undefined {
  const amplify = collectAmplify(s.pairs);
  if (amplify !== undefined) return amplifyResult(amplify, now, fail);

  if (s.tokenObjects.length > 0) {
    const usable: TokenObject[] = [];
    let problem: { object: TokenObject; problem: RefreshProblem; detail?: string } | undefined;
    for (const object of s.tokenObjects) {
      const refresh = object.fields.get('refreshtoken');
      if (typeof refresh !== 'string') continue;
      const check = assessRefreshToken(refresh, now, true);
      if (check.ok) usable.push(object);
      else problem ??= { object, problem: check.problem, ...(check.detail !== undefined ? { detail: check.detail } : {}) };
    }
    const chosen = usable[0];
    if (chosen !== undefined) {
      const kind: PasteKind = chosen.wrapped ? 'aws-cli-output' : 'authentication-result';
      const notes: string[] = [];
      if (usable.length > 1) notes.push(`Found ${usable.length} sets of tokens; used the first. The others are offered as alternatives.`);
      const draft = buildDraft(kind, tokenSetOf(chosen, s, notes), now);
      const alternatives = usable
        .slice(1, 1 + MAX_ALTERNATIVES)
        .map((o) => buildDraft(o.wrapped ? 'aws-cli-output' : 'authentication-result', tokenSetOf(o, s, []), now));
      return withAlternatives(draft, alternatives);
    }
    if (problem !== undefined) {
      return fail(
        `${describeObject(problem.object)} whose refresh token field holds ${describeRefreshProblem(problem.problem, problem.detail)}`,
        problem.problem === 'id-token' || problem.problem === 'access-token' ? PASTE_THE_REFRESH_TOKEN_HINT : hintFor(problem.problem),
      );
    }
    const object = s.tokenObjects[0];
    if (object !== undefined) {
      const has = [
        typeof object.fields.get('idtoken') === 'string' ? 'an ID token' : undefined,
        typeof object.fields.get('accesstoken') === 'string' ? 'an access token' : undefined,
      ].filter((x): x is string => x !== undefined);
      return fail(`${describeObject(object)} with ${listOf(has)} but no refresh token`, NO_REFRESH_IN_RESULT_HINT);
    }
  }

  if (s.challenge !== undefined) {
    return fail(
      `a sign-in challenge (${safe(s.challenge, 40)}) instead of tokens`,
      'Answer the challenge first (aws cognito-idp respond-to-auth-challenge); the AuthenticationResult it returns holds the refresh token.',
    );
  }
  return undefined;
}

function tokenSetOf(object: TokenObject, s: Structure, notes: string[]): TokenSet {
  const f = object.fields;
  const str = (key: string): string | undefined => {
    const v = f.get(key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const metadata = f.get('newdevicemetadata');
  const nestedDeviceKey = isLooseObject(metadata) && typeof metadata.DeviceKey === 'string' ? metadata.DeviceKey : undefined;
  const deviceKey = nestedDeviceKey ?? str('devicekey');
  const expiresIn = parseExpiresIn(f.get('expiresin'));
  const hint = (key: string, hintKey: string, source: string): Hint | undefined => {
    const own = str(key);
    if (own !== undefined) return { value: own, source };
    const anywhere = s.hints.get(hintKey);
    return anywhere === undefined ? undefined : { value: anywhere, source };
  };
  const clientId = hint('clientid', 'clientId', 'the pasted ClientId field');
  const userPoolId = hint('userpoolid', 'userPoolId', 'the pasted UserPoolId field');
  const region = hint('region', 'region', 'the pasted Region field');
  const allNotes = [...notes];
  if (f.has('clientsecret') || f.has('secrethash')) {
    allNotes.push('The paste has a client secret or secret hash; it was not imported. Enter the client secret in the session settings if the app client has one.');
  }
  const idToken = str('idtoken');
  const accessToken = str('accesstoken');
  return {
    refreshToken: str('refreshtoken') ?? '',
    ...(idToken !== undefined ? { idToken } : {}),
    ...(accessToken !== undefined ? { accessToken } : {}),
    ...(expiresIn !== undefined ? { expiresIn } : {}),
    ...(deviceKey !== undefined ? { deviceKey } : {}),
    ...(clientId !== undefined ? { clientId } : {}),
    ...(userPoolId !== undefined ? { userPoolId } : {}),
    ...(region !== undefined ? { region } : {}),
    notes: allNotes,
  };
}

function describeObject(object: TokenObject): string {
  if (object.fromLines) return object.wrapped ? 'AWS CLI output (YAML or key/value lines) with an AuthenticationResult' : 'key/value lines with token fields';
  if (object.wrapped) return 'AWS CLI or SDK output with an AuthenticationResult';
  if (object.oauth) return 'an OAuth2 token response';
  return 'an AuthenticationResult-like object';
}

function describeJson(s: Structure): string {
  if (s.topKind === 'array') return `a JSON array of ${plural(s.topLength, 'item')}`;
  if (s.topKind !== 'object') return 'a JSON value';
  if (s.topKeys.length === 0) return 'an empty JSON object';
  const shown = s.topKeys.slice(0, 6).map((k) => safe(k, 40));
  const more = s.topKeys.length > shown.length ? ` and ${s.topKeys.length - shown.length} more` : '';
  return `a JSON object with ${s.topKeys.length === 1 ? 'key' : 'keys'} ${shown.join(', ')}${more}`;
}

function withAlternatives(draft: SessionDraft, alternatives: SessionDraft[]): ParseResult {
  return alternatives.length > 0 ? { ok: true, draft, alternatives } : { ok: true, draft };
}

function formatSize(chars: number): string {
  if (chars < 1024) return plural(chars, 'character');
  if (chars < 1024 * 1024) return `${Math.round(chars / 1024)} KB`;
  return `${(chars / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
