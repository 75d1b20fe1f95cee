// Tokens in free text: a log line, an HTTP trace, shell history with the
// command's output. JWTs are found by the token engine's scanner; opaque
// refresh tokens only when a label says so (`refresh_token=…`,
// `"RefreshToken": "…"`). Ids named next to them (`--client-id x`,
// `client_id=x`, `--user-pool-id`, `--region`) become hints.

import { decodeToken, scanTokens } from '../token';
import { buildDraft, type Hint, type TokenSet } from './draft';
import { assessRefreshToken } from './refreshShape';
import { CLIENT_ID, plural, REGION, USER_POOL_ID } from './text';
import { MAX_ALTERNATIVES, type PasteKind, type SessionDraft } from './types';

/** Most tokens examined in one paste. */
const MAX_TOKENS = 500;
/** Most labelled values examined. */
const MAX_LABELLED = 500;

interface Located {
  raw: string;
  start: number;
}

export interface TextFindings {
  ids: Located[];
  accesses: Located[];
  refreshes: Located[];
  /** JWTs that are neither: other issuers, other uses. */
  others: number;
  /** The scan stopped at MAX_TOKENS. */
  truncated: boolean;
  hints: { clientId?: Hint; userPoolId?: Hint; region?: Hint };
}

const LABELLED_REFRESH = /refresh[_-]?token["']?\s*[:=]\s*["']?([A-Za-z0-9._~+/=-]{8,})/gi;
const CLIENT_ID_HINT = /(?:--client-id[\s=]+|(?<![A-Za-z0-9])(?:user_?pool_?)?(?:web_?)?client_?id["']?\s*[:=]\s*["']?)([\w+]{1,128})/gi;
const POOL_ID_HINT = /(?:--user-pool-id[\s=]+|(?<![A-Za-z0-9])user_?pool_?id["']?\s*[:=]\s*["']?)([\w-]{1,40}_[0-9a-zA-Z]{1,40})/gi;
const REGION_HINT = /(?:--region[\s=]+|(?<![A-Za-z0-9])(?:aws_?)?region["']?\s*[:=]\s*["']?)([a-z]{2}(?:-[a-z]+)+-\d{1,2})\b/gi;

export function findInText(text: string, now: number): TextFindings {
  const out: TextFindings = { ids: [], accesses: [], refreshes: [], others: 0, truncated: false, hints: {} };
  const scan = scanTokens(text, { maxTokens: MAX_TOKENS });
  out.truncated = scan.truncated;
  const seen = new Set<string>();
  for (const found of scan.tokens) {
    seen.add(found.raw);
    const decoded = decodeToken(found.raw, { now });
    if (!decoded.ok) {
      out.others++;
      continue;
    }
    const token = decoded.token;
    const kind = token.cognito.kind;
    if (token.format === 'jws' && kind === 'id') out.ids.push({ raw: found.raw, start: found.start });
    else if (token.format === 'jws' && kind === 'access') out.accesses.push({ raw: found.raw, start: found.start });
    else {
      // A JWE, or a signed refresh token of a Cognito-compatible endpoint.
      const check = assessRefreshToken(found.raw, now, false);
      if (check.ok) out.refreshes.push({ raw: found.raw, start: found.start });
      else out.others++;
    }
  }

  let labelled = 0;
  for (const m of text.matchAll(LABELLED_REFRESH)) {
    if (++labelled > MAX_LABELLED) break;
    const value = m[1];
    if (value === undefined || seen.has(value) || value.startsWith('ey')) continue;
    const check = assessRefreshToken(value, now, true);
    if (check.ok) out.refreshes.push({ raw: value, start: (m.index ?? 0) + m[0].length - value.length });
  }
  out.refreshes.sort((a, b) => a.start - b.start);

  const client = firstMatch(text, CLIENT_ID_HINT, CLIENT_ID);
  if (client !== undefined) out.hints.clientId = { value: client, source: 'the text (a client id field)' };
  const pool = firstMatch(text, POOL_ID_HINT, USER_POOL_ID);
  if (pool !== undefined) out.hints.userPoolId = { value: pool, source: 'the text (a user pool id field)' };
  const region = firstMatch(text, REGION_HINT, REGION);
  if (region !== undefined) out.hints.region = { value: region, source: 'the text (a region field)' };
  return out;
}

/**
 * Drafts from the findings: the last refresh token in the text (the newest,
 * in a log), with the ID and access tokens nearest to it; every other distinct
 * refresh token as an alternative. Undefined when there is no refresh token.
 */
export function draftsFromText(
  findings: TextFindings,
  kind: PasteKind,
  now: number,
): { draft: SessionDraft; alternatives: SessionDraft[] } | undefined {
  const distinct: Located[] = [];
  const byValue = new Map<string, Located>();
  for (const r of findings.refreshes) byValue.set(r.raw, r); // the last occurrence of each
  for (const r of byValue.values()) distinct.push(r);
  distinct.sort((a, b) => a.start - b.start);
  const chosen = distinct[distinct.length - 1];
  if (chosen === undefined) return undefined;

  const notes: string[] = [];
  if (distinct.length > 1) {
    notes.push(
      `Found ${distinct.length} different refresh tokens; used the last one in the text (the newest, if this is a log). The others are offered as alternatives.`,
    );
  }
  if (findings.truncated) notes.push(`Only the first ${MAX_TOKENS} tokens in the text were examined.`);

  const setFor = (r: Located, extraNotes: string[]): TokenSet => {
    const id = nearest(findings.ids, r.start);
    const access = nearest(findings.accesses, r.start);
    const { clientId, userPoolId, region } = findings.hints;
    return {
      refreshToken: r.raw,
      ...(id !== undefined ? { idToken: id.raw } : {}),
      ...(access !== undefined ? { accessToken: access.raw } : {}),
      ...(clientId !== undefined ? { clientId } : {}),
      ...(userPoolId !== undefined ? { userPoolId } : {}),
      ...(region !== undefined ? { region } : {}),
      notes: extraNotes,
    };
  };
  if (findings.ids.length + findings.accesses.length > 2) {
    notes.push('Several ID or access tokens found; used the ones nearest to the refresh token.');
  }
  const draft = buildDraft(kind, setFor(chosen, notes), now);
  const alternatives = distinct
    .slice(0, -1)
    .reverse()
    .slice(0, MAX_ALTERNATIVES)
    .map((r) => buildDraft(kind, setFor(r, []), now));
  return { draft, alternatives };
}

/** "an ID token and an access token", "2 JWTs that are not Cognito tokens", or undefined for nothing. */
export function describeFindings(f: TextFindings): string | undefined {
  const parts: string[] = [];
  if (f.ids.length > 0) parts.push(f.ids.length === 1 ? 'an ID token' : plural(f.ids.length, 'ID token'));
  if (f.accesses.length > 0) parts.push(f.accesses.length === 1 ? 'an access token' : plural(f.accesses.length, 'access token'));
  if (f.others > 0) parts.push(`${plural(f.others, 'other JWT')} (not Cognito ID, access or refresh tokens)`);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

function nearest(list: readonly Located[], at: number): Located | undefined {
  let best: Located | undefined;
  for (const item of list) {
    if (best === undefined || Math.abs(item.start - at) < Math.abs(best.start - at)) best = item;
  }
  return best;
}

function firstMatch(text: string, pattern: RegExp, valid: RegExp): string | undefined {
  let n = 0;
  for (const m of text.matchAll(pattern)) {
    if (++n > MAX_LABELLED) break;
    const value = m[1];
    if (value !== undefined && valid.test(value)) return value;
  }
  return undefined;
}
