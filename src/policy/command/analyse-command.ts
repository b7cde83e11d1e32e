import type { BashParser } from './bash-parser';
import type { AnalysisFinding, CommandAnalysis, Redirect, SubCommand } from './command-analysis';
import { findSuspiciousCharacters } from './suspicious-characters';
import { isLiteral, unquoted, wordFromNode } from './word';
import type { Word } from './word';
import { unwrapCommand } from './wrappers';
import { sensitiveVariableFinding } from './sensitive-variables';
import { parseSyntaxTree } from './syntax-tree';
import type { SyntaxNode } from './syntax-tree';
import { ARITHMETIC, collectVariables } from './line-variables';
import type { LineVariables } from './line-variables';
import { bashOnlyConstruct } from './shell-dialect';
import type { ShellDialect } from './shell-dialect';
import { backtickBodies } from './backtick-bodies';

/** Bounds that keep the analysis of a hostile command line cheap and finite. */
export interface AnalyseLimits {
  /** Wrappers and nested shell strings (`bash -c "sudo sh -c '…'"`) followed before giving up with `ask`. */
  readonly maxDepth: number;
  /** Sub-commands collected before giving up with `ask`. */
  readonly maxSubcommands: number;
  /** Syntax-tree nesting walked before giving up with `ask` (guards the stack). */
  readonly maxNesting: number;
  /** Syntax-tree nodes read per parse before giving up with `ask` (guards the time). */
  readonly maxNodes: number;
}

/** The bounds used unless a caller passes others. */
export const DEFAULT_ANALYSE_LIMITS: AnalyseLimits = { maxDepth: 8, maxSubcommands: 256, maxNesting: 200, maxNodes: 20_000 };

interface Scope {
  readonly depth: number;
  readonly via: readonly string[];
  /** A heredoc or herestring feeding the command (a shell may run it as its script). */
  readonly stdin?: Word;
  /** The shell that runs this source: bash, or a POSIX sh that must get only what both read alike. */
  readonly dialect?: ShellDialect;
  /** The shell that runs it, for reasons (`sh -c`). */
  readonly shell?: string;
}

/** A scope's variables are those of the source being walked; nested shells get their own. */
interface WalkScope extends Scope {
  readonly vars: LineVariables;
}

// Text bash evaluates again in a word: an array subscript holding `$(…)` or backticks
// (`test -v 'a[$(touch x)]'`, `printf -v`, `read`, arithmetic on the value).
const SUBSCRIPT_CODE = /\[[^\]]*(\$\(|`)/;
// `[[ a -eq b ]]` and friends evaluate both sides as arithmetic.
const ARITHMETIC_TEST = /^-(eq|ne|lt|le|gt|ge)$/;
// Names assigned inside arithmetic (`(( PATH = 1 ))`, `x++`).
const ARITHMETIC_ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_]*)\s*(\[[^\]]*\])?\s*([-+*/%&|^]|<<|>>)?=(?!=)|(?:\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)\s*(?:\+\+|--)/g;
// Identifiers an arithmetic expression reads.
const ARITHMETIC_NAME = /(?<![\w$#])\$?\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Splits a bash command line into the simple commands it would run — through
 * lists, pipelines, substitutions, heredocs, compound statements, functions and
 * wrappers — and notes anything that cannot be judged from the text alone.
 */
export function analyseCommand(parser: BashParser, source: string, limits: AnalyseLimits = DEFAULT_ANALYSE_LIMITS): CommandAnalysis {
  const walker = new Walker(parser, limits);
  walker.analyseSource(source, { depth: 0, via: [] });
  return { source, subcommands: walker.subcommands, redirects: walker.redirects, findings: walker.findings };
}

const REDIRECT_NODES = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);

class Walker {
  readonly subcommands: SubCommand[] = [];
  readonly redirects: Redirect[] = [];
  readonly findings: AnalysisFinding[] = [];
  private readonly seenFindings = new Set<string>();
  private readonly functions: { name: string; text: string }[] = [];
  private stopped = false;

  constructor(private readonly parser: BashParser, private readonly limits: AnalyseLimits) {}

  analyseSource(source: string, scope: Scope): void {
    if (scope.depth > this.limits.maxDepth) {
      this.find({ kind: 'too-deep', verdict: 'ask', reason: `wrappers and nested shells go deeper than ${this.limits.maxDepth} levels; a person must read it` });
      return;
    }
    const odd = findSuspiciousCharacters(source);
    if (odd.length > 0) {
      const names = [...new Set(odd.map((c) => `${c.codePoint} ${c.name}`))].slice(0, 3).join(', ');
      this.find({ kind: 'suspicious-character', verdict: 'ask', reason: `the command contains invisible, control or line-separator characters (${names}); what a display shows may not be what runs` });
    }
    const patched = splitMislexedLines(this.parser, source, this.limits.maxNesting + 10);
    if (patched !== undefined) {
      this.analyseSource(patched, scope);
      return;
    }
    if (this.stopped) return;
    const tree = parseSyntaxTree(this.parser, source, { maxDepth: this.limits.maxNesting + 10, maxNodes: this.limits.maxNodes });
    if (tree.hasError) {
      this.find({ kind: 'parse-error', verdict: 'ask', reason: 'the command does not parse as bash (unbalanced quotes, brackets or substitutions); it cannot be checked part by part' });
    }
    if (tree.truncated) {
      this.find({ kind: 'too-deep', verdict: 'ask', reason: `the command is too large or nests too deep to check part by part; a person must read it` });
    }
    if (scope.dialect === 'foreign') {
      this.find({ kind: 'shell-dialect', verdict: 'ask', reason: `\`${scope.shell ?? 'the shell'}\` runs a language the policy does not read (it parses bash); a person must read the script` });
    } else if (scope.dialect === 'posix') {
      const construct = bashOnlyConstruct(tree.root);
      if (construct) this.find({ kind: 'shell-dialect', verdict: 'ask', reason: `\`${scope.shell ?? 'sh'}\` runs a POSIX shell (dash in the sandbox), which reads ${construct} differently from bash; the policy cannot tell what that script runs` });
    }
    this.walk(tree.root, { ...scope, vars: collectVariables(tree.root) }, 0);
  }

  private find(finding: AnalysisFinding): void {
    const key = `${finding.kind}\u0000${finding.reason}`;
    if (this.seenFindings.has(key)) return;
    // A few of each kind explain enough; a hostile line could otherwise produce thousands.
    if (this.findings.filter((f) => f.kind === finding.kind && f.verdict === finding.verdict).length >= 3) return;
    this.seenFindings.add(key);
    this.findings.push(finding);
  }

  private walk(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    if (this.stopped) return;
    if (nesting > this.limits.maxNesting) {
      this.find({ kind: 'too-deep', verdict: 'ask', reason: `the command nests deeper than ${this.limits.maxNesting} levels; a person must read it` });
      return;
    }
    switch (node.type) {
      case 'command':
        this.command(node, scope, nesting);
        return;
      case 'declaration_command':
      case 'unset_command':
        this.declaration(node, scope, nesting);
        return;
      case 'variable_assignment':
        this.assignment(node);
        this.walkChildren(node, scope, nesting);
        return;
      case 'file_redirect':
        this.redirect(node, scope, nesting);
        return;
      case 'redirected_statement':
        this.redirected(node, scope, nesting);
        return;
      case 'function_definition':
        this.functionDefinition(node, scope, nesting);
        return;
      case 'expansion':
        this.expansion(node, scope, nesting);
        return;
      case 'word':
      case 'raw_string':
      case 'ansi_c_string':
      case 'string_content':
        this.evaluatedText(node);
        this.walkChildren(node, scope, nesting);
        return;
      case 'for_statement':
        if (node.namedChildren[0]) this.checkVariable(node.namedChildren[0].text);
        this.walkChildren(node, scope, nesting);
        return;
      case 'test_command':
        this.testCommand(node, scope);
        this.walkChildren(node, scope, nesting);
        return;
      case 'subscript':
        this.arithmetic(node, scope, `\`${clip(node.text)}\` indexes an array`);
        this.walkChildren(node, scope, nesting);
        return;
      case 'heredoc_redirect':
        this.heredocBackticks(node, scope);
        this.walkChildren(node, scope, nesting);
        return;
      case 'command_substitution':
        if (node.text.startsWith('`')) {
          this.backticks(node, scope, nesting);
          return;
        }
        this.walkChildren(node, scope, nesting);
        return;
      default:
        if (ARITHMETIC.has(node.type) || (node.type === 'compound_statement' && node.text.startsWith('(('))) this.arithmetic(node, scope, `\`${clip(node.text)}\` is arithmetic`);
        this.walkChildren(node, scope, nesting);
    }
  }

  private walkChildren(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    const inner: WalkScope = { depth: scope.depth, via: scope.via, vars: scope.vars, ...(scope.dialect ? { dialect: scope.dialect } : {}), ...(scope.shell ? { shell: scope.shell } : {}) };
    for (const child of node.namedChildren) if (child) this.walk(child, inner, nesting + 1);
  }

  /** `${!x}`, `${x@P}`, `${X:=…}`, and backticks bash runs inside `${…}` that the grammar leaves as text. */
  private expansion(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    const text = node.text;
    // `${x@P}` expands x like a prompt, running any $(…) inside its value.
    if (/@P\}$/.test(text)) {
      this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `\`${clip(text)}\` expands a value like a prompt, which runs any command substitution inside it` });
    }
    if (text.startsWith('${!') && text !== '${!}') {
      this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `\`${clip(text)}\` reads the variable whose name another variable holds (bash evaluates an array subscript in that name)` });
    }
    const assigns = /^\$\{([A-Za-z_][A-Za-z0-9_]*):?=/.exec(text);
    if (assigns) this.checkVariable(assigns[1] as string);
    for (const child of node.namedChildren) {
      if (child.type === 'word' && child.text.includes('`')) this.analyseBackticks(child.text, scope);
    }
    this.walkChildren(node, scope, nesting);
  }

  /** Quoted text holding `a[$(…)]` runs the substitution where bash evaluates it as a variable name or number. */
  private evaluatedText(node: SyntaxNode): void {
    const text = node.text;
    if (!text.includes('[')) return;
    const value = node.type === 'word' ? unquoted(text).value : wordFromNode(node).value;
    if (SUBSCRIPT_CODE.test(value)) {
      this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `\`${clip(value)}\` holds an array subscript with a command substitution, which bash runs wherever it evaluates the text as a name or a number (test -v, printf -v, read, declare, arithmetic)` });
    }
  }

  /** `[[ $x -eq 1 ]]` evaluates both sides as arithmetic; `[[ -v $x ]]` evaluates a subscript in a name only known at run time. */
  private testCommand(node: SyntaxNode, scope: WalkScope): void {
    const stack = [...node.namedChildren];
    while (stack.length > 0) {
      const n = stack.pop() as SyntaxNode;
      const op = n.namedChildren.find((c) => c.type === 'test_operator')?.text;
      if (n.type === 'binary_expression' && op && ARITHMETIC_TEST.test(op) && node.text.startsWith('[[')) this.arithmetic(n, scope, `\`${clip(n.text)}\` compares numbers`);
      if (n.type === 'unary_expression' && (op === '-v' || op === '-R')) {
        const operand = n.namedChildren.find((c) => c.type !== 'test_operator');
        if (operand && !isLiteral(wordFromNode(operand))) {
          this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `\`${clip(n.text)}\` tests a variable whose name is only known at run time (bash evaluates an array subscript in it)` });
        }
      }
      stack.push(...n.namedChildren);
    }
  }

  /**
   * Arithmetic evaluates variables' values as arithmetic again, running `$(…)` in
   * array subscripts inside them: a value set from run-time text (or command
   * output used directly) is not understood. Assigning a sensitive name asks too.
   */
  private arithmetic(node: SyntaxNode, scope: WalkScope, what: string): void {
    const text = node.text;
    if (/\$\(|`/.test(text.replace(/^\$\(\(/, ''))) {
      this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `${what} on command output, which bash evaluates again (running any $(…) in an array subscript it holds)` });
    }
    for (const m of text.matchAll(ARITHMETIC_NAME)) {
      const name = m[1] as string;
      if (scope.vars.isRunTime(name)) {
        this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `${what} on $${name}, which holds text only known at run time; bash evaluates it again (running any $(…) in an array subscript it holds)` });
      }
    }
    for (const m of text.matchAll(ARITHMETIC_ASSIGNMENT)) this.checkVariable((m[1] ?? m[4] ?? m[5]) as string);
  }

  /** An unquoted heredoc body is expanded like a double-quoted string: backticks in it run. */
  private heredocBackticks(node: SyntaxNode, scope: WalkScope): void {
    const start = node.namedChildren.find((c) => c.type === 'heredoc_start')?.text ?? '';
    if (/['"\\]/.test(start)) return;
    const body = node.namedChildren.find((c) => c.type === 'heredoc_body');
    if (!body) return;
    const parts = body.namedChildren.length > 0 ? body.namedChildren.filter((c) => c.type === 'heredoc_content') : [body];
    for (const part of parts) if (part.text.includes('`')) this.analyseBackticks(part.text, scope);
  }

  /** Analyses the commands in backtick pairs of text the grammar did not split (bash unescapes \\, \` and \$ first). */
  private analyseBackticks(text: string, scope: WalkScope): void {
    for (const body of backtickBodies(text)) {
      this.analyseSource(body.replace(/\\([\\`$])/g, '$1'), { depth: scope.depth + 1, via: [...scope.via, '`…`'] });
    }
  }

  private command(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    const assignments: string[] = [];
    const words: Word[] = [];
    // Each word, or the values a variable it reads holds (`for f in a b; do cat "$f"; done`).
    const choices: (readonly Word[])[] = [];
    let stdin = scope.stdin;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') {
        assignments.push(child.text);
        this.assignment(child);
        this.walkChildren(child, scope, nesting);
      } else if (REDIRECT_NODES.has(child.type)) {
        if (child.type === 'herestring_redirect') stdin = herestring(child) ?? stdin;
        this.walk(child, scope, nesting + 1);
      } else {
        const wordNode = child.type === 'command_name' ? (child.namedChildren[0] ?? child) : child;
        const word = wordFromNode(wordNode);
        words.push(word);
        choices.push(words.length > 1 ? (resolveVariable(wordNode, scope.vars) ?? [word]) : [word]);
        this.walk(wordNode, scope, nesting + 1);
      }
    }
    if (words.length === 0) return;
    const program = isLiteral(words[0] as Word) ? (words[0] as Word).value : '';
    if (SETTER_BUILTINS.has(program)) for (const name of namesSetBy(words.slice(1))) this.checkVariable(name);
    if (program === 'test' || program === '[') {
      words.forEach((w, i) => {
        const next = words[i + 1];
        if ((w.value === '-v' || w.value === '-R') && next && !isLiteral(next)) {
          this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `\`${program} ${w.value} ${clip(next.value)}\` tests a variable whose name is only known at run time (bash evaluates an array subscript in it)` });
        }
      });
    }
    for (const variant of combinations(choices, words)) this.emit(variant, assignments, { ...scope, stdin }, nesting);
  }

  private emit(words: readonly Word[], assignments: readonly string[], scope: WalkScope, nesting: number): void {
    if (this.subcommands.length >= this.limits.maxSubcommands) {
      this.find({ kind: 'too-many', verdict: 'ask', reason: `the command runs more than ${this.limits.maxSubcommands} commands; a person must read it` });
      // Enough to ask; walking the rest would only cost time.
      this.stopped = true;
      return;
    }
    const first = words[0] as Word;
    if (!isLiteral(first)) {
      this.find({ kind: 'dynamic-command', verdict: 'ask', reason: `the program to run (${clip(first.value)}) is only known at run time (an expansion, substitution or glob in command position)` });
    }
    const recursive = this.functions.find((f) => f.name === first.value);
    if (recursive) {
      const forks = /[|&]/.test(recursive.text);
      this.find({
        kind: 'recursive-function',
        verdict: forks ? 'deny' : 'ask',
        reason: forks ? `function \`${clip(recursive.name)}\` calls itself in a pipe or in the background: a fork bomb` : `function \`${clip(recursive.name)}\` calls itself`,
      });
    }
    const unwrapped = isLiteral(first) ? unwrapCommand(words, scope.stdin) : undefined;
    if (!unwrapped) {
      this.subcommands.push(subcommand(words, scope.via, assignments));
      return;
    }
    for (const f of unwrapped.findings) this.find(f);
    for (const a of unwrapped.assignments) this.checkVariable(a.slice(0, a.indexOf('=')));
    for (const w of unwrapped.writes) this.redirects.push({ operator: `${unwrapped.label} -o`, target: w, write: true, via: scope.via });
    for (const w of unwrapped.reads ?? []) this.redirects.push({ operator: `${unwrapped.label} -a`, target: w, write: false, via: scope.via });
    if (unwrapped.self) this.subcommands.push(subcommand(unwrapped.self, scope.via, assignments));
    // A wrapper that runs its script with another shell (`sh -c`, `watch`) hands it that shell's dialect.
    const dialect = unwrapped.dialect ? { dialect: unwrapped.dialect, shell: unwrapped.label } : scope.dialect ? { dialect: scope.dialect, ...(scope.shell ? { shell: scope.shell } : {}) } : {};
    const inner: Scope = { depth: scope.depth + 1, via: [...scope.via, unwrapped.label], ...dialect };
    if (inner.depth > this.limits.maxDepth) {
      this.find({ kind: 'too-deep', verdict: 'ask', reason: `wrappers and nested shells go deeper than ${this.limits.maxDepth} levels; a person must read it` });
      return;
    }
    for (const command of unwrapped.commands) {
      if (command.length > 0) this.emit(command, [...assignments, ...unwrapped.assignments], { ...inner, vars: scope.vars, stdin: scope.stdin }, nesting + 1);
    }
    for (const script of unwrapped.scripts) {
      if (!isLiteral(script)) {
        this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `\`${unwrapped.label}\` runs shell source that is only known at run time (${clip(script.value)})` });
      }
      this.analyseSource(script.value, inner);
    }
  }

  private declaration(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    const words: Word[] = [];
    for (const child of node.children) {
      if (!child) continue;
      if (!child.isNamed) {
        if (words.length === 0) words.push(wordFromNode(child));
        continue;
      }
      if (child.type === 'variable_assignment') this.assignment(child);
      else if (child.type === 'variable_name') this.checkVariable(child.text);
      else {
        // `export 'BASH_ENV=…'` assigns as surely as `export BASH_ENV=…`.
        const named = /^([A-Za-z_][A-Za-z0-9_]*)(\+?=|$)/.exec(wordFromNode(child).value);
        if (named) this.checkVariable(named[1] as string);
        if (/\$\(|`/.test(child.text) && child.type !== 'command_substitution') {
          // `declare -a "x=($(id))"` evaluates the quoted text again: a known bash trick.
          this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `\`${clip(node.text)}\` evaluates quoted text as an assignment, which can run commands` });
        }
      }
      words.push(wordFromNode(child));
      this.walk(child, scope, nesting + 1);
    }
    if (words.length > 0) this.subcommands.push(subcommand(words, scope.via, []));
  }

  private assignment(node: SyntaxNode): void {
    // The name comes first: `NAME=value`, `NAME[i]=value`.
    const name = node.namedChildren[0];
    if (name) this.checkVariable(name.type === 'subscript' ? (name.namedChildren[0]?.text ?? name.text) : name.text);
    // `x='a[$(rm -rf ~)]'; echo $((x))`: quoted command text stored now runs
    // when arithmetic, eval or prompt expansion evaluates the value later.
    const value = node.namedChildren[1];
    if (value) {
      const word = wordFromNode(value);
      if (!word.dynamic && /\$\(|`/.test(word.value)) {
        this.find({ kind: 'dynamic-script', verdict: 'ask', reason: `${clip(node.text)} stores command text, which runs if the value is evaluated later (arithmetic, eval, prompt expansion)` });
      }
    }
  }

  private checkVariable(name: string): void {
    const finding = sensitiveVariableFinding(name);
    if (finding) this.find(finding);
  }

  private redirect(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    let operator = '';
    const targets: SyntaxNode[] = [];
    for (const child of node.children) {
      if (!child) continue;
      if (!child.isNamed) operator += child.text;
      else if (child.type !== 'file_descriptor') targets.push(child);
    }
    for (const t of targets) this.walk(t, scope, nesting + 1);
    const target = targets[0];
    if (!target) return;
    if ((operator === '>&' || operator === '<&') && (target.type === 'number' || target.text === '-')) return;
    if (operator === '>&-' || operator === '<&-') return;
    this.redirects.push({ operator, target: wordFromNode(target), write: operator.includes('>'), via: scope.via });
  }

  private redirected(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    // The body comes first, then its redirections.
    const body = node.namedChildren[0] ?? null;
    let stdin = scope.stdin;
    for (const child of node.namedChildren) {
      if (child?.type === 'heredoc_redirect') stdin = heredoc(child);
      if (child?.type === 'herestring_redirect') stdin = herestring(child) ?? stdin;
    }
    for (const child of node.namedChildren) {
      if (!child) continue;
      const isBody = body !== null && child.id === body.id;
      const { stdin: _outer, ...rest } = scope;
      this.walk(child, isBody ? { ...scope, stdin } : rest, nesting + 1);
    }
  }

  /**
   * Bash removes one level of backslashes (before \\, \` and \$) from a backtick
   * body before parsing it, so `\`echo \\$(rm x)\`` runs rm. The grammar keeps
   * them, so an escaped body is analysed again as bash will see it.
   */
  private backticks(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    const body = node.text.slice(1, node.text.endsWith('`') ? -1 : undefined);
    const unescaped = body.replace(/\\([\\`$])/g, '$1');
    if (unescaped === body) {
      this.walkChildren(node, scope, nesting);
      return;
    }
    this.analyseSource(unescaped, { depth: scope.depth + 1, via: [...scope.via, '`…`'] });
  }

  private functionDefinition(node: SyntaxNode, scope: WalkScope, nesting: number): void {
    // `name() …` and `function name …`: the name is the first named child.
    const name = node.namedChildren[0]?.text ?? '';
    this.functions.push({ name, text: node.text });
    try {
      this.walkChildren(node, scope, nesting);
    } finally {
      this.functions.pop();
    }
  }
}

/**
 * tree-sitter-bash 0.25 lexes a line that starts with a backslash as part of the
 * previous command's last word (`ls\n\\rm -rf /` parses as one `ls`), while bash
 * runs two commands. Returns the source with those newlines written as `;` (same
 * meaning to bash), or undefined when there are none. Found by the property tests.
 */
function splitMislexedLines(parser: BashParser, source: string, maxNesting: number): string | undefined {
  if (!/\n[ \t]*\\/.test(source)) return undefined;
  const positions: number[] = [];
  const stack: SyntaxNode[] = [parseSyntaxTree(parser, source, { maxDepth: maxNesting, maxNodes: DEFAULT_ANALYSE_LIMITS.maxNodes }).root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'word') {
      const text = node.text;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        if (text[i - 1] !== '\\') positions.push(node.startIndex + i);
      }
    } else {
      for (const child of node.namedChildren) stack.push(child);
    }
  }
  if (positions.length === 0) return undefined;
  const chars = [...source.split('')];
  for (const p of positions) chars[p] = ';';
  return chars.join('');
}

// Builtins that assign the variables they name.
const SETTER_BUILTINS = new Set(['read', 'mapfile', 'readarray', 'getopts', 'printf', 'wait']);
// Past this many variants a word keeps its run-time form (and asks where that matters).
const MAX_VARIANTS = 8;

/** The words `$name`, `${name}` or `"$name"` stands for, when the line sets it only to literal text. */
function resolveVariable(node: SyntaxNode, vars: LineVariables): readonly Word[] | undefined {
  const plain = (n: SyntaxNode): string | undefined => {
    if (n.type === 'simple_expansion') return n.namedChildren[0]?.type === 'variable_name' ? n.namedChildren[0].text : undefined;
    if (n.type === 'expansion') return /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(n.text) ? n.text.slice(2, -1) : undefined;
    return undefined;
  };
  const bare = plain(node);
  if (bare !== undefined) return vars.valuesOf(bare, false);
  if (node.type === 'string' && node.namedChildren.length === 1 && /^"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"$/.test(node.text)) {
    const inner = plain(node.namedChildren[0] as SyntaxNode);
    if (inner !== undefined) return vars.valuesOf(inner, true);
  }
  return undefined;
}

/** Every argv the choices make, or the words as written when there are too many. */
function combinations(choices: readonly (readonly Word[])[], words: readonly Word[]): (readonly Word[])[] {
  if (choices.every((c, i) => c.length === 1 && c[0] === words[i])) return [words];
  let out: Word[][] = [[]];
  for (const options of choices) {
    const next: Word[][] = [];
    for (const prefix of out) for (const w of options) next.push([...prefix, w]);
    if (next.length > MAX_VARIANTS) return [words];
    out = next;
  }
  return out;
}

/** Names a variable-setting builtin may assign: every word that is a name, option values too. */
function namesSetBy(words: readonly Word[]): string[] {
  return words.flatMap((w) => {
    const m = /^(?:-[a-zA-Z]*[vpa])?([A-Za-z_][A-Za-z0-9_]*)/.exec(w.value);
    return m ? [m[1] as string] : [];
  });
}

function subcommand(words: readonly Word[], via: readonly string[], assignments: readonly string[]): SubCommand {
  return { words, argv: words.map((w) => w.value), via, assignments };
}

function heredoc(node: SyntaxNode): Word {
  const start = node.namedChildren.find((c) => c?.type === 'heredoc_start')?.text ?? '';
  const body = node.namedChildren.find((c) => c?.type === 'heredoc_body');
  const quoted = /['"\\]/.test(start);
  const dynamic = !quoted && !!body && body.namedChildren.some((c) => c !== null && c.type !== 'heredoc_content');
  return { value: body?.text ?? '', dynamic, glob: false };
}

function herestring(node: SyntaxNode): Word | undefined {
  const value = node.namedChildren[0];
  return value ? wordFromNode(value) : undefined;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
