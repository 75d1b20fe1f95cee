// Shared by the hover unit tests: a real CommonMark renderer to see what the markdown does,
// and tokens to hover.
//
// markdown-it is a devDependency. VS Code renders hovers with `marked`; both follow CommonMark, and what matters
// here (which text becomes a link, a heading or a quote) is decided by CommonMark's rules.
import { createRequire } from 'node:module';
import { join } from 'node:path';

interface MarkdownIt {
  render(src: string): string;
}
const require = createRequire(join(process.cwd(), 'package.json'));
const MarkdownItCtor = require('markdown-it') as new (options?: Record<string, unknown>) => MarkdownIt;
// html: false is VS Code's default for a MarkdownString (supportHtml false).
// linkify: marked (GFM) also turns bare URLs into links.
const md = new MarkdownItCtor({ html: false, linkify: true });

export function toHtml(markdown: string): string {
  return md.render(markdown);
}

/** Every link target (href) in the rendered markdown, HTML entities decoded. */
export function hrefs(markdown: string): string[] {
  return [...toHtml(markdown).matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => decodeEntities(m[1] ?? ''));
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The arguments a click on `href` passes to the command, decoded the way VS Code's command
 * opener does: URI.parse (percent-decodes the query once), then JSON.parse(decodeURIComponent(query)).
 */
export function clickArgs(href: string): { command: string; args: unknown[] } {
  const m = /^command:([^?]+)\?(.*)$/.exec(href);
  if (!m) throw new Error(`not a command link with arguments: ${href.slice(0, 80)}`);
  const query = (m[2] ?? '').replace(/(%[0-9A-Fa-f]{2})+/g, (s) => decodeURIComponent(s)); // URI.parse
  let args: unknown;
  try {
    args = JSON.parse(decodeURIComponent(query));
  } catch {
    args = JSON.parse(query);
  }
  return { command: m[1] ?? '', args: Array.isArray(args) ? args : [args] };
}

export const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A hand-made JWS (the signature is not checked by decoding). */
export function jws(payload: Record<string, unknown>, header: Record<string, unknown> = { kid: 'k1', alg: 'RS256' }): string {
  return `${b64(header)}.${b64(payload)}.${Buffer.from('signature-bytes-for-tests').toString('base64url')}`;
}
