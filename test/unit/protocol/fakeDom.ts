// The minimal DOM the webview renderer tests run webview/ code on (createElement, createTextNode,
// attributes, children, listeners): enough to see exactly which nodes it makes. Shared by
// webviewRender.test.ts and webviewTools.test.ts.

export class FakeNode {
  parentNode: FakeElement | undefined;
  constructor(readonly nodeType: number) {}
}

export class FakeText extends FakeNode {
  constructor(public data: string) {
    super(3);
  }
  get textContent(): string {
    return this.data;
  }
}

export class FakeElement extends FakeNode {
  readonly childNodes: FakeNode[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners: string[] = [];
  constructor(readonly tagName: string) {
    super(1);
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
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
  addEventListener(type: string): void {
    this.listeners.push(type);
  }
  get textContent(): string {
    return this.childNodes.map((c) => (c as FakeText | FakeElement).textContent).join('');
  }
}

/** Makes `document` the minimal DOM (the webview modules call document.createElement / createTextNode). */
export function installFakeDocument(): void {
  (globalThis as { document?: unknown }).document = {
    createElement: (tag: string) => new FakeElement(tag.toUpperCase()),
    createTextNode: (data: string) => new FakeText(data),
  };
}

export function walk(node: FakeNode, visit: (n: FakeNode) => void): void {
  visit(node);
  if (node instanceof FakeElement) for (const c of node.childNodes) walk(c, visit);
}
