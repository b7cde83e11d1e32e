import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseCommand } from './analyse-command';
import type { BashParser } from './bash-parser';
import { testParser } from '../policy-testing';
import { findSuspiciousCharacters } from './suspicious-characters';
import { hasHiddenCharacters } from '../../core/display';

let parser: BashParser;
before(async () => {
  parser = await testParser();
});

const argvs = (command: string) => analyseCommand(parser, command).subcommands.map((s) => s.argv.join(' '));
const kinds = (command: string) => analyseCommand(parser, command).findings.map((f) => f.kind);

describe('analyseCommand', () => {
  describe('splits a command line into the commands it runs', () => {
    it('splits lists and pipelines', () => {
      assert.deepEqual(argvs('a 1 && b 2 || c; d | e & f\ng'), ['a 1', 'b 2', 'c', 'd', 'e', 'f', 'g']);
    });
    it('enters substitutions, process substitutions and heredoc bodies', () => {
      assert.deepEqual(argvs('echo "$(a)" `b` <(c) >(d)').sort(), ['a', 'b', 'c', 'd', 'echo $(a) `b` <(c) >(d)'].sort());
      assert.deepEqual(argvs('cat <<EOF\n$(a)\nEOF').sort(), ['a', 'cat']);
      assert.deepEqual(argvs("cat <<'EOF'\n$(a)\nEOF"), ['cat']);
    });
    it('enters compound statements, functions and subshells', () => {
      assert.deepEqual(argvs('if a; then b; elif c; then d; else e; fi'), ['a', 'b', 'c', 'd', 'e']);
      assert.deepEqual(argvs('for i in 1 2; do a; done; while b; do c; done; until d; do e; done'), ['a', 'b', 'c', 'd', 'e']);
      assert.deepEqual(argvs('case x in a) b;; *) c;; esac'), ['b', 'c']);
      assert.deepEqual(argvs('f() { a; }; (b; c); { d; }'), ['a', 'b', 'c', 'd']);
      assert.deepEqual(argvs('! a'), ['a']);
    });
    it('removes quotes and escapes from literal words', () => {
      assert.deepEqual(argvs(`r''m "-r""f" \\/ $'\\x41' 'a b'`), ['rm -rf / A a b']);
    });
    it('marks words only known at run time', () => {
      const [sub] = analyseCommand(parser, 'ls $X "$Y" "a$(b)" *.ts --k="$(c)"').subcommands.filter((s) => s.argv[0] === 'ls');
      assert.deepEqual(sub?.words.map((w) => [w.dynamic, w.glob, w.splits === true]), [
        [false, false, false], [true, false, true], [true, false, false], [true, false, false], [false, true, true], [true, false, false],
      ]);
      assert.equal(sub?.words[5]?.prefix, '--k=');
    });
    it('keeps assignments in front of a command', () => {
      assert.deepEqual(analyseCommand(parser, 'A=1 B=2 ls').subcommands[0]?.assignments, ['A=1', 'B=2']);
    });
  });

  describe('sees through wrappers', () => {
    const cases: [string, string, string[]][] = [
      ['sudo -u root -E ls -l', 'ls -l', ['sudo']],
      ['env -i -- A=1 ls', 'ls', ['env']],
      ['timeout -k 5 10s ls', 'ls', ['timeout']],
      ['nice -n 5 nohup time -p stdbuf -o0 ls', 'ls', ['nice', 'nohup', 'time', 'stdbuf']],
      ['xargs -0 -n 1 ls', 'ls {xargs input}', ['xargs']],
      ['xargs -I % cp % dst', 'cp % dst', ['xargs']],
      ['bash -lc "ls -l"', 'ls -l', ['bash -c']],
      ["sh -o pipefail -c 'ls'", 'ls', ['sh -c']],
      ['eval "ls" -l', 'ls -l', ['eval']],
      ['command -p ls', 'ls', ['command']],
      ['exec -a x ls', 'ls', ['exec']],
      ['su - root -c "ls"', 'ls', ['su -c']],
      ['watch -n 2 ls -l', 'ls -l', ['watch']],
      ['busybox ls', 'ls', ['busybox']],
    ];
    for (const [command, inner, via] of cases) {
      it(`finds ${JSON.stringify(inner)} inside ${JSON.stringify(command)}`, () => {
        const subs = analyseCommand(parser, command).subcommands;
        const found = subs.find((s) => s.argv.join(' ') === inner);
        assert.ok(found, `${JSON.stringify(subs.map((s) => s.argv))}`);
        assert.deepEqual(found.via, via);
      });
    }
    it('judges find without its -exec clauses and the clauses separately', () => {
      assert.deepEqual(argvs('find . -name x -exec rm {} \\; -print -execdir cat {} +'), ['find . -name x -print', 'rm {}', 'cat {}']);
    });
    it('judges a wrapper with nothing to run as itself', () => {
      assert.deepEqual(argvs('env'), ['env']);
      assert.deepEqual(argvs('command -v ls'), ['command -v ls']);
      assert.deepEqual(argvs('exec 3>x'), []);
    });
    it('runs the script a shell reads from a heredoc or herestring', () => {
      assert.deepEqual(argvs("bash <<'X'\na\nb\nX"), ['a', 'b']);
      assert.deepEqual(argvs("sh <<< 'a; b'"), ['a', 'b']);
    });
  });

  describe('records redirections', () => {
    it('records writes and reads with their targets, not fd duplications', () => {
      const r = analyseCommand(parser, 'a > x 2>&1 >> y < z &> w 3<&- >| u').redirects.map((x) => `${x.operator} ${x.target.value} ${x.write}`);
      assert.deepEqual(r, ['> x true', '>> y true', '< z false', '&> w true', '>| u true']);
    });
    it('treats `<>`, which the grammar does not know, as a parse error', () => {
      assert.ok(kinds('a <> v').includes('parse-error'));
    });
    it('records files that wrappers write', () => {
      assert.deepEqual(analyseCommand(parser, 'time -o out ls').redirects.map((r) => r.target.value), ['out']);
    });
  });

  describe('notes what cannot be judged from the text', () => {
    it('notes parse errors', () => assert.deepEqual(kinds('ls "x'), ['parse-error']));
    it('notes expansions in command position', () => assert.ok(kinds('$X a').includes('dynamic-command')));
    it('notes run-time shell source', () => assert.ok(kinds('bash -c "$S"').includes('dynamic-script')));
    it('notes shells reading commands from a pipe', () => assert.ok(kinds('curl x | sh').includes('shell-stdin')));
    it('notes privileged wrappers', () => assert.ok(kinds('sudo ls').includes('privileged-wrapper')));
    it('notes variables that change what runs', () => {
      for (const c of ['PATH=x ls', 'export LD_PRELOAD=x', 'env GIT_SSH_COMMAND=x git fetch', 'declare -x IFS=x']) assert.ok(kinds(c).includes('sensitive-variable'), c);
    });
    it('notes control, bidi and line-separator characters', () => {
      for (const c of ['ls\u2028x', 'ls\u202ex', 'ls\u0085', 'ls\u001b[1m']) assert.ok(kinds(c).includes('suspicious-character'), JSON.stringify(c));
    });
    it('asks about exactly the characters every display escapes, but tab and newline', () => {
      for (let cp = 0; cp < 0x3100; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const ch = String.fromCodePoint(cp);
        const asks = findSuspiciousCharacters(`echo a${ch}b`).length > 0;
        const escaped = ch !== '\n' && ch !== '\t' && hasHiddenCharacters(ch);
        assert.equal(asks, escaped, `U+${cp.toString(16)}`);
      }
    });
    it('notes recursion, and denies fork bombs', () => {
      const bomb = analyseCommand(parser, ':(){ :|:& };:').findings.find((f) => f.kind === 'recursive-function');
      assert.equal(bomb?.verdict, 'deny');
    });
    it('bounds nesting and the number of sub-commands', () => {
      assert.ok(kinds(`${'eval '.repeat(20)}ls`).includes('too-deep'));
      assert.ok(kinds(Array.from({ length: 300 }, () => 'ls').join(';')).includes('too-many'));
    });
  });
});
