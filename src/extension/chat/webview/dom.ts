/// <reference lib="dom" />
// Building DOM nodes without HTML strings: every text goes in as textContent
// (or a Text node), so nothing the model or a tool says is ever parsed as HTML.

type Child = Node | string | null | undefined | false;

/** An element with attributes (strings only; `hidden`/`open` as booleans) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string | boolean | undefined>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

/** Appends children, strings as Text nodes. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}
