// The token tools as the inspector webview renders them (issue 11 item 5): a copy button per
// claim and header row (its name as text, never in an attribute), the copy bar (no header forms
// for a refresh token), the claims search (rows that do not match are hidden, the count says how
// many match), and the verify-with-a-key section (its verdicts, saved-key and save buttons). Same
// minimal DOM as webviewRender.test.ts.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ClaimRow, InspectorState, KeyCheckView, TokenView } from '../../../src/shared/protocol';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol';
import { FakeElement, installFakeDocument, walk } from './fakeDom';


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


const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

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
    isCognito: false,
    encrypted: false,
    unsigned: false,
    facts: [],
    header: [row('alg', 'RS256', { source: 'header' }), row('kid', 'k1', { source: 'header' })],
    claims: [row('sub', 'aaaa-bbbb', { source: 'jwt' }), row('email', 'Jane@Example.com', { source: 'oidc' }), row('Invoice\u202efdp.exe', 'name attack'), row('custom:team', 'Platform')],
    segments: [],
    revealed: false,
    length: 100,
    fingerprint: 'abcd1234',
    validity: { state: 'valid', expiresAt: NOW + 47 * 60_000, withinSkew: false, clockSkewSeconds: 60 },
    notes: [],
    ...over,
  };
}

function state(tokens: TokenView[]): InspectorState {
  return { protocol: PROTOCOL_VERSION, target: { kind: 'token' }, title: 'Token', tokens, history: [], busy: { refresh: false, verify: false }, generatedAt: NOW };
}

interface Calls {
  copyValue: unknown[][];
  copyToken: unknown[][];
  verifyWithKey: unknown[][];
  savedKey: unknown[][];
}

function renderAll(s: InspectorState, query = ''): { root: FakeElement; calls: Calls } {
  const calls: Calls = { copyValue: [], copyToken: [], verifyWithKey: [], savedKey: [] };
  const noop = () => undefined;
  const root = new FakeElement('MAIN');
  const els = render.renderState(s, {
    now: NOW,
    selected: undefined,
    isOpen: () => true,
    tools: { query: () => query, setQuery: noop, keyDraft: () => '', setKeyDraft: noop },
    actions: {
      refresh: noop,
      verify: noop,
      openDocs: noop,
      reveal: noop,
      selectTab: noop,
      toggleSection: noop,
      copyValue: (...a: unknown[]) => calls.copyValue.push(a),
      copyToken: (...a: unknown[]) => calls.copyToken.push(a),
      verifyWithKey: (...a: unknown[]) => calls.verifyWithKey.push(a),
      savedKey: (...a: unknown[]) => calls.savedKey.push(a),
    },
  });
  const add = (c: unknown): void => {
    if (Array.isArray(c)) c.forEach(add);
    else if (c) root.appendChild(c as FakeElement);
  };
  add(els);
  return { root, calls };
}

function byTestId(root: FakeElement, id: string): FakeElement | undefined {
  let found: FakeElement | undefined;
  walk(root, (n) => {
    if (!found && n instanceof FakeElement && n.getAttribute('data-testid') === id) found = n;
  });
  return found;
}

function testIds(root: FakeElement, prefix: string): string[] {
  const ids: string[] = [];
  walk(root, (n) => {
    const id = n instanceof FakeElement ? n.getAttribute('data-testid') : null;
    if (id?.startsWith(prefix)) ids.push(id);
  });
  return ids;
}

test('a copy button on every claim and header row, named by text inside it (the name never in an attribute)', () => {
  const { root } = renderAll(state([token()]));
  assert.deepEqual(testIds(root, 'copy-claim-id-'), ['copy-claim-id-sub', 'copy-claim-id-email', 'copy-claim-id-Invoice\\u202efdp.exe', 'copy-claim-id-custom:team']);
  assert.deepEqual(testIds(root, 'copy-header-id-'), ['copy-header-id-alg', 'copy-header-id-kid']);
  const b = byTestId(root, 'copy-claim-id-email');
  assert.ok(b);
  assert.equal(b.tagName, 'VSCODE-BUTTON');
  assert.equal(b.textContent, 'Copy the value of email');
  for (const [name, value] of b.attributes) if (name !== 'data-testid') assert.ok(!value.includes('email'), `${name}="${value}"`);
});

test('the copy bar: token, header and curl; a refresh token only as it is', () => {
  const { root } = renderAll(state([token(), token({ slot: 'refresh', label: 'Refresh token', format: 'jwe', encrypted: true, claims: [] })]));
  assert.deepEqual(testIds(root, 'copy-token-').concat(testIds(root, 'copy-bearer-'), testIds(root, 'copy-curl-')), ['copy-token-id', 'copy-token-refresh', 'copy-bearer-id', 'copy-curl-id']);
});

test('the claims search hides the rows that do not match and counts the ones that do', () => {
  const { root } = renderAll(state([token()]), 'EXAMPLE');
  const hidden = (name: string) => byTestId(root, `claim-id-${name}`)?.hasAttribute('hidden');
  assert.equal(hidden('email'), false);
  assert.equal(hidden('sub'), true);
  assert.equal(hidden('custom:team'), true);
  // The header table is not filtered.
  assert.equal(byTestId(root, 'header-id-alg')?.hasAttribute('hidden'), false);
  assert.equal(byTestId(root, 'claim-count-id')?.textContent, 'Matches: 1 of 4 claims');
  assert.equal(byTestId(root, 'claim-count-id')?.getAttribute('aria-live'), 'polite');
  const input = byTestId(root, 'claim-search-id');
  assert.equal(input?.tagName, 'INPUT');
  assert.equal(input?.getAttribute('value'), 'EXAMPLE');
  assert.ok(input?.listeners.includes('keydown'), 'Escape is handled');
  const all = renderAll(state([token()]));
  assert.equal(byTestId(all.root, 'claim-count-id')?.textContent, '4 claims');
  assert.equal(byTestId(all.root, 'claim-id-sub')?.hasAttribute('hidden'), false);
});

test('verify with a key: the section, its verdicts and the saved-key buttons', () => {
  const check = (over: Partial<KeyCheckView>): KeyCheckView => ({
    at: NOW,
    ok: true,
    signature: 'valid',
    checks: [{ name: 'signature', status: 'pass', detail: 'Valid RS256 signature.' }],
    keyDescription: 'RSA public key (PEM, 2048 bits)',
    keyKind: 'pem',
    fromSaved: false,
    ...over,
  });
  let { root } = renderAll(state([token()]));
  assert.ok(byTestId(root, 'key-section-id'), 'no key section');
  assert.equal(byTestId(root, 'key-input-id')?.tagName, 'TEXTAREA');
  assert.ok(byTestId(root, 'key-verify-id') && byTestId(root, 'key-secret-id'));
  assert.equal(byTestId(root, 'key-save-id'), undefined, 'nothing to save before a check');
  assert.equal(byTestId(root, 'key-saved-id'), undefined);

  ({ root } = renderAll(state([token({ keyCheck: check({}), savedKey: false })])));
  assert.equal(byTestId(root, 'key-verdict-id')?.getAttribute('data-status'), 'pass');
  assert.match(byTestId(root, 'key-verdict-id')?.textContent ?? '', /Signature verified with the RSA public key \(PEM, 2048 bits\)/);
  assert.equal(byTestId(root, 'key-check-id-signature')?.getAttribute('data-status'), 'pass');
  assert.ok(byTestId(root, 'key-save-id'), 'a key that verified can be saved');

  ({ root } = renderAll(state([token({ keyCheck: check({ ok: false, signature: 'invalid', checks: [{ name: 'signature', status: 'fail', detail: 'x' }] }) })])));
  assert.equal(byTestId(root, 'key-verdict-id')?.getAttribute('data-status'), 'fail');
  assert.match(byTestId(root, 'key-verdict-id')?.textContent ?? '', /Invalid signature/);

  ({ root } = renderAll(state([token({ keyCheck: check({ ok: false, signature: 'error', checks: [], error: { code: 'key-type-mismatch', message: 'key type RSA does not match alg HS256' } }) })])));
  assert.match(byTestId(root, 'key-verdict-id')?.textContent ?? '', /Not checked: key type RSA does not match alg HS256\./);
  assert.equal(byTestId(root, 'key-save-id'), undefined, 'a key that could not check is not offered for saving');

  ({ root } = renderAll(state([token({ savedKey: true, keyCheck: check({ fromSaved: true }) })])));
  assert.ok(byTestId(root, 'key-saved-id') && byTestId(root, 'key-forget-id'));
  assert.equal(byTestId(root, 'key-save-id'), undefined, 'the saved key is not saved again');

  // No key section where there is no signature to check.
  ({ root } = renderAll(state([token({ unsigned: true })])));
  assert.equal(byTestId(root, 'key-section-id'), undefined);
  ({ root } = renderAll(state([token({ format: 'jwe', encrypted: true, claims: [] })])));
  assert.equal(byTestId(root, 'key-section-id'), undefined);
});
