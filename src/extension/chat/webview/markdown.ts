// A small markdown subset for the model's answers, parsed into a tree that the
// webview turns into DOM nodes with textContent only: no HTML from the model is
// ever interpreted (a `<script>` in an answer is shown as text). Blocks: fenced
// code, headings, lists, quotes, rules, paragraphs; inline: code, strong,
// emphasis, links. An unterminated fence (an answer still streaming) is a code
// block to the end. Plain TypeScript, no DOM: tested in Node.

/** Inline content. */
export type Inline =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'code'; readonly text: string }
  | { readonly type: 'strong'; readonly children: readonly Inline[] }
  | { readonly type: 'em'; readonly children: readonly Inline[] }
  /** `href` is the model's text, unchecked: the host checks and confirms before opening. */
  | { readonly type: 'link'; readonly href: string; readonly children: readonly Inline[] }
  | { readonly type: 'break' };

/** Block content. */
export type Block =
  | { readonly type: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly type: 'heading'; readonly level: number; readonly children: readonly Inline[] }
  | { readonly type: 'code'; readonly lang: string; readonly text: string }
  | { readonly type: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Block[])[] }
  | { readonly type: 'quote'; readonly children: readonly Block[] }
  | { readonly type: 'rule' };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const ITEM = /^( {0,3})([-*+]|(\d{1,9})[.)])\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const MAX_DEPTH = 6;

/** Parses markdown text into blocks. */
export function parseMarkdown(text: string, depth = 0): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  while (i < lines.length) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = fence[1] as string;
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(lines[i] as string)) body.push(lines[i++] as string);
      i++; // the closing fence, or past the end
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: (heading[1] as string).length, children: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      flush();
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line) && depth < MAX_DEPTH) {
      flush();
      const body: string[] = [];
      for (let m = QUOTE.exec(line); m && i < lines.length; m = QUOTE.exec(lines[++i] ?? '')) body.push(m[1] ?? '');
      blocks.push({ type: 'quote', children: parseMarkdown(body.join('\n'), depth + 1) });
      continue;
    }
    const item = ITEM.exec(line);
    if (item && depth < MAX_DEPTH) {
      flush();
      const ordered = item[3] !== undefined;
      const start = ordered ? Number(item[3]) : 1;
      const items: Block[][] = [];
      while (i < lines.length) {
        const m = ITEM.exec(lines[i] as string);
        if (!m || (m[3] !== undefined) !== ordered) break;
        const indent = (m[1] as string).length + (m[2] as string).length + 1;
        const body = [m[4] ?? ''];
        i++;
        // Continuation: indented lines, and blank lines followed by indented ones.
        while (i < lines.length) {
          const next = lines[i] as string;
          if (next.trim() === '' && /^\s{2,}\S/.test(lines[i + 1] ?? '')) {
            body.push('');
            i++;
          } else if (/^\s{2,}\S/.test(next) && !(ITEM.exec(next) && leading(next) < indent)) {
            body.push(next.slice(Math.min(leading(next), indent)));
            i++;
          } else if (next.trim() !== '' && !ITEM.test(next) && !startsBlock(next) && body.length > 0 && body[body.length - 1] !== '') {
            body.push(next); // a lazy continuation of the item's paragraph
            i++;
          } else break;
        }
        items.push(parseMarkdown(body.join('\n'), depth + 1));
      }
      blocks.push({ type: 'list', ordered, start, items });
      continue;
    }
    paragraph.push(line);
    i++;
  }
  flush();
  return blocks;
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line);
}

/** Parses inline markdown: code spans first (nothing inside them is markup), then links, strong, emphasis. */
export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const push = (node: Inline) => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length && /[\\`*_[\]()#+\-.!>~|]/.test(text[i + 1] as string)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '\n') {
      // Two trailing spaces (or a backslash) make a hard break; else a soft one, shown as a space.
      if (plain.endsWith('  ')) {
        plain = plain.replace(/ +$/, '');
        push({ type: 'break' });
      } else plain += ' ';
      i++;
      continue;
    }
    if (c === '`') {
      const ticks = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const end = text.indexOf(ticks, i + ticks.length);
      if (end !== -1) {
        const inner = text.slice(i + ticks.length, end).replace(/\n/g, ' ');
        push({ type: 'code', text: /^ .* $/.test(inner) && inner.trim() !== '' ? inner.slice(1, -1) : inner });
        i = end + ticks.length;
        continue;
      }
      plain += ticks;
      i += ticks.length;
      continue;
    }
    if (c === '[' && depth < MAX_DEPTH) {
      const link = matchLink(text, i);
      if (link) {
        push({ type: 'link', href: link.href, children: parseInline(link.label, depth + 1) });
        i = link.end;
        continue;
      }
    }
    if (c === '<') {
      const auto = /^<(https?:\/\/[^\s<>]+)>/.exec(text.slice(i));
      if (auto) {
        push({ type: 'link', href: auto[1] as string, children: [{ type: 'text', text: auto[1] as string }] });
        i += auto[0].length;
        continue;
      }
    }
    if ((c === '*' || c === '_') && depth < MAX_DEPTH) {
      const double = text[i + 1] === c;
      const marker = double ? c + c : c;
      const end = closing(text, i + marker.length, marker);
      // `_` inside words (snake_case) is not emphasis.
      const wordBefore = c === '_' && i > 0 && /\w/.test(text[i - 1] as string);
      if (end !== -1 && !wordBefore) {
        const inner = text.slice(i + marker.length, end);
        push({ type: double ? 'strong' : 'em', children: parseInline(inner, depth + 1) });
        i = end + marker.length;
        continue;
      }
    }
    plain += c;
    i++;
  }
  if (plain) out.push({ type: 'text', text: plain });
  return out;
}

/** `[label](href)` at `start`, or undefined. */
function matchLink(text: string, start: number): { label: string; href: string; end: number } | undefined {
  let depth = 0;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) break;
  }
  if (i >= text.length || text[i + 1] !== '(') return undefined;
  const m = /^\(\s*<?([^\s()<>]*)>?(?:\s+"[^"]*")?\s*\)/.exec(text.slice(i + 1));
  if (!m) return undefined;
  return { label: text.slice(start + 1, i), href: m[1] ?? '', end: i + 1 + m[0].length };
}

/** Where `marker` closes emphasis opened before `from`: not right after whitespace, and with something inside. */
function closing(text: string, from: number, marker: string): number {
  if (/\s/.test(text[from] ?? ' ')) return -1;
  let i = from + 1;
  while (i <= text.length - marker.length) {
    const c = text[i];
    if (c === '`') {
      // Markers inside a code span do not close.
      const ticks = /^`+/.exec(text.slice(i))?.[0] ?? '`';
      const end = text.indexOf(ticks, i + ticks.length);
      if (end === -1) return -1;
      i = end + ticks.length;
      continue;
    }
    if (text.startsWith(marker, i) && !/\s/.test(text[i - 1] as string)) {
      // `**` is not a close for `*`.
      if (marker.length === 1 && text[i + 1] === marker) {
        i += 2;
        continue;
      }
      if (marker === '_' && /\w/.test(text[i + 1] ?? '')) {
        i++;
        continue;
      }
      return i;
    }
    i++;
  }
  return -1;
}
