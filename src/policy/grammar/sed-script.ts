// A sed script is a program: `w FILE` and `s///w FILE` write, `r FILE` reads,
// `e` and `s///e` run shell commands (GNU sed). A script is understood only when
// every command in it is one of the printing and editing commands below.

// Commands that only edit the pattern/hold space or print, with what follows them.
const PLAIN = new Set(['=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F']);
const WITH_NUMBER = new Set(['q', 'Q', 'l', 'L']);
const WITH_LABEL = new Set(['b', 't', 'T']);
const TEXT = new Set(['a', 'i', 'c']);

/** Undefined when the script only prints and edits text; else why it is not understood (naming the command). */
export function sedScriptProblem(script: string): string | undefined {
  const s = script;
  let i = 0;
  let depth = 0;
  const skip = (chars: RegExp) => {
    while (i < s.length && chars.test(s[i] as string)) i++;
  };
  const toLineEnd = () => {
    while (i < s.length && s[i] !== '\n') i++;
  };
  try {
    while (true) {
      skip(/[\s;]/);
      if (i >= s.length) break;
      if (s[i] === '#') {
        toLineEnd();
        continue;
      }
      i = address(s, i);
      skip(/[ \t]/);
      if (s[i] === ',') {
        i++;
        skip(/[ \t]/);
        if (s[i] === '+' || s[i] === '~') {
          i++;
          skip(/\d/);
        } else {
          i = address(s, i);
        }
      }
      skip(/[ \t]/);
      while (s[i] === '!') {
        i++;
        skip(/[ \t]/);
      }
      const cmd = s[i++];
      if (cmd === undefined) return 'the script ends after an address';
      if (cmd === '{') {
        depth++;
        continue;
      }
      if (cmd === '}') {
        depth--;
        if (depth < 0) return 'the script closes a block it never opened';
        continue;
      }
      if (PLAIN.has(cmd)) continue;
      if (WITH_NUMBER.has(cmd)) {
        skip(/[ \t]/);
        skip(/\d/);
        continue;
      }
      if (cmd === ':' || WITH_LABEL.has(cmd)) {
        while (i < s.length && !/[;\n}]/.test(s[i] as string)) i++;
        continue;
      }
      if (TEXT.has(cmd)) {
        // GNU one-liner text (`a hello`) or `a\` text lines: only printed.
        while (i < s.length && s[i] !== '\n') {
          if (s[i] === '\\') i++;
          i++;
        }
        continue;
      }
      if (cmd === 's') {
        const delim = s[i++];
        if (delim === undefined || delim === '\n' || delim === '\\') return 'the s command has no delimiter';
        i = regexEnd(s, i, delim);
        i = replacementEnd(s, i, delim);
        while (i < s.length && /[gpiImM0-9ew]/.test(s[i] as string)) {
          if (s[i] === 'e') return 'the s///e flag runs the pattern space as a shell command';
          if (s[i] === 'w') return 'the s///w flag writes to a file';
          i++;
        }
        continue;
      }
      if (cmd === 'y') {
        const delim = s[i++];
        if (delim === undefined || delim === '\n' || delim === '\\') return 'the y command has no delimiter';
        i = replacementEnd(s, i, delim);
        i = replacementEnd(s, i, delim);
        continue;
      }
      if (cmd === 'w' || cmd === 'W') return `the \`${cmd}\` command writes to a file`;
      if (cmd === 'r' || cmd === 'R') return `the \`${cmd}\` command reads a file named in the script`;
      if (cmd === 'e') return 'the `e` command runs a shell command';
      return `\`${cmd}\` is not a sed command the policy understands`;
    }
  } catch (err) {
    return (err as Error).message;
  }
  return depth === 0 ? undefined : 'the script leaves a block open';
}

/** Skips one address (`12`, `$`, `1~2`, `/re/I`, `\%re%`); returns the index after it. */
function address(s: string, i: number): number {
  if (/\d/.test(s[i] ?? '')) {
    while (/\d/.test(s[i] ?? '')) i++;
    if (s[i] === '~') {
      i++;
      while (/\d/.test(s[i] ?? '')) i++;
    }
    return i;
  }
  if (s[i] === '$') return i + 1;
  let delim: string | undefined;
  if (s[i] === '/') delim = '/';
  else if (s[i] === '\\') delim = s[++i];
  if (delim === undefined) return i;
  i = regexEnd(s, i + 1, delim);
  while (s[i] === 'I' || s[i] === 'M') i++;
  return i;
}

/** The index after a regex ending at an unescaped `delim` (bracket expressions may hold it). */
function regexEnd(s: string, i: number, delim: string): number {
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') {
      i++;
      if (s[i] === '^') i++;
      if (s[i] === ']') i++;
      while (i < s.length && s[i] !== ']') {
        if (s[i] === '[' && /[:.=]/.test(s[i + 1] ?? '')) {
          const close = s.indexOf(`${s[i + 1]}]`, i + 2);
          if (close < 0) throw new Error('the script has an unclosed bracket expression');
          i = close + 2;
        } else {
          i++;
        }
      }
      i++;
      continue;
    }
    if (c === delim) return i + 1;
    if (c === '\n') throw new Error('a regex in the script runs into a new line');
    i++;
  }
  throw new Error('a regex in the script is not closed');
}

/** The index after a replacement (or a y set) ending at an unescaped `delim`. */
function replacementEnd(s: string, i: number, delim: string): number {
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === delim) return i + 1;
    i++;
  }
  throw new Error('a replacement in the script is not closed');
}
