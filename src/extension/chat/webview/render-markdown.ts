/// <reference lib="dom" />
// Markdown blocks to DOM nodes. Text only ever goes in as Text nodes; a link
// carries its target in a data attribute and has no href, so neither the
// webview nor VS Code opens it: a click asks the host, which checks the URL and
// asks the person first.
import { el } from './dom';
import type { Block, Inline } from './markdown';
import { parseMarkdown } from './markdown';

/** The rendered answer. */
export function renderMarkdown(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of parseMarkdown(text)) fragment.appendChild(renderBlock(block));
  return fragment;
}

function renderBlock(block: Block): Node {
  switch (block.type) {
    case 'paragraph':
      return el('p', {}, ...block.children.map(renderInline));
    case 'heading':
      // Answers sit inside the conversation: their headings start below the panel's own.
      return el(`h${Math.min(6, block.level + 2)}` as 'h3', {}, ...block.children.map(renderInline));
    case 'code':
      return el('pre', { class: 'code', tabindex: '0', 'aria-label': block.lang ? `${block.lang} code` : 'code' }, el('code', { 'data-lang': block.lang || undefined }, block.text));
    case 'list': {
      const items = block.items.map((item) => el('li', {}, ...item.map(renderBlock)));
      return block.ordered ? el('ol', { start: block.start !== 1 ? String(block.start) : undefined }, ...items) : el('ul', {}, ...items);
    }
    case 'quote':
      return el('blockquote', {}, ...block.children.map(renderBlock));
    case 'rule':
      return el('hr');
  }
}

function renderInline(node: Inline): Node {
  switch (node.type) {
    case 'text':
      return document.createTextNode(node.text);
    case 'code':
      return el('code', {}, node.text);
    case 'strong':
      return el('strong', {}, ...node.children.map(renderInline));
    case 'em':
      return el('em', {}, ...node.children.map(renderInline));
    case 'break':
      return el('br');
    case 'link':
      return el('a', { class: 'md-link', role: 'link', tabindex: '0', 'data-href': node.href, title: `Open ${node.href} (asks first)` }, ...node.children.map(renderInline));
  }
}
