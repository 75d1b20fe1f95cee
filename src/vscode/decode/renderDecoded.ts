// Turns a decoded token into the markdown shown in the virtual document. Pure: no `vscode`
// import, so what the document says is decided here and only presented by the VS Code layer.
import type { DecodedToken, TokenKind, ValidityState } from '../../core/token/index';
import { formatLocalAndUtc } from '../../shared/format';
import { visible } from '../../shared/visible';

const KIND_TITLE: Record<TokenKind, string> = {
  id: 'ID token',
  access: 'access token',
  refresh: 'refresh token',
  unknown: 'token',
};

export function tokenTitle(token: DecodedToken): string {
  const kind = KIND_TITLE[token.cognito.kind];
  if (token.cognito.isCognito) return `Cognito ${kind}`;
  return token.format === 'jwe' ? 'Encrypted token (JWE)' : token.cognito.kind === 'unknown' ? 'JWT' : `JWT (${kind})`;
}

const VALIDITY_TEXT: Record<ValidityState, string> = {
  valid: 'valid',
  expired: 'EXPIRED',
  'not-yet-valid': 'not yet valid',
  'no-expiry': 'no expiry (the token has no exp claim)',
  unknown: 'unknown',
};

/** One line such as "EXPIRED 3 h ago (2026-01-01 11:00:00 (local, UTC+01:00) · 10:00:00 UTC)". */
export function validityLine(token: DecodedToken): string {
  const v = token.validity;
  const exp = token.times.find((t) => t.claim === 'exp');
  let line = VALIDITY_TEXT[v.state];
  if (exp && (v.state === 'valid' || v.state === 'expired')) {
    const when = formatLocalAndUtc(exp.epochSeconds * 1000);
    line += v.state === 'valid' ? `, expires ${exp.relative} (${when})` : ` ${exp.relative} (${when})`;
  }
  if (v.state === 'not-yet-valid' && v.validFrom !== undefined) {
    line += ` until ${formatLocalAndUtc(v.validFrom)}`;
  }
  if (v.withinSkew) line += ` (decided within the ${v.clockSkewSeconds} s clock-skew tolerance)`;
  if (v.state === 'unknown' && token.format === 'jwe') line = 'unknown: the claims are encrypted';
  return line;
}

/**
 * Every markdown line ending (CommonMark: \n, \r\n and a lone \r). A value must stay on one
 * line: on a line of its own it could start a block (`> [x](…)`, `# …`) and leave its code span.
 */
const LINE_ENDINGS = /\r\n?|\n/g;

/**
 * Plain text as markdown: hidden characters (bidi, zero-width, control, line breaks) shown as
 * escapes (src/shared/visible.ts), characters that would start markup escaped.
 */
function text(value: string): string {
  return visible(value).replace(LINE_ENDINGS, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** An inline code span that no value can break out of, its hidden characters shown as escapes. */
function code(value: string): string {
  const v = visible(value).replace(LINE_ENDINGS, ' ');
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${v} ${fence}` : `${fence}${v}${fence}`;
}

// The hover (src/vscode/hover/render.ts) escapes claim values with these same two functions.
export { code as mdCode, text as mdText };

function json(value: unknown): string {
  // JSON.stringify escapes C0 controls in strings but not bidi or zero-width characters: those
  // become JSON escapes here (`\u202e` is the same string to a JSON reader). The line breaks
  // left are the layout's own.
  const body = JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => visible(line))
    .join('\n');
  // A fence longer than any backtick run inside keeps hostile claims from closing it.
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}json\n${body}\n${fence}`;
}

export function renderDecoded(token: DecodedToken): string {
  const c = token.cognito;
  const facts: [string, string][] = [];
  facts.push(['Validity', text(validityLine(token))]);
  facts.push([
    'Kind',
    c.isCognito ? `${KIND_TITLE[c.kind]}${c.tokenUse ? ` (token_use ${code(c.tokenUse)})` : ''}` : `${KIND_TITLE[c.kind]}, not recognised as a Cognito token`,
  ]);
  if (c.userPoolId) facts.push(['User pool', `${code(c.userPoolId)}${c.region ? ` (region ${code(c.region)})` : ''}`]);
  else if (c.region) facts.push(['Region', code(c.region)]);
  if (c.clientId) facts.push(['App client', code(c.clientId)]);
  if (c.username) facts.push(['Username', code(c.username)]);
  if (c.sub && c.sub !== c.username) facts.push(['Subject (sub)', code(c.sub)]);
  if (c.groups?.length) facts.push(['Groups', c.groups.map(code).join(', ')]);
  if (c.scopes?.length) facts.push(['Scopes', c.scopes.map(code).join(' ')]);
  if (c.issuer) facts.push(['Issuer', code(c.issuer) + (c.issuerKind === 'compatible' ? ' (Cognito-compatible endpoint, not AWS)' : '')]);
  const alg = typeof token.header.alg === 'string' ? token.header.alg : '?';
  const enc = typeof token.header.enc === 'string' ? `, enc ${code(token.header.enc)}` : '';
  const kid = typeof token.header.kid === 'string' ? `, kid ${code(token.header.kid)}` : '';
  facts.push(['Format', `${token.format.toUpperCase()}, alg ${code(alg)}${enc}${kid}`]);

  const out: string[] = [`# ${tokenTitle(token)}`, ''];
  out.push('> Decoded locally. The signature has not been verified: do not trust these claims for authorization.', '');
  if (token.unsigned) out.push('> **Warning:** `alg` is `none`. Nothing vouches for these claims.', '');
  out.push(...facts.map(([k, v]) => `- **${k}:** ${v}`), '');

  if (token.times.length > 0) {
    const width = Math.max(...token.times.map((t) => t.claim.length));
    out.push('## Times', '');
    for (const t of token.times) {
      out.push(`- ${code(t.claim.padEnd(width))} ${formatLocalAndUtc(t.epochSeconds * 1000)} (${text(t.relative)}; epoch ${t.epochSeconds})`);
    }
    out.push('');
  }

  out.push('## Header', '', json(token.header), '');
  out.push('## Payload', '');
  if (token.payload !== undefined) out.push(json(token.payload), '');
  else {
    out.push(
      c.kind === 'refresh'
        ? 'Encrypted (JWE). A Cognito refresh token is opaque: only Cognito can read it. Use it with `GetTokensFromRefreshToken` or `InitiateAuth` (`REFRESH_TOKEN_AUTH`).'
        : 'Encrypted (JWE): only the intended recipient can read the claims.',
      '',
    );
  }
  return out.join('\n');
}
