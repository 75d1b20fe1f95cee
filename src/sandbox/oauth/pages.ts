// The managed-login pages: plain HTML forms, no script. Every page carries a
// strict Content-Security-Policy (nothing loads, inline style only by nonce,
// forms post to this origin and, for the redirect that follows a sign-in, to
// the callback's origin), and every value from the request is HTML-escaped.

import { randomBytes } from 'node:crypto';
import type { HttpAnswer } from './http';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The CSP source that lets a form submission be redirected to `redirectUri` (browsers apply form-action to redirects). */
function formTargetSource(redirectUri: string | undefined): string {
  if (redirectUri === undefined) return '';
  try {
    const url = new URL(redirectUri);
    if (url.protocol === 'http:' || url.protocol === 'https:') return ` ${url.origin}`;
    return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) ? ` ${url.protocol}` : '';
  } catch {
    return '';
  }
}

function page(status: number, title: string, body: string, redirectUri?: string): HttpAnswer {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `form-action 'self'${formTargetSource(redirectUri)}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">body{font-family:system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}.note{color:#555;font-size:.85rem}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${body}
<p class="note">Cognito sandbox: a local imitation of Amazon Cognito managed login.</p>
</body></html>
`;
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
    body: html,
  };
}

export function loginPage(args: { action: string; clientName: string; error?: string; username?: string; redirectUri: string }): HttpAnswer {
  const error = args.error ? `<p class="error" role="alert">${escapeHtml(args.error)}</p>` : '';
  return page(200, 'Sign in', `<p>to <strong>${escapeHtml(args.clientName)}</strong></p>
${error}<form method="post" action="${escapeHtml(args.action)}">
<label for="username">Username or email</label><input id="username" name="username" autocomplete="username" required value="${escapeHtml(args.username ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" name="signInSubmitButton" value="Sign in">Sign in</button>
</form>`, args.redirectUri);
}

export function mfaPage(args: { action: string; session: string; error?: string; redirectUri: string }): HttpAnswer {
  const error = args.error ? `<p class="error" role="alert">${escapeHtml(args.error)}</p>` : '';
  return page(200, 'Multi-factor authentication', `${error}<form method="post" action="${escapeHtml(args.action)}">
<input type="hidden" name="session" value="${escapeHtml(args.session)}">
<label for="code">Code from your authenticator app</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required>
<button type="submit">Sign in</button>
</form>`, args.redirectUri);
}

export function errorPage(status: number, error: string, description: string): HttpAnswer {
  return page(status, 'An error was encountered with the requested page', `<p class="error" role="alert"><code>${escapeHtml(error)}</code>: ${escapeHtml(description)}</p>`);
}
