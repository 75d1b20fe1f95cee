// A small element builder. Text always goes in as text nodes (never HTML), attributes as
// attributes; there is no way to pass markup, an inline handler or a style attribute.
// Every string child is shown with its hidden characters marked (src/shared/visible.ts): a
// bidi override, a zero-width space or a line break in a claim appears as a marked `\u202e`,
// so "Invoice\u202Efdp.exe" can never read "Invoiceexe.pdf". This is the one path text takes
// into the DOM, so no caller can forget it.
import { visibleParts } from '../src/shared/visible';

export type Child = Node | string | number | false | null | undefined | Child[];

export interface Props {
  [attribute: string]: string | number | boolean | undefined;
}

/** Attributes that would run code or restyle inline: refused whatever the caller passes. */
const FORBIDDEN = /^(on|style$|srcdoc$)/i;

export function h(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (FORBIDDEN.test(name)) throw new Error(`refused attribute ${name}`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === 'string') appendText(parent, child);
    else if (typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
}

/** `text` as text nodes, each hidden character as a marked escape (`<span class="hidden-char">`). */
export function appendText(parent: Node, text: string): void {
  for (const part of visibleParts(text)) {
    if ('text' in part) {
      if (part.text.length > 0) parent.appendChild(document.createTextNode(part.text));
      continue;
    }
    const mark = document.createElement('span');
    mark.setAttribute('class', 'hidden-char');
    mark.setAttribute('title', `${part.description}: shown as an escape, it is in the value`);
    mark.appendChild(document.createTextNode(part.escape));
    parent.appendChild(mark);
  }
}

/** A codicon, hidden from screen readers (its meaning is always in text nearby). */
export function icon(name: string, extraClass = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, 'aria-hidden': 'true' });
}
