// The inspector's HTML shell: a strict CSP with a fresh nonce, one nonce'd script, nothing inline.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, createNonce, renderHtml } from '../../../src/vscode/inspector/html';

const resources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  script: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  style: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css',
  codicons: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicon.css',
  title: 'Inspector: <Demo> & "quotes"',
};

test('a fresh 128-bit nonce every time', () => {
  const nonces = new Set(Array.from({ length: 100 }, createNonce));
  assert.equal(nonces.size, 100);
  for (const n of nonces) assert.equal(Buffer.from(n, 'base64').length, 16);
});

test('the CSP allows our nonce for scripts and our origin for styles, fonts and images only', () => {
  const csp = contentSecurityPolicy(resources.cspSource, 'N0nce');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives, {
    'default-src': ["'none'"],
    'script-src': ["'nonce-N0nce'"],
    'style-src': [resources.cspSource],
    'img-src': [resources.cspSource, 'data:'],
    'font-src': [resources.cspSource],
  });
  assert.ok(!csp.includes('unsafe'));
});

test('the HTML: the CSP first, one nonce\'d module script, no inline script, handler or style', () => {
  const a = renderHtml(resources);
  const b = renderHtml(resources);
  assert.notEqual(a.nonce, b.nonce);
  const { html, csp, nonce } = a;
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'), 'the CSP comes before any resource');
  assert.ok(html.includes(`content="${csp}"`));
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts, [`<script type="module" nonce="${nonce}" src="${resources.script}">`]);
  assert.ok(!/<script\b[^>]*>[^<]/.test(html), 'an inline script body');
  assert.ok(!/\son[a-z]+\s*=/i.test(html), 'an inline event handler');
  assert.ok(!/\sstyle\s*=/i.test(html) && !/<style/i.test(html), 'an inline style');
  assert.ok(html.includes('id="vscode-codicon-stylesheet"'), 'vscode-icon finds the codicon stylesheet by this id');
  assert.ok(html.includes('Inspector: &lt;Demo&gt; &amp; &quot;quotes&quot;'), 'the title is escaped');
});
