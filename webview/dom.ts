// A small element builder. Text always goes in as text nodes (never HTML), attributes as
// attributes; there is no way to pass markup, an inline handler or a style attribute.

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
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** A codicon, hidden from screen readers (its meaning is always in text nearby). */
export function icon(name: string, extraClass = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, 'aria-hidden': 'true' });
}
