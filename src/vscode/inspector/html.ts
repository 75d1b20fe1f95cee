// The inspector's HTML: a strict Content-Security-Policy with a fresh nonce per render, one
// nonce'd module script, stylesheets from the extension's dist/ folder, no inline handler,
// no inline style. Pure (no `vscode` import): the panel passes in the webview's URIs.
import { randomBytes } from 'node:crypto';

export interface HtmlResources {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of dist/webview.js, dist/webview.css, dist/codicon.css. */
  script: string;
  style: string;
  codicons: string;
  title: string;
}

/** 128 random bits, base64: a new one for every render. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * - `default-src 'none'`: nothing that is not listed below.
 * - `script-src 'nonce-…'`: only our bundle (no inline script, no eval, no other origin).
 * - `style-src ${cspSource}`: only our stylesheets. The elements (lit) style their shadow roots
 *   with constructable stylesheets (`adoptedStyleSheets`), which CSP does not govern, and set
 *   element styles through the CSSOM, never with `style` attributes: no `'unsafe-inline'`.
 * - `font-src ${cspSource}`: the codicon font. `img-src ${cspSource} data:`: icons.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderHtml(r: HtmlResources, nonce: string = createNonce()): { html: string; csp: string; nonce: string } {
  const csp = contentSecurityPolicy(r.cspSource, nonce);
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(r.codicons)}">
<link rel="stylesheet" href="${attr(r.style)}">
<title>${attr(r.title)}</title>
</head>
<body>
<main id="app" data-testid="inspector-root" aria-busy="true">
<p class="loading" data-testid="loading">Loading…</p>
</main>
<script type="module" nonce="${nonce}" src="${attr(r.script)}"></script>
</body>
</html>`;
  return { html, csp, nonce };
}
