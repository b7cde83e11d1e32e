// What a command line sets its variables to, as far as the text tells. Lets
// `for f in *.ts; do wc -l "$f"; done` be judged as `wc -l` of a `*.ts` file
// and `f=.env; cat $f` as reading `.env`; anything set from run-time text
// (command output, `read`, a loop over output) is unknown, and arithmetic on
// it is refused: bash runs `$(…)` in an array subscript inside such a value.
import { unquoted, wordFromNode } from './word';
import type { Word } from './word';
import type { SyntaxNode } from './syntax-tree';

/** The variables a command line assigns. */
export interface LineVariables {
  /**
   * The words `$name` may stand for where it is read (quoted or not), when every
   * assignment to it in the line is literal; undefined when unknown or unset here.
   */
  valuesOf(name: string, quoted: boolean): readonly Word[] | undefined;
  /** Set here from text only known at run time: arithmetic on it is not understood. */
  isRunTime(name: string): boolean;
  /** Every name the line sets, however (for the sensitive-variable check). */
  readonly assigned: ReadonlySet<string>;
}

// Builtins that set the variables they name.
const SETTERS = new Set(['read', 'mapfile', 'readarray', 'getopts', 'printf', 'wait']);
const MAX_VALUES = 8;

// Nothing in a line without these can set a variable: most command lines skip the walk.
// (`NAME=` starting a word, not `--opt=value`; `${x:=…}`; loops; setters; arithmetic.)
const MAY_ASSIGN = /(^|[\s;&|(`{])[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=|\$\{[A-Za-z_][A-Za-z0-9_]*:?=|\bfor\b|\bselect\b|\bread|\bmapfile\b|\bgetopts\b|\bprintf\b|\bwait\b|\(\(|\$\[|\blet\b|\bdeclare\b|\btypeset\b|\blocal\b|\bexport\b|\breadonly\b/;

const NO_VARIABLES: LineVariables = { assigned: new Set(), isRunTime: () => false, valuesOf: () => undefined };

/** Reads the assignments of a whole command line (all branches, in any order: a value may hold anywhere). */
export function collectVariables(root: SyntaxNode): LineVariables {
  if (!MAY_ASSIGN.test(root.text)) return NO_VARIABLES;
  const values = new Map<string, { word: Word; fromGlob: boolean }[]>();
  const runTime = new Set<string>();
  const assigned = new Set<string>();
  const add = (name: string, word: Word | undefined, fromGlob = false) => {
    assigned.add(name);
    if (!word || word.dynamic || runTime.has(name)) {
      runTime.add(name);
      values.delete(name);
      return;
    }
    const list = values.get(name) ?? [];
    list.push({ word, fromGlob });
    values.set(name, list);
  };
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    switch (node.type) {
      case 'variable_assignment': {
        const [nameNode, valueNode] = node.namedChildren;
        if (!nameNode) break;
        if (nameNode.type === 'subscript' || valueNode?.type === 'array' || /^[^=]*\+=/.test(node.text)) {
          add(nameNode.namedChildren[0]?.text ?? nameNode.text, undefined);
        } else {
          // An assignment does not glob: `x=*.ts` holds the text `*.ts`.
          const w = valueNode ? wordFromNode(valueNode) : { value: '', dynamic: false, glob: false };
          add(nameNode.text, w.dynamic ? w : { value: w.value, dynamic: false, glob: false });
        }
        break;
      }
      case 'for_statement': {
        const [nameNode, ...rest] = node.namedChildren;
        if (!nameNode) break;
        const list = rest.filter((c) => c.type !== 'do_group' && c.type !== 'comment');
        if (list.length === 0) add(nameNode.text, undefined);
        // Each pass holds one word of the list; a glob holds one file name at a time.
        for (const item of list) {
          const w = wordFromNode(item);
          add(nameNode.text, w.glob && !w.dynamic ? { ...w, splits: false } : w, w.glob);
        }
        break;
      }
      case 'expansion':
        // `${x:=word}` and `${x=word}` assign x.
        if (/^\$\{[A-Za-z_][A-Za-z0-9_]*:?=/.test(node.text)) add(node.namedChildren[0]?.text ?? '', undefined);
        break;
      case 'command': {
        const [first, ...args] = node.namedChildren.filter((c) => c.type !== 'variable_assignment');
        const program = first?.type === 'command_name' ? first.text : undefined;
        if (program && SETTERS.has(program)) for (const name of setterNames(args.map((a) => wordFromNode(a)))) add(name, undefined);
        break;
      }
      case 'declaration_command':
        for (const c of node.namedChildren) {
          if (c.type === 'variable_name') add(c.text, undefined);
          if (c.type !== 'variable_assignment' && c.type !== 'variable_name') {
            const m = /^([A-Za-z_][A-Za-z0-9_]*)(\+?=|$)/.exec(wordFromNode(c).value);
            if (m) add(m[1] as string, undefined);
          }
        }
        break;
      default:
        if (ARITHMETIC.has(node.type) || (node.type === 'compound_statement' && node.text.startsWith('(('))) {
          for (const m of node.text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(\[[^\]]*\])?\s*([-+*/%&|^]|<<|>>)?=(?!=)|(?:\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)\s*(?:\+\+|--)/g)) {
            // Arithmetic assigns numbers: safe to evaluate again, but not a known word.
            const name = m[1] ?? m[4] ?? m[5];
            if (name) assigned.add(name);
          }
        }
    }
    for (const child of node.namedChildren) stack.push(child);
  }
  return {
    assigned,
    isRunTime: (name) => runTime.has(name),
    valuesOf(name, quoted) {
      if (runTime.has(name)) return undefined;
      const list = values.get(name);
      if (!list || list.length > MAX_VALUES) return undefined;
      if (quoted) return list.map((v) => v.word);
      // Unquoted, a value is split and globbed again: only plain words stay themselves.
      return list.every((v) => !v.fromGlob && !/[\s*?[\]{}'"\\$`]/.test(v.word.value)) ? list.map((v) => v.word) : undefined;
    },
  };
}

/** Node types whose text bash evaluates as arithmetic. */
export const ARITHMETIC = new Set(['arithmetic_expansion', 'c_style_for_statement']);

/**
 * Names a variable-setting builtin may assign (`read -r a b`, `printf -v x`,
 * `getopts o name`, `wait -p v`, `mapfile -t lines`): every word that is a
 * name, option values included — more than it sets is the safe side.
 */
function setterNames(words: readonly Word[]): string[] {
  const names: string[] = [];
  for (const w of words) {
    const v = unquoted(w.value).value;
    const m = /^(?:-[a-zA-Z]*[vpa])?([A-Za-z_][A-Za-z0-9_]*)/.exec(v);
    if (m) names.push(m[1] as string);
  }
  return names;
}
