import type { SyntaxNode } from './syntax-tree';

/** One shell word as bash would pass it, as far as it can be known before running. */
export interface Word {
  /** The value with quotes and escapes removed; parts only known at run time are kept as written. */
  readonly value: string;
  /** Part of the value is only known at run time: a `$var`, `${…}`, `$(…)`, backticks, `$((…))`, `<(…)`. */
  readonly dynamic: boolean;
  /** Holds an unquoted glob (`*`, `?`, `[…]`) or brace expansion: bash may turn it into other words. */
  readonly glob: boolean;
  /** May become several words or none (an unquoted expansion, a glob); quoted `"$x"` stays one word. */
  readonly splits?: boolean;
  /** The literal text before the first run-time part, when there is one (`--author=` in `--author="$(…)"`). */
  readonly prefix?: string;
}

/** A word known in full before running. */
export function literalWord(value: string): Word {
  return { value, dynamic: false, glob: false };
}

/** A word standing for values only known at run time (e.g. what `xargs` appends). */
export function dynamicWord(value: string): Word {
  return { value, dynamic: true, glob: false, splits: true };
}

/** True when the word's value is known exactly (no expansion, no glob). */
export function isLiteral(word: Word): boolean {
  return !word.dynamic && !word.glob;
}

const DYNAMIC_NODES = new Set([
  'simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion',
]);

/** Reads a word-like node (word, string, raw_string, concatenation, …) into a Word. */
export function wordFromNode(node: SyntaxNode): Word {
  // Anonymous nodes are fixed syntax (`=`, `export`): their text is literal.
  if (!node.isNamed) return literalWord(node.text);
  switch (node.type) {
    case 'word':
      return unquoted(node.text);
    case 'number':
    case 'variable_name':
      return literalWord(node.text);
    case 'raw_string':
      return literalWord(node.text.slice(1, -1));
    case 'ansi_c_string':
      return literalWord(decodeAnsiC(node.text.slice(2, -1)));
    case 'string':
    case 'translated_string':
      return doubleQuoted(node);
    case 'concatenation': {
      const joined = joinParts(node, (child) => wordFromNode(child));
      // `/{usr,tmp}` reaches us as the words `/`, `{`, `usr,tmp`, `}`: bash expands the braces.
      const braces = node.namedChildren.some((c) => c.type === 'word' && c.text.startsWith('{'));
      if (braces && !joined.glob && /\{[^{}]*(,|\.\.)[^{}]*\}/.test(joined.value)) {
        return { ...joined, glob: true, splits: true, prefix: joined.prefix ?? joined.value.slice(0, joined.value.indexOf('{')) };
      }
      return joined;
    }
    case 'variable_assignment':
      return joinParts(node, (child) => wordFromNode(child));
    case 'brace_expression':
      return { value: node.text, dynamic: false, glob: true, splits: true };
    case 'process_substitution':
      // `<(cmd)` becomes one name of a pipe, /dev/fd/N: never an option, never a file on disk.
      return { value: node.text, dynamic: true, glob: false, prefix: '/dev/fd/' };
    default:
      if (DYNAMIC_NODES.has(node.type)) return dynamicWord(node.text);
      // Anything else we do not model exactly is treated as run-time only: fail closed.
      return dynamicWord(node.text);
  }
}

/** Joins the words of a node's children, keeping any source text between them (normally none). */
function joinParts(node: SyntaxNode, read: (child: SyntaxNode) => Word): Word {
  let value = '';
  let dynamic = false;
  let glob = false;
  let splits = false;
  let prefix: string | undefined;
  let cursor = node.startIndex;
  const source = node.text;
  for (const child of node.children) {
    if (!child) continue;
    if (child.startIndex > cursor) value += source.slice(cursor - node.startIndex, child.startIndex - node.startIndex);
    const part = read(child);
    if (prefix === undefined && (part.dynamic || part.glob)) prefix = value + (part.prefix ?? '');
    value += part.value;
    dynamic ||= part.dynamic;
    glob ||= part.glob;
    splits ||= part.splits === true;
    cursor = child.endIndex;
  }
  if (node.endIndex > cursor) value += source.slice(cursor - node.startIndex);
  return { value, dynamic, glob, splits, ...(prefix ? { prefix } : {}) };
}

function doubleQuoted(node: SyntaxNode): Word {
  const inner = joinParts(node, (child) => {
    if (child.type === 'string_content') return literalWord(unescapeDoubleQuoted(child.text));
    if (!child.isNamed) return literalWord(child.text === '"' || child.text === '$"' ? '' : child.text);
    const w = wordFromNode(child);
    // Inside double quotes nothing is globbed or split into words.
    return { ...w, glob: false, splits: false };
  });
  return inner;
}

/** Removes unquoted backslash escapes and notes globs / brace expansion, as bash would see them. */
export function unquoted(text: string): Word {
  let value = '';
  let glob = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) break;
      i++;
      if (next !== '\n') value += next;
      continue;
    }
    if (c === '*' || c === '?' || c === '[') glob = true;
    if (c === '{' && /^\{[^{}]*(,|\.\.)[^{}]*\}/.test(text.slice(i))) glob = true;
    value += c;
  }
  return glob ? { value, dynamic: false, glob, splits: true, prefix: value.slice(0, value.search(/[*?[{]/)) } : { value, dynamic: false, glob };
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?',
};

/** Decodes the inside of `$'…'` the way bash does (so `$'\x72m'` is `rm`). */
export function decodeAnsiC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1] as string;
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const hex = n === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2)) : null;
    const uni = n === 'u' ? /^[0-9a-fA-F]{1,4}/.exec(body.slice(i + 2)) : n === 'U' ? /^[0-9a-fA-F]{1,8}/.exec(body.slice(i + 2)) : null;
    const oct = /[0-7]/.test(n) ? /^[0-7]{1,3}/.exec(body.slice(i + 1)) : null;
    if (hex) {
      out += String.fromCharCode(parseInt(hex[0], 16));
      i += 1 + hex[0].length;
    } else if (uni) {
      const cp = parseInt(uni[0], 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      i += 1 + uni[0].length;
    } else if (oct) {
      out += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
      i += oct[0].length;
    } else if (n === 'c' && i + 2 < body.length) {
      out += String.fromCharCode((body.charCodeAt(i + 2) & 0x1f));
      i += 2;
    } else {
      out += c + n;
      i++;
    }
  }
  return out;
}
