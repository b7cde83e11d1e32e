import { isLiteral, literalWord } from '../command/word';
import type { Word } from '../command/word';
import { resolveLong } from './compile-grammar';
import type { CompiledGrammar } from './compile-grammar';
import type { ArgKind, OperandSpec, OptionSpec } from './grammar';

/** A word the program reads as a file, a path, a program, a revision …, and how it got there. */
export interface Touch {
  readonly kind: ArgKind;
  readonly word: Word;
  /** The option it is the argument of (`-o`, `--output`), or `operand`. */
  readonly via: string;
}

/** Something an option or a subcommand does beyond reading (`sed -i` writes its operands). */
export interface GrammarEffect {
  readonly kind: 'write' | 'exec' | 'state';
  /** The option or subcommand (`-i`, `git remote add`). */
  readonly via: string;
  readonly why?: string;
}

/** How a sub-command's argv fared against its program's grammar. */
export type GrammarMatch =
  | {
    readonly understood: true;
    /** The program and subcommands matched (`git log`). */
    readonly path: string;
    readonly touches: readonly Touch[];
    readonly effects: readonly GrammarEffect[];
    /** The argv with long options spelled out (`--recur` → `--recursive`), for rules to match. */
    readonly canonical: readonly Word[];
    readonly grammar: CompiledGrammar;
    /** Options seen, by the name they were given (`-o`, `--output`), spelled out. */
    readonly options: readonly string[];
  }
  | {
    readonly understood: false;
    readonly path: string;
    /** The word that was not understood. */
    readonly word: string;
    readonly reason: string;
    readonly canonical: readonly Word[];
    readonly grammar: CompiledGrammar;
  };

// Thrown to unwind the parse at the first word not understood. Not an Error:
// capturing a stack for each would cost more than the parse (the p99 goal).
class NotUnderstood {
  constructor(readonly word: string, readonly why: string) {}
}

interface State {
  readonly touches: Touch[];
  readonly effects: GrammarEffect[];
  readonly canonical: Word[];
  readonly options: string[];
  path: string;
  grammar: CompiledGrammar;
  /** An option made the files read also written (`sed -i`). */
  writesOperands: boolean;
}

/**
 * Matches argv words (the program first) against a compiled grammar the way
 * getopt_long would read them: short bundles, attached and separate arguments,
 * optional arguments (attached only), unique-prefix long options where the
 * grammar lists them all, `--`, operands, and subcommands. A word only known at
 * run time is understood only where no value of it could change the reading.
 */
export function matchGrammar(compiled: CompiledGrammar, words: readonly Word[]): GrammarMatch {
  const state: State = { touches: [], effects: [], canonical: [words[0] as Word], options: [], path: compiled.grammar.name, grammar: compiled, writesOperands: false };
  try {
    parse(compiled, words, 1, state);
    return { understood: true, path: state.path, touches: state.touches, effects: state.effects, canonical: state.canonical, grammar: state.grammar, options: state.options };
  } catch (err) {
    if (!(err instanceof NotUnderstood)) throw err;
    const rest = words.slice(state.canonical.length);
    return { understood: false, path: state.path, word: err.word, reason: err.why, canonical: [...state.canonical, ...rest], grammar: state.grammar };
  }
}

function parse(compiled: CompiledGrammar, words: readonly Word[], start: number, state: State): void {
  const g = compiled.grammar;
  const label = state.path;
  if (g.effect) state.effects.push({ kind: g.effect, via: label, ...(g.why ? { why: g.why } : {}) });
  const operands: { word: Word; afterDashes: boolean }[] = [];
  let operandSpec: OperandSpec = g.operands;
  let optionsEnded = false;
  let sawDashes = false;
  // True when a subcommand took over the rest of the words.
  const takeOperand = (w: Word, i: number): boolean => {
    if (compiled.subcommands.size > 0 && operands.length === 0 && !sawDashes) {
      const sub = isLiteral(w) ? compiled.subcommands.get(w.value) : undefined;
      if (!sub) throw new NotUnderstood(w.value, isLiteral(w) ? `\`${w.value}\` is not a ${label} subcommand the policy knows` : `the ${label} subcommand is only known at run time`);
      state.canonical.push(w);
      state.path = `${label} ${sub.grammar.name}`;
      state.grammar = sub;
      parse(sub, words, i + 1, state);
      return true;
    }
    operands.push({ word: w, afterDashes: sawDashes });
    state.canonical.push(w);
    if (g.posixOrder) optionsEnded = true;
    return false;
  };

  for (let i = start; i < words.length; i++) {
    const w = words[i] as Word;
    if (optionsEnded || g.freeForm) {
      if (takeOperand(w, i)) return;
      continue;
    }
    if (isLiteral(w)) {
      const v = w.value;
      if (v === '--' && g.style !== 'single-dash') {
        state.canonical.push(w);
        optionsEnded = true;
        sawDashes = true;
        continue;
      }
      const whole = g.style === 'single-dash' ? compiled.long.get(v) : undefined;
      if (whole) {
        state.canonical.push(w);
        i = takeOption(whole, v, undefined, words, i, state);
        operandSpec = whole.operands ?? operandSpec;
        continue;
      }
      if (!v.startsWith('-') || v === '-' || g.style === 'single-dash') {
        if (g.style === 'single-dash' && v.startsWith('-') && v !== '-') throw new NotUnderstood(v, `\`${v}\` is not an expression ${label} understands`);
        if (takeOperand(w, i)) return;
        continue;
      }
      if (v.startsWith('--')) {
        const eq = v.indexOf('=');
        const name = eq < 0 ? v : v.slice(0, eq);
        const found = resolveLong(compiled, name);
        if (!found) throw new NotUnderstood(v, `\`${name}\` is not an option of ${label} that the policy knows`);
        if ('ambiguous' in found) throw new NotUnderstood(v, `\`${name}\` could mean ${found.ambiguous.slice(0, 3).join(' or ')}`);
        state.canonical.push(eq < 0 ? literalWord(found.name) : { ...w, value: `${found.name}${v.slice(eq)}` });
        const attached = eq < 0 ? undefined : { ...w, value: v.slice(eq + 1) };
        if (attached !== undefined && found.spec.arg === undefined) throw new NotUnderstood(v, `${found.name} takes no value`);
        i = takeOption(found.spec, found.name, attached, words, i, state);
        operandSpec = found.spec.operands ?? operandSpec;
        continue;
      }
      state.canonical.push(w);
      const spec = shortBundle(compiled, w, words, i, state);
      i = spec.next;
      operandSpec = spec.operands ?? operandSpec;
      continue;
    }
    // A word only known at run time (an expansion, a substitution, a glob).
    const lead = w.prefix ?? '';
    if (lead.startsWith('-') && g.style !== 'single-dash') {
      if (lead.startsWith('--')) {
        const eq = lead.indexOf('=');
        if (eq < 0) throw new NotUnderstood(w.value, `\`${w.value}\` names an option only known at run time`);
        const found = resolveLong(compiled, lead.slice(0, eq));
        if (!found || 'ambiguous' in found || found.spec.arg === undefined) throw new NotUnderstood(w.value, `\`${lead.slice(0, eq)}\` is not an option of ${label} that the policy knows`);
        state.canonical.push({ ...w, value: `${found.name}${w.value.slice(eq)}` });
        i = takeOption(found.spec, found.name, { ...w, value: w.value.slice(eq + 1), prefix: lead.slice(eq + 1) }, words, i, state);
        operandSpec = found.spec.operands ?? operandSpec;
        continue;
      }
      state.canonical.push(w);
      const spec = shortBundle(compiled, w, words, i, state);
      i = spec.next;
      operandSpec = spec.operands ?? operandSpec;
      continue;
    }
    const mayBeOption = lead === '' || (w.splits === true && w.dynamic);
    if (mayBeOption && !(w.dynamic ? compiled.harmlessOptions : compiled.globSafe)) {
      const risky = riskyOption(compiled, !w.dynamic);
      throw new NotUnderstood(w.value, w.dynamic
        ? `\`${w.value}\` is only known at run time and may turn into an option of ${label}${risky ? ` (such as ${risky})` : ''}; write -- before it, or name the file`
        : `\`${w.value}\` may expand to file names that read as options of ${label}${risky ? ` (a file named ${risky}=… would be one)` : ''}; write ./${w.value} or -- before it`);
    }
    if (takeOperand(w, i)) return;
  }
  if (compiled.subcommands.size > 0 && !g.subcommandOptional && state.grammar === compiled) {
    throw new NotUnderstood(label, `${label} needs a subcommand`);
  }
  assignOperands(operands, operandSpec, label, state);
}

/** Consumes an option's argument (attached, or the next word for a required one); returns the index of the last word used. */
function takeOption(spec: OptionSpec, name: string, attached: Word | undefined, words: readonly Word[], i: number, state: State): number {
  noteOption(spec, name, state);
  if (spec.arg === undefined) return i;
  let value = attached;
  if (value === undefined && spec.arg === 'required') {
    for (let n = 0; n < (spec.count ?? 1); n++) {
      value = words[i + 1];
      if (value === undefined) throw new NotUnderstood(name, `${name} needs ${(spec.count ?? 1) > 1 ? `${spec.count} values` : 'a value'}`);
      state.canonical.push(value);
      i++;
    }
  }
  if (value !== undefined) {
    if (value.splits === true && value.dynamic && !isLiteral(value)) throw new NotUnderstood(value.value, `the value of ${name} (${value.value}) may split into several words at run time`);
    state.touches.push({ kind: spec.kind ?? 'value', word: value, via: name });
  }
  return i;
}

/** An option a run-time word or a glob could turn into that does more than print (for reasons). */
function riskyOption(compiled: CompiledGrammar, writesOrRunsOnly: boolean): string | undefined {
  const risky = (o: OptionSpec) => o.effect !== undefined || o.writesOperands === true || (writesOrRunsOnly ? ['write', 'exec', 'state'] : ['read', 'write', 'exec', 'state']).includes(o.kind ?? 'value');
  const spec = compiled.grammar.options.find(risky);
  return spec ? (spec.names.find((n) => n.startsWith('--')) ?? spec.names[0]) : undefined;
}

function noteOption(spec: OptionSpec, name: string, state: State): void {
  state.options.push(name);
  if (spec.effect) state.effects.push({ kind: spec.effect, via: name, ...(spec.why ? { why: spec.why } : {}) });
  if (spec.writesOperands) state.writesOperands = true;
}

/** Reads `-abc`, `-ofile`, `-o file`, `-5`; returns the last index used and any operand switch. */
function shortBundle(compiled: CompiledGrammar, w: Word, words: readonly Word[], i: number, state: State): { next: number; operands?: OperandSpec } {
  const g = compiled.grammar;
  const literal = isLiteral(w);
  const text = literal ? w.value : (w.prefix ?? '');
  if (g.numericOption && /^-\d+$/.test(text)) {
    if (!literal) throw new NotUnderstood(w.value, `\`${w.value}\` is only known at run time`);
    return { next: i };
  }
  let operands: OperandSpec | undefined;
  for (let k = 1; k < text.length; k++) {
    const letter = text[k] as string;
    const spec = compiled.short.get(letter);
    if (!spec) throw new NotUnderstood(w.value, `\`-${letter}\`${text.length > 2 ? ` (in ${text})` : ''} is not an option of ${state.path} that the policy knows`);
    operands = spec.operands ?? operands;
    if (spec.arg !== undefined) {
      const rest = text.slice(k + 1);
      const attached = literal ? (rest === '' ? undefined : { ...w, value: rest }) : { ...w, value: w.value.slice(k + 1), prefix: rest };
      return { next: takeOption(spec, `-${letter}`, attached, words, i, state), ...(operands ? { operands } : {}) };
    }
    noteOption(spec, `-${letter}`, state);
  }
  if (!literal) throw new NotUnderstood(w.value, `\`${w.value}\` adds options only known at run time`);
  return { next: i, ...(operands ? { operands } : {}) };
}

/** Gives each operand its kind by position; a word that may split must sit where every later position has one kind. */
function assignOperands(operands: readonly { word: Word; afterDashes: boolean }[], spec: OperandSpec, label: string, state: State): void {
  const { kinds } = spec;
  const max = spec.max ?? Infinity;
  if (operands.length < (spec.min ?? 0)) {
    throw new NotUnderstood(label, state.grammar.grammar.knownAs ? `the policy knows ${label} only as \`${state.grammar.grammar.knownAs}\`` : `${label} needs at least ${spec.min} operand${spec.min === 1 ? '' : 's'}`);
  }
  if (operands.length > max) {
    const extra = operands[max]?.word.value ?? '';
    const known = state.grammar.grammar.knownAs;
    throw new NotUnderstood(extra, known ? `the policy knows ${label} only as \`${known}\`` : max === 0 ? `${label} takes no operands, so \`${extra}\` is not understood` : `${label} takes at most ${max} operand${max === 1 ? '' : 's'}`);
  }
  operands.forEach(({ word, afterDashes }, n) => {
    let kind = (afterDashes ? spec.afterDashes : undefined) ?? (kinds[Math.min(n, kinds.length - 1)] as ArgKind);
    if (kind === 'read' && state.writesOperands) kind = 'write';
    if (spec.pattern && !(isLiteral(word) && spec.pattern.test(word.value))) {
      const known = state.grammar.grammar.knownAs;
      throw new NotUnderstood(word.value, known ? `the policy knows ${label} only as \`${known}\`` : `\`${word.value}\` is not an operand of ${label} that the policy understands`);
    }
    if (spec.keyed) {
      const eq = word.value.indexOf('=');
      const keyKind = eq > 0 ? spec.keyed[word.value.slice(0, eq)] : undefined;
      if (keyKind) {
        kind = keyKind;
        word = { ...word, value: word.value.slice(eq + 1), ...(word.prefix !== undefined ? { prefix: word.prefix.slice(eq + 1) } : {}) };
      }
    }
    if (word.splits === true) {
      const later = kinds.slice(Math.min(n, kinds.length - 1));
      if (new Set(later).size > 1 || max !== Infinity) {
        throw new NotUnderstood(word.value, `\`${word.value}\` may become several words at run time, which would change what the later operands of ${label} mean`);
      }
    }
    state.touches.push({ kind, word, via: 'operand' });
  });
}
