// Property tests: the analyser never crashes on hostile input, a command with
// a sub-command that matches a deny rule is never allowed, and nothing is
// allowed that a program grammar did not match word by word (issue 10).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyseCommand } from './command/analyse-command';
import type { BashParser } from './command/bash-parser';
import { BUILTIN_GRAMMARS } from './grammar/builtin-grammars';
import { compileGrammars } from './grammar/grammar-set';
import { matchGrammar } from './grammar/match-grammar';
import { matchArgvPattern } from './rules/argv-pattern';
import { compileRules } from './rules/rule-set';
import type { RuleSet } from './rules/rule-set';
import { mergePolicyLayers } from './settings/merge-layers';
import type { Policy } from './policy';
import { OWNER, run, testParser, testPolicy } from './policy-testing';

let parser: BashParser;
let policy: Policy;
let ruleSet: RuleSet;

before(async () => {
  parser = await testParser();
  policy = await testPolicy();
  ruleSet = compileRules(mergePolicyLayers({ workspaceTrusted: false }).rules).ruleSet;
});

const SEEDS = [
  'ls -la', 'rm -rf /', 'git push --force', 'echo "$(rm -rf ~)"', 'find . -exec rm {} \\;', 'bash -c "ls; rm x"',
  'cat <<EOF\n$(id)\nEOF', 'a=$(b) c | d && e || f; g & h', "sudo env X=1 timeout 5 sh -c 'rm -rf /'", 'for i in a b; do echo $i; done',
  'case $x in a) rm;; *) ls;; esac', 'f() { f | f & }; f', "echo $'\\x72m'", 'ls > .git/config', ':(){ :|:& };:', 'xargs -I{} rm {}',
];
const SEPARATORS = ['; ', ' && ', ' || ', ' | ', ' & ', '\n', ' $(', '`', ' <(', '"', "'", '\\', '{', '}', '(', ')', '\u2028', '\u0000', '\u202e'];

/** A seed mutated by inserting, deleting and splicing characters and fragments. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(
      fc.tuple(fc.nat(200), fc.oneof(fc.constantFrom(...SEPARATORS), fc.string({ maxLength: 4 }), fc.constantFrom(...SEEDS)), fc.boolean()),
      { maxLength: 6 },
    ),
  )
  .map(([seed, edits]) =>
    edits.reduce((text, [at, fragment, remove]) => {
      const i = at % (text.length + 1);
      return remove ? text.slice(0, i) + text.slice(i + fragment.length) : text.slice(0, i) + fragment + text.slice(i);
    }, seed),
  );

const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 }));

// Commands some built-in rule denies, in forms a model might disguise them.
const DENIED = ['rm -rf /', 'rm -rf ~', 'rm -fr /usr', 'rm --recursive --force /etc', 'chmod -R 777 /', 'dd if=/dev/zero of=/dev/sda', 'mkfs.ext4 /dev/sdb'];
const SAFE = ['ls', 'echo hi', 'git status', 'cat README.md', 'pwd', 'grep -r x .', 'true'];

function disguiseProgram(command: string, how: number): string {
  const [program = '', ...rest] = command.split(' ');
  const forms = [program, `"${program}"`, `'${program}'`, `\\${program}`, `/bin/${program}`, `${program.slice(0, 1)}''${program.slice(1)}`, `command ${program}`, `$'${program}'`];
  return [forms[how % forms.length], ...rest].join(' ');
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A denied command hidden among safe ones, behind wrappers, substitutions and nested shells. */
const hiddenDenied = fc
  .record({
    denied: fc.constantFrom(...DENIED),
    disguise: fc.nat(),
    wrappers: fc.array(fc.constantFrom('sudo', 'env X=1', 'timeout 5', 'nice -n 5', 'nohup', 'time', 'stdbuf -oL', 'exec', 'builtin', 'command'), { maxLength: 3 }),
    nesting: fc.array(fc.constantFrom('bash -c', 'sh -c', 'eval', '$()', '``', 'if', 'subshell', 'brace', 'function'), { maxLength: 3 }),
    before: fc.array(fc.constantFrom(...SAFE), { maxLength: 2 }),
    after: fc.array(fc.constantFrom(...SAFE), { maxLength: 2 }),
    separator: fc.constantFrom('; ', ' && ', ' || ', ' | ', ' & ', '\n'),
  })
  .map(({ denied, disguise, wrappers, nesting, before: pre, after, separator }) => {
    let command = [...wrappers, disguiseProgram(denied, disguise)].join(' ');
    for (const n of nesting) {
      if (n === 'bash -c' || n === 'sh -c' || n === 'eval') command = `${n} ${singleQuote(command)}`;
      // A space keeps `$( (…) )` from reading as arithmetic `$((…))`.
      else if (n === '$()') command = `echo "$( ${command} )"`;
      else if (n === '``') command = `echo \`${command.replace(/[`\\$]/g, '\\$&')}\``;
      else if (n === 'if') command = `if true; then ${command}; fi`;
      else if (n === 'subshell') command = `( ${command} )`;
      else if (n === 'brace') command = `{ ${command}; }`;
      else command = `f() { ${command}; }; f`;
    }
    return [...pre, command, ...after].join(separator);
  });

const grammars = compileGrammars(BUILTIN_GRAMMARS).set;
const RUNS = (n: number) => Number(process.env.CLAWDOCK_FUZZ_RUNS ?? n);

// Words a model might put after a program: its real options and abbreviations
// of them, with and without values, options it does not have, paths (secret,
// protected, ordinary), run-time words, globs, and separators.
const OPTION_NAMES = BUILTIN_GRAMMARS.flatMap((g) => [...g.options, ...(g.subcommands ?? []).flatMap((sub) => sub.options)].flatMap((o) => o.names));
const wordPool = fc.oneof(
  fc.constantFrom(...OPTION_NAMES),
  fc.constantFrom(...OPTION_NAMES.filter((n) => n.startsWith('--'))).chain((n) => fc.nat(n.length).map((k) => n.slice(0, Math.max(3, k)))),
  fc.constantFrom(...OPTION_NAMES).map((n) => `${n}=x`),
  fc.constantFrom(...OPTION_NAMES.filter((n) => /^-[a-zA-Z]$/.test(n))).map((n) => `${n}.env`),
  fc.constantFrom('-z', '-Q', '--frob', '--pre=sh', '--output=o', '--compress-program=sh', '--exec', '-exec', '-delete', '-e', '-f', '--', '-', '-5'),
  fc.constantFrom('.env', 'src/a.ts', '.git/config', '.vscode/tasks.json', 'HEAD:.env', 'HEAD~1', 'x', 'a b', '*.ts', '.e*', '$x', '"$x"', '$(id)', '`id`', "'a[$(id)]'", '~/.ssh/id_rsa', '/etc/passwd', '1,5p', 's/a/b/w out', '.'),
  fc.string({ maxLength: 6 }),
);
const PROGRAMS = BUILTIN_GRAMMARS.flatMap((g) => [g.name, ...(g.aliases ?? [])]).filter((n) => /^[\w.-]+$/.test(n));
const SUBCOMMANDS = BUILTIN_GRAMMARS.flatMap((g) => (g.subcommands ?? []).map((sub) => `${g.name} ${sub.name}`));
/** A known program (or git subcommand) with words drawn from its options and worse. */
const grammarish = fc
  .tuple(fc.constantFrom(...PROGRAMS, ...SUBCOMMANDS), fc.array(wordPool, { maxLength: 6 }), fc.constantFrom('', 'timeout 5 ', 'xargs ', 'env ', 'nice -n 5 ', "sh -c '", 'bash -c "'))
  .map(([program, words, wrapper]) => {
    const line = `${program} ${words.join(' ')}`;
    return wrapper.endsWith("'") ? `${wrapper}${line.replace(/'/g, '')}'` : wrapper.endsWith('"') ? `${wrapper}${line.replace(/["$`\\]/g, '')}"` : `${wrapper}${line}`;
  });

describe('policy properties', () => {
  it('allows nothing a program grammar did not match word by word', () => {
    fc.assert(
      fc.property(fc.oneof(grammarish, mutated), (text) => {
        if (text.length === 0) return;
        const e = policy.explain(run(text), OWNER);
        if (e.decision.decision !== 'allow') return;
        for (const sub of analyseCommand(parser, text).subcommands) {
          const g = grammars.lookup(sub.words[0], true);
          assert.ok(g, `${JSON.stringify(text)}: \`${sub.argv.join(' ')}\` has no grammar yet was allowed`);
          const m = matchGrammar(g, sub.words);
          assert.ok(m.understood, `${JSON.stringify(text)}: \`${sub.argv.join(' ')}\` was allowed, but ${m.understood ? '' : m.reason}`);
          assert.ok(m.touches.every((t) => !['write', 'exec', 'state'].includes(t.kind)) && m.effects.length === 0, `${JSON.stringify(text)} writes, runs or changes something`);
          assert.equal(m.canonical.length >= sub.words.length, true);
        }
        for (const s of e.subcommands) assert.ok(s.matches.some((m) => m.verdict === 'allow' && m.rule.startsWith('grammar:')), JSON.stringify(s));
      }),
      { numRuns: RUNS(600) },
    );
  });

  it('never crashes the analyser or the policy on random text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        analyseCommand(parser, text);
        if (text.length > 0) policy.decide(run(text), OWNER, { record: false });
      }),
      { numRuns: Number(process.env.CLAWDOCK_FUZZ_RUNS ?? 400) },
    );
  });

  it('never crashes on mutated commands', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        analyseCommand(parser, text);
        if (text.length > 0) policy.decide(run(text), OWNER, { record: false });
      }),
      { numRuns: Number(process.env.CLAWDOCK_FUZZ_RUNS ?? 400) },
    );
  });

  it('denies any command with a sub-command that matches a deny rule', () => {
    const denyRules = ruleSet.rules.filter((r) => r.decision === 'deny');
    fc.assert(
      fc.property(fc.oneof(mutated, hiddenDenied), (text) => {
        if (text.length === 0) return;
        const hit = analyseCommand(parser, text).subcommands.some((s) => denyRules.some((r) => matchArgvPattern(r.pattern, s.words, 'certain', false)));
        const d = policy.decide(run(text), OWNER, { record: false });
        if (hit) assert.equal(d.decision, 'deny', `${JSON.stringify(text)} → ${JSON.stringify(d)}`);
      }),
      { numRuns: Number(process.env.CLAWDOCK_FUZZ_RUNS ?? 500) },
    );
  });

  it('never allows a denied command however it is hidden', () => {
    fc.assert(
      fc.property(hiddenDenied, (text) => {
        const d = policy.decide(run(text), OWNER, { record: false });
        assert.notEqual(d.decision, 'allow', `${JSON.stringify(text)} → ${JSON.stringify(d)}`);
      }),
      { numRuns: Number(process.env.CLAWDOCK_FUZZ_RUNS ?? 500) },
    );
  });

  it('survives deep nesting without overflowing the stack', () => {
    const deep = `${'$('.repeat(3000)}ls${')'.repeat(3000)}`;
    const d = policy.decide(run(deep), OWNER, { record: false });
    assert.equal(d.decision, 'ask');
    // Wrappers nest linearly (quoting nested `bash -c` strings grows them exponentially).
    const nestedWrappers = `${'eval sudo timeout 1 '.repeat(10)}ls`;
    const explained = policy.explain(run(nestedWrappers), OWNER);
    assert.equal(explained.decision.decision, 'ask');
    assert.ok(explained.findings.some((f) => f.rule === 'too-deep'));
  });
});
