// The Cognito side as the webview renders it (webview/server.ts) on a minimal DOM: text from
// Cognito stays text, only other sessions offer Revoke…, the revoke confirmation is modal with
// Cancel focused (Enter and Escape keep the session), and the Load buttons and the confirmed
// revoke are the only requests it makes.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { CognitoSideView, InspectorState } from '../../../src/shared/protocol';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol';

type Handler = (event: { preventDefault(): void }) => void;

/** The element the last focus() went to. */
const focus: { el: FakeElement | undefined } = { el: undefined };

class FakeNode {
  parentNode: FakeElement | undefined;
  constructor(readonly nodeType: number) {}
}

class FakeText extends FakeNode {
  constructor(public data: string) {
    super(3);
  }
  get textContent(): string {
    return this.data;
  }
}

class FakeElement extends FakeNode {
  readonly childNodes: FakeNode[] = [];
  readonly attributes = new Map<string, string>();
  readonly handlers = new Map<string, Handler[]>();
  open = false;
  constructor(readonly tagName: string) {
    super(1);
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }
  appendChild<T extends FakeNode>(child: T): T {
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }
  append(...children: (FakeNode | string)[]): void {
    for (const c of children) this.appendChild(typeof c === 'string' ? new FakeText(c) : c);
  }
  remove(): void {
    const p = this.parentNode;
    if (p) p.childNodes.splice(p.childNodes.indexOf(this), 1);
    this.parentNode = undefined;
  }
  addEventListener(type: string, handler: Handler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }
  fire(type: string): void {
    for (const h of this.handlers.get(type) ?? []) h({ preventDefault: () => undefined });
  }
  focus(): void {
    focus.el = this;
  }
  showModal(): void {
    this.open = true;
  }
  close(): void {
    this.open = false;
  }
  /** Only the selector webview/server.ts uses: the checked radio of a name. */
  querySelector(selector: string): { value: string } | null {
    const m = /^input\[name="([a-z]+)"\]:checked$/.exec(selector);
    if (!m) throw new Error(`unsupported selector ${selector}`);
    let found: { value: string } | null = null;
    walk(this, (n) => {
      if (!found && n instanceof FakeElement && n.tagName === 'INPUT' && n.getAttribute('name') === m[1] && n.hasAttribute('checked')) found = { value: n.getAttribute('value') ?? '' };
    });
    return found;
  }
  get textContent(): string {
    return this.childNodes.map((c) => (c as FakeText | FakeElement).textContent).join('');
  }
}

function walk(node: FakeNode, visit: (n: FakeNode) => void): void {
  visit(node);
  if (node instanceof FakeElement) for (const c of [...node.childNodes]) walk(c, visit);
}

function byTestId(root: FakeElement, id: string): FakeElement | undefined {
  let out: FakeElement | undefined;
  walk(root, (n) => {
    if (!out && n instanceof FakeElement && n.getAttribute('data-testid') === id) out = n;
  });
  return out;
}

const body = new FakeElement('BODY');

interface ServerModule {
  cognitoSide(state: InspectorState, view: unknown): FakeElement | null;
}
let server: ServerModule;
const SERVER_MODULE = '../../../webview/server';

before(async () => {
  (globalThis as { document?: unknown }).document = {
    createElement: (tag: string) => new FakeElement(tag.toUpperCase()),
    createTextNode: (data: string) => new FakeText(data),
    body,
  };
  server = (await import(SERVER_MODULE)) as ServerModule;
});

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const HOSTILE = '<img src=x onerror=alert(1)>\u202Efdp.exe';

function side(over: Partial<CognitoSideView> = {}): CognitoSideView {
  return {
    busy: { user: false, config: false },
    destination: 'http://127.0.0.1:9229',
    revokeText: { NONE: 'Only this one.', LINKED: 'Also the linked ones.' },
    sessions: {
      at: NOW,
      tracking: 'ENABLED',
      trackingText: 'Session tracking is on.',
      truncated: false,
      rows: [
        { sessionId: 'tknmine', type: 'TOKEN', clientId: 'c1', sameClient: true, isCurrent: true, currentBy: 'cognito' },
        { sessionId: 'tknother', type: 'TOKEN', clientId: 'c2', sameClient: false, isCurrent: false, deviceType: HOSTILE, location: 'Seattle, United States', createdAt: new Date(NOW - 60_000).toISOString() },
      ],
    },
    ...over,
  };
}

function state(server: CognitoSideView): InspectorState {
  return {
    protocol: PROTOCOL_VERSION,
    target: { kind: 'session', sessionId: 's1' },
    title: 'S',
    tokens: [],
    history: [],
    busy: { refresh: false, verify: false },
    generatedAt: NOW,
    server,
  };
}

function renderSide(s: CognitoSideView) {
  const calls: unknown[][] = [];
  const rec = (name: string) => (...args: unknown[]) => void calls.push([name, ...args]);
  const view = {
    now: NOW,
    selected: undefined,
    isOpen: () => true,
    actions: { refresh: rec('refresh'), verify: rec('verify'), openDocs: rec('openDocs'), reveal: rec('reveal'), copyValue: rec('copyValue'), selectTab: rec('selectTab'), toggleSection: rec('toggleSection'), serverLoad: rec('serverLoad'), serverRevoke: rec('serverRevoke') },
  };
  const el = server.cognitoSide(state(s), view);
  assert.ok(el, 'no Cognito side for a session panel');
  return { el, calls };
}

test('text from Cognito stays text; only the other session offers Revoke…', () => {
  const { el } = renderSide(side());
  const tags = new Set<string>();
  walk(el, (n) => n instanceof FakeElement && tags.add(n.tagName));
  assert.ok(!tags.has('IMG') && !tags.has('SCRIPT'), 'an element was made of server text');
  assert.ok(el.textContent.includes('<img src=x onerror=alert(1)>'), 'the hostile device name is not shown as text');
  assert.ok(!el.textContent.includes('\u202E'), 'a bidi override reached the DOM unmarked');
  assert.ok(byTestId(el, 'server-revoke-tknother'));
  assert.equal(byTestId(el, 'server-revoke-tknmine'), undefined, 'this very session offers Revoke…');
  assert.equal(byTestId(el, 'server-session-tknmine')?.getAttribute('data-current'), 'true');
  assert.equal(byTestId(el, 'server-tracking')?.getAttribute('data-tracking'), 'ENABLED');
});

test('the revoke confirmation is modal with Cancel focused: Escape and Cancel revoke nothing; Revoke sends the choice', () => {
  const { el, calls } = renderSide(side());
  const revoke = byTestId(el, 'server-revoke-tknother')!;
  revoke.fire('click');
  let dialog = byTestId(body, 'revoke-dialog');
  assert.ok(dialog?.open, 'no modal dialog opened');
  assert.equal(focus.el?.getAttribute('data-testid'), 'revoke-dialog-cancel', 'Cancel is not the focused default');
  assert.equal(byTestId(dialog, 'revoke-dialog-cancel')?.hasAttribute('secondary'), false, 'Cancel is not the primary button');
  assert.equal(byTestId(dialog, 'revoke-associated-none')?.hasAttribute('checked'), true, 'NONE is not the default');
  assert.ok(dialog.textContent.includes('Only this one.') && dialog.textContent.includes('Also the linked ones.'), 'NONE and LINKED are not explained');
  dialog.fire('cancel');
  assert.equal(byTestId(body, 'revoke-dialog'), undefined, 'Escape left the dialog open');
  assert.deepEqual(calls.filter((c) => c[0] === 'serverRevoke'), []);
  assert.equal(focus.el, revoke, 'focus did not return to the Revoke… button');

  revoke.fire('click');
  byTestId(body, 'revoke-dialog-cancel')!.fire('click');
  assert.equal(byTestId(body, 'revoke-dialog'), undefined);
  assert.deepEqual(calls.filter((c) => c[0] === 'serverRevoke'), []);

  revoke.fire('click');
  dialog = byTestId(body, 'revoke-dialog')!;
  byTestId(dialog, 'revoke-associated-none')!.removeAttribute('checked');
  byTestId(dialog, 'revoke-associated-linked')!.setAttribute('checked', '');
  byTestId(dialog, 'revoke-dialog-confirm')!.fire('click');
  assert.deepEqual(calls.filter((c) => c[0] === 'serverRevoke'), [['serverRevoke', 'tknother', 'LINKED']]);
  assert.equal(byTestId(body, 'revoke-dialog'), undefined);
});

test('Load buttons ask for their part; a failure shows the catalog\'s explanation, the permission to allow, and Refresh when the access token is dead', () => {
  const { el, calls } = renderSide(
    side({
      sessions: undefined,
      sessionsFailure: { operation: 'ListUserSessions', id: 'NotAuthorizedException/access-token-expired', title: 'The access token has expired', whatHappened: 'Expired.', whatToDo: ['Refresh.'], refreshFirst: true },
      config: {
        at: NOW,
        credentials: 'the AWS profile "dev"',
        sections: [{ key: 'pool', title: 'User pool', failure: { operation: 'DescribeUserPool', id: 'service/access-denied', title: 'Missing IAM permission', whatHappened: 'Denied.', whatToDo: [], missingPermission: { action: 'cognito-idp:DescribeUserPool', resource: 'arn:x', statement: '{"Effect":"Allow"}' } } }],
        findings: [{ id: 'rotation-zero-grace-retry', severity: 'cause', text: 'zero grace' }],
      },
    }),
  );
  byTestId(el, 'server-load-user')!.fire('click');
  byTestId(el, 'server-load-config')!.fire('click');
  assert.deepEqual(calls.filter((c) => c[0] === 'serverLoad'), [['serverLoad', 'user'], ['serverLoad', 'config']]);
  assert.equal(byTestId(el, 'server-failure-sessions')?.getAttribute('data-error-id'), 'NotAuthorizedException/access-token-expired');
  byTestId(el, 'server-refresh-sessions')!.fire('click');
  assert.deepEqual(calls.filter((c) => c[0] === 'refresh'), [['refresh']]);
  const permission = byTestId(el, 'server-permission-config-pool');
  assert.ok(permission?.textContent.includes('cognito-idp:DescribeUserPool') && permission.textContent.includes('{"Effect":"Allow"}'));
  assert.ok(byTestId(el, 'server-findings')?.textContent.includes('zero grace'));
});

test('with credentials chosen, "Choose other credentials…" asks again (serverLoad credentials); without, it is not offered', () => {
  const chosen = renderSide(side({ credentials: 'the AWS profile "dev"' }));
  assert.ok(chosen.el.textContent.includes('AWS credentials: the AWS profile "dev"'));
  byTestId(chosen.el, 'server-choose-credentials')!.fire('click');
  assert.deepEqual(chosen.calls.filter((c) => c[0] === 'serverLoad'), [['serverLoad', 'credentials']]);
  const none = renderSide(side());
  assert.equal(byTestId(none.el, 'server-choose-credentials'), undefined);
  assert.ok(none.el.textContent.includes('AWS credentials: not chosen yet'));
});

test('busy: the Load button says so and does not send again', () => {
  const { el, calls } = renderSide(side({ busy: { user: true, config: false } }));
  const b = byTestId(el, 'server-load-user')!;
  assert.equal(b.hasAttribute('disabled'), true);
  assert.equal(b.getAttribute('aria-busy'), 'true');
  b.fire('click');
  assert.deepEqual(calls.filter((c) => c[0] === 'serverLoad'), []);
});
