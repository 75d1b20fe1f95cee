// The inspector webview's renderer (webview/render.ts, webview/dom.ts) against hostile claims
// (issue 8 item 5): text from tokens stays text (no element, attribute or link is made of it),
// bidi, zero-width and control characters show as marked escapes, values cut for display
// offer their whole value, and revoked tokens read "Revoked". The renderer runs on a minimal
// DOM (createElement, createTextNode, attributes, children): enough to see exactly which
// nodes it makes.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ClaimRow, InspectorState, TokenView } from '../../../src/shared/protocol';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol';
import { FakeElement, FakeText, installFakeDocument, walk } from './fakeDom';


/** What the test uses of webview/render.ts (typed here: the host tsconfig has no DOM types, so it must not compile that file). */
interface Render {
  renderState(state: InspectorState, view: unknown): unknown[];
  effectiveValidity(t: TokenView, now: number): string | undefined;
  timeEl(epochSeconds: number, now: number): unknown;
}
let render: Render;
const RENDER_MODULE = '../../../webview/render';

before(async () => {
  installFakeDocument();
  render = (await import(RENDER_MODULE)) as Render;
});


function renderAll(state: InspectorState): FakeElement {
  const root = new FakeElement('MAIN');
  const noop = () => undefined;
  const children = render.renderState(state, {
    now: NOW,
    selected: undefined,
    isOpen: () => true,
    actions: { refresh: noop, verify: noop, openDocs: noop, reveal: noop, copyValue: noop, selectTab: noop, toggleSection: noop },
  });
  const add = (c: unknown): void => {
    if (Array.isArray(c)) c.forEach(add);
    else if (c) root.appendChild(c as FakeElement);
  };
  add(children);
  return root;
}

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

const HOSTILE = {
  bidi: 'Invoice\u202efdp.exe',
  html: '<img src=x onerror=alert(1)><script>alert(2)</script>',
  commandLink: '[x](command:workbench.action.quit)',
  zeroWidth: 'ad\u200bmin\u200c\u200d\ufeff\u2060\u00ad',
  isolates: '\u2066a\u2067b\u2068c\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c',
  newline: 'line one\nline two\r\u2028',
  tags: 'x\u{e0041}\u{e0042}',
};

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|\u{e0041}|\u{e0042}/u;

function row(name: string, value: string, extra: Partial<ClaimRow> = {}): ClaimRow {
  return { name, value, source: 'custom', ...extra };
}

function token(over: Partial<TokenView> = {}): TokenView {
  return {
    slot: 'id',
    label: 'ID token',
    present: true,
    format: 'jws',
    kind: 'id',
    isCognito: true,
    encrypted: false,
    unsigned: false,
    facts: [{ label: 'Username', value: HOSTILE.bidi }, { label: 'Groups', value: `${HOSTILE.html}, ${HOSTILE.commandLink}` }],
    header: [row('kid', HOSTILE.commandLink, { source: 'header' })],
    claims: [
      ...Object.entries(HOSTILE).map(([k, v]) => row(`custom:${k}`, v)),
      row(HOSTILE.bidi, 'name attack'),
      row('custom:huge', `${'A'.repeat(4000)}… (1,044,576 more characters)`, { fullLength: 1_048_576 }),
    ],
    segments: [],
    revealed: false,
    length: 100,
    fingerprint: 'abcd1234',
    validity: { state: 'valid', expiresAt: NOW + 47 * 60_000, withinSkew: false, clockSkewSeconds: 60 },
    notes: [],
    ...over,
  };
}

function state(tokens: TokenView[], title = `${HOSTILE.bidi} ${HOSTILE.html}`): InspectorState {
  return {
    protocol: PROTOCOL_VERSION,
    target: { kind: 'session', sessionId: 's1' },
    title,
    tokens,
    history: [],
    busy: { refresh: false, verify: false },
    generatedAt: NOW,
  };
}

test('text from tokens stays text: no element, attribute or link is made of it', () => {
  const root = renderAll(state([token()]));
  const tags = new Set<string>();
  walk(root, (n) => {
    if (n instanceof FakeElement) {
      tags.add(n.tagName);
      for (const [name, value] of n.attributes) {
        assert.doesNotMatch(name, /^on/i, `an event-handler attribute ${name}`);
        assert.doesNotMatch(value, HIDDEN, `a hidden character reached the attribute ${name}`);
        // Claim names identify rows (data-claim, data-testid): inert attributes, hidden characters escaped.
        if (name === 'data-claim' || name === 'data-testid') continue;
        assert.ok(!value.includes('command:') && !value.includes('<img') && !value.includes('Invoice'), `a token value reached the attribute ${name}="${value.slice(0, 80)}"`);
      }
    }
  });
  for (const t of ['IMG', 'SCRIPT', 'A', 'IFRAME', 'STYLE']) assert.ok(!tags.has(t), `a ${t} element was made`);
  // The values are there to read, as text.
  const text = root.textContent;
  assert.ok(text.includes('<img src=x onerror=alert(1)><script>alert(2)</script>'));
  assert.ok(text.includes('[x](command:workbench.action.quit)'));
});

test('bidi, zero-width and control characters show as marked escapes, everywhere (issue 8 item 5)', () => {
  const root = renderAll(state([token()]));
  let marks = 0;
  walk(root, (n) => {
    if (n instanceof FakeText) assert.doesNotMatch(n.data, HIDDEN, `a hidden character reached the DOM in ${JSON.stringify(n.data.slice(0, 60))}`);
    if (n instanceof FakeElement && n.getAttribute('class') === 'hidden-char') {
      marks++;
      assert.match(n.getAttribute('title') ?? '', /^U\+[0-9A-F]{4,5} /);
    }
  });
  // "Invoice\u202efdp.exe" reads as written, with the override shown: in the title, the facts, a claim value and a claim name.
  const title = ((root.childNodes[0] as FakeElement).childNodes[0] as FakeElement).childNodes[0] as FakeElement;
  assert.equal(title.textContent, 'Invoice\\u202efdp.exe <img src=x onerror=alert(1)><script>alert(2)</script>');
  const text = root.textContent;
  assert.ok(text.includes('ad\\u200bmin\\u200c\\u200d\\ufeff\\u2060\\u00ad'));
  assert.ok(text.includes('\\u2066a\\u2067b\\u2068c\\u2069\\u202a\\u202b\\u202c\\u202d\\u200e\\u200f\\u061c'));
  assert.ok(text.includes('line one\\nline two\\r\\u2028'));
  assert.ok(text.includes('x\\u{e0041}\\u{e0042}'));
  // 4 bidi (title, fact, value, name) + 6 zero-width + 11 bidi controls + 3 line breaks + 2 tags.
  assert.ok(marks >= 26, `only ${marks} marks`);
});

test('a value cut for display says how long it is and offers to copy it whole', () => {
  const copied: unknown[] = [];
  const root = new FakeElement('MAIN');
  const noop = () => undefined;
  const els = render.renderState(state([token()]), {
    now: NOW,
    selected: undefined,
    isOpen: () => true,
    actions: { refresh: noop, verify: noop, openDocs: noop, reveal: noop, copyValue: (...a: unknown[]) => copied.push(a), selectTab: noop, toggleSection: noop },
  });
  for (const e of els.flat()) if (e) root.appendChild(e as FakeElement);
  let note: FakeElement | undefined;
  walk(root, (n) => {
    if (n instanceof FakeElement && n.getAttribute('data-testid') === 'cut-id-claim') note = n;
  });
  assert.ok(note, 'no cut note');
  assert.match(note.textContent, /1,048,576 characters in all/);
  const copy = note.childNodes.find((c) => c instanceof FakeElement && c.getAttribute('data-testid') === 'copy-id-claim');
  assert.ok(copy, 'no copy button');
  // Only the huge claim is cut.
  let notes = 0;
  walk(root, (n) => {
    if (n instanceof FakeElement && (n.getAttribute('data-testid') ?? '').startsWith('cut-')) notes++;
  });
  assert.equal(notes, 1);
});

test('a revoked token reads "Revoked", not "Valid · expires in 47 min" (issue 7 item 10)', () => {
  const revoked = token({
    validity: { state: 'revoked', expiresAt: NOW + 47 * 60_000, withinSkew: false, clockSkewSeconds: 60, revoked: { at: new Date(NOW - 60_000).toISOString(), text: 'The refresh token was revoked.' } },
  });
  assert.equal(render.effectiveValidity(revoked, NOW), 'revoked');
  assert.equal(render.effectiveValidity(revoked, NOW + 3 * 3600_000), 'revoked', 'expiry passing later does not turn revoked into expired');
  const root = renderAll(state([revoked], 'Demo'));
  let validity: FakeElement | undefined;
  walk(root, (n) => {
    if (n instanceof FakeElement && n.getAttribute('data-testid') === 'validity-id') validity = n;
  });
  assert.ok(validity);
  assert.equal(validity.getAttribute('data-state'), 'revoked');
  assert.match(validity.textContent, /Revoked · revoked 1 min ago/);
  assert.doesNotMatch(validity.textContent, /Valid|expires in/);
  const valid = renderAll(state([token()], 'Demo'));
  assert.match(valid.textContent, /Valid · expires in 47 min/);
});

test('times show local time with UTC beside it', () => {
  const t = render.timeEl(Date.UTC(2026, 11, 1, 13, 5, 9) / 1000, NOW) as unknown as FakeElement;
  assert.match(t.textContent, /^2026-12-01 \d\d:\d\d:09 (\(local, UTC[+-]\d\d:\d\d\) · 13:05:09 UTC|UTC) \(/);
  assert.match(t.textContent, /13:05:09 UTC/);
});

test('a key set that could not be fetched reads "Could not check", not "Not verified" (issue 7 item 12)', () => {
  const uri = 'http://127.0.0.1:1/us-east-1_X/.well-known/jwks.json';
  const unchecked = token({
    verification: {
      at: NOW,
      ok: false,
      status: 'unchecked',
      jwksUri: uri,
      error: { code: 'jwks-unreachable', message: 'The key set could not be fetched.', cause: 'ECONNREFUSED' },
      checks: [{ name: 'signature', status: 'skip', detail: 'not checked: keys unreachable' }],
    },
  });
  let verdict: FakeElement | undefined;
  walk(renderAll(state([unchecked], 'Demo')), (n) => {
    if (n instanceof FakeElement && n.getAttribute('data-testid') === 'verdict-id') verdict = n;
  });
  assert.ok(verdict);
  assert.equal(verdict.getAttribute('data-status'), 'unchecked');
  assert.ok(verdict.textContent.includes(`Could not check: keys unreachable at ${uri} (ECONNREFUSED).`), verdict.textContent);
  assert.doesNotMatch(verdict.textContent, /Not verified|failed/);
});
