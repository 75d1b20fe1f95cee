// Small text helpers: putting pasted strings into messages safely, and the
// shapes of ids the user might paste instead of a token.

import { redactMessage } from '../errors';

/**
 * A pasted string (a key name, a username, a client id) made fit for a note
 * or a message: single line, at most `max` characters, and anything that
 * looks like a token or a secret redacted.
 */
export function safe(value: string, max = 64): string {
  // eslint-disable-next-line no-control-regex
  let s = value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  if (s.length > max) s = `${s.slice(0, max)}…`;
  s = redactMessage(s);
  // A long run of token characters without mixed case (which redactMessage
  // keeps, to spare ids) is still shortened: it may be a lowercase token.
  return s.replace(/[A-Za-z0-9_\-.+/=]{48,}/g, (m) => `${m.slice(0, 8)}…`);
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** AWS region, e.g. `us-east-1`, `us-gov-west-1`, `ap-southeast-2`, `cn-north-1`. */
export const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** User pool id as the Cognito API model defines it (`[\w-]+_[0-9a-zA-Z]+`), bounded to 55 characters. */
export const USER_POOL_ID = /^([\w-]{1,40})_([0-9a-zA-Z]{1,40})$/;

/** App client id as the Cognito API model defines it: `[\w+]+`, 1-128 characters. */
export const CLIENT_ID = /^[\w+]{1,128}$/;

/** What AWS generates for app client ids: 26 lowercase letters and digits. */
export const AWS_CLIENT_ID = /^[a-z0-9]{26}$/;

/** Characters an opaque token can be made of (base64, base64url, dots, `~`). */
export const TOKEN_CHARS = /^[A-Za-z0-9._~+/=-]+$/;

/** Shortest opaque string accepted as a refresh token (a UUID, as moto issues, is 36). */
export const MIN_OPAQUE_REFRESH_LENGTH = 20;

/** Remove a `Bearer ` prefix, wrapping quotes and one trailing comma or semicolon. */
export function unwrapToken(text: string): string {
  let s = text.trim();
  if (s.endsWith(',') || s.endsWith(';')) s = s.slice(0, -1).trimEnd();
  const scheme = /^bearer\s+/i.exec(s);
  if (scheme) s = s.slice(scheme[0].length);
  const q = s[0];
  if (s.length >= 2 && (q === '"' || q === "'" || q === '`') && s[s.length - 1] === q) s = s.slice(1, -1).trim();
  return s;
}

/** A numeric `ExpiresIn` / `expires_in`, as a number or a string; undefined when not a sensible lifetime. */
export function parseExpiresIn(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{1,10}\s*$/.test(value) ? Number(value) : NaN;
  // Up to ten years; Cognito's ID/access token lifetime is 5 minutes to 1 day.
  return Number.isInteger(n) && n > 0 && n <= 10 * 365 * 24 * 3600 ? n : undefined;
}
