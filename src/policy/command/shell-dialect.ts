// `sh -c '…'` runs dash in the sandbox image, not bash: a string bash reads as
// one `$'…'` word is several commands to dash (issue 10). A script for a shell
// other than bash is understood only when it keeps to what both read alike.
import type { SyntaxNode } from './syntax-tree';

/** Which language runs a nested script. */
export type ShellDialect = 'bash' | 'posix' | 'foreign';

/** The dialect of a shell by name: bash itself, a POSIX sh, or one the bash grammar cannot read (fish, csh …). */
export function shellDialect(name: string): ShellDialect {
  if (name === 'bash' || name === 'rbash') return 'bash';
  if (['sh', 'dash', 'ash', 'posh', 'ksh', 'mksh', 'yash', 'zsh', 'busybox'].includes(name)) return 'posix';
  return 'foreign';
}

// Node types both bash and a POSIX sh read the same way.
const COMMON = new Set([
  'program', 'command', 'command_name', 'word', 'string', 'string_content', 'raw_string', 'simple_expansion', 'special_variable_name', 'variable_name',
  'expansion', 'command_substitution', 'arithmetic_expansion', 'binary_expression', 'unary_expression', 'parenthesized_expression', 'number', 'list',
  'pipeline', 'subshell', 'compound_statement', 'if_statement', 'elif_clause', 'else_clause', 'while_statement', 'for_statement', 'do_group',
  'case_statement', 'case_item', 'function_definition', 'redirected_statement', 'file_redirect', 'heredoc_redirect', 'heredoc_start', 'heredoc_body',
  'heredoc_content', 'heredoc_end', 'variable_assignment', 'negated_command', 'comment', 'concatenation', 'file_descriptor', 'test_operator', 'regex',
  'test_command',
]);

// `${name}`, `${name:-w}` … `${name%w}`, `${#name}`: the parameter expansions POSIX defines.
const POSIX_EXPANSION = /^\$\{(#?([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])\}|([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(:?[-=?+]|%%?|##?))/;

/** The first construct in a parsed script that bash and a POSIX sh read differently, or undefined when there is none. */
export function bashOnlyConstruct(root: SyntaxNode): string | undefined {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    const problem = check(node);
    if (problem) return problem;
    // `$"…"` reaches us as a `$` token before a string: bash translates it, dash prints the `$`.
    const locale = node.children.findIndex((c, i) => !c.isNamed && c.text === '$' && node.children[i + 1]?.type === 'string');
    if (locale >= 0) return `\`$${clip(node.children[locale + 1]?.text ?? '')}\` (locale quoting)`;
    for (const child of node.children) if (child.isNamed || child.type === '|&' || child.type === '&>' || child.type === '&>>' || child.type === ';&' || child.type === ';;&') stack.push(child);
  }
  return undefined;
}

function check(node: SyntaxNode): string | undefined {
  const text = node.text;
  switch (node.type) {
    case '|&': return '`|&` (pipe stderr)';
    case '&>':
    case '&>>': return `\`${node.type}\` (redirect both streams)`;
    case ';&':
    case ';;&': return `\`${node.type}\` (case fall-through)`;
    case 'ansi_c_string': return `\`${clip(text)}\` (ANSI-C quoting)`;
    case 'string': return text.startsWith('$"') ? `\`${clip(text)}\` (locale quoting)` : undefined;
    case 'expansion': return POSIX_EXPANSION.test(text) ? undefined : `\`${clip(text)}\` (a bash parameter expansion)`;
    case 'test_command': return text.startsWith('[[') ? '`[[ … ]]`' : undefined;
    case 'compound_statement': return text.startsWith('((') ? '`(( … ))`' : undefined;
    case 'for_statement': return text.startsWith('select') ? '`select`' : undefined;
    case 'function_definition': return text.startsWith('function') ? 'the `function` keyword' : undefined;
    case 'variable_assignment': return /^[A-Za-z_][A-Za-z0-9_]*\+=/.test(text) ? `\`${clip(text)}\` (append assignment)` : undefined;
    case 'concatenation': return /\{[^{}]*(,|\.\.)[^{}]*\}/.test(text) ? `\`${clip(text)}\` (brace expansion)` : undefined;
    case 'declaration_command': return /^(export|readonly|local)\b/.test(text) ? undefined : `\`${clip(text)}\` (declare/typeset)`;
    case 'unset_command': return undefined;
    default:
      if (!node.isNamed || COMMON.has(node.type)) return undefined;
      return `\`${clip(text)}\` (${node.type.replace(/_/g, ' ')})`;
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
