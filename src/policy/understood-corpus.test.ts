// Issue 10, "allow means understood": one named block per class the red team
// found (and the siblings found while closing it), owner in ask-risky mode.
// A row is added for every bypass fixed; the rest of the red team's corpus is
// kept back to check these.
import { before, describe } from 'node:test';
import type { Policy } from './policy';
import { corpusTable, testPolicy } from './policy-testing';
import type { CorpusRow } from './policy-testing';

let policy: Policy;
before(async () => {
  policy = await testPolicy();
});

const table = (rows: readonly CorpusRow[]) => corpusTable(() => policy, rows);

describe('allow means understood (issue 10)', () => {
  describe('1. bash evaluates array subscripts in builtins', () => {
    table([
      ["test -v 'a[$(touch x)]'", 'ask', 'dynamic-script'],
      ["[ -v 'a[$(touch x)]' ]", 'ask', 'dynamic-script'],
      ["[[ -v 'a[$(touch x)]' ]]", 'ask', 'dynamic-script'],
      ['test -v "$name"', 'ask', 'dynamic-script'],
      ['[[ -v $name ]]', 'ask', 'dynamic-script'],
      ["x='a[$(touch x)]'; [[ $x -eq 1 ]]", 'ask', 'dynamic-script'],
      ['x=$(cat f); [[ $x -eq 1 ]]', 'ask', 'dynamic-script'],
      ['[[ $(cat f) -eq 1 ]]', 'ask', 'dynamic-script'],
      ["printf -v 'a[$(touch x)]' %s y", 'ask', 'dynamic-script'],
      ["read 'a[$(touch x)]' < f", 'ask', 'dynamic-script'],
      ["declare 'a[$(touch x)]=1'", 'ask', 'dynamic-script'],
      ['echo ${!x}', 'ask', 'dynamic-script'],
      ['x=$(cat f); echo $((x + 1))', 'ask', 'dynamic-script'],
      ['x=$(cat f); echo ${a[x]}', 'ask', 'dynamic-script'],
      ['for ((i = 0; i < $(cat n); i++)); do echo $i; done', 'ask', 'dynamic-script'],
      ['read -r n < f; (( n > 1 ))', 'ask'],
      ['echo $((1 + 2))', 'allow'],
      ['for ((i = 0; i < 3; i++)); do echo $i; done', 'allow'],
      ['n=3; echo $((n * 2))', 'allow'],
    ]);
  });

  describe('2. the inner shell is not bash', () => {
    table([
      ["sh -c \"echo \\$'a\\\\';rm -rf /;echo \\\\''\"", 'ask', 'shell-dialect'],
      ["sh -c 'cat <<< x'", 'ask', 'shell-dialect'],
      ["sh -c '[[ -f a ]] && ls'", 'ask', 'shell-dialect'],
      ["dash -c 'echo {a,b}'", 'ask', 'shell-dialect'],
      ["sh -c 'ls |& cat'", 'ask', 'shell-dialect'],
      ["sh -c 'echo ${x/a/b}'", 'ask', 'shell-dialect'],
      ["sh -c 'diff <(ls) <(ls)'", 'ask', 'shell-dialect'],
      ["fish -c 'ls'", 'ask', 'shell-dialect'],
      ["watch -n 1 'ls &> /dev/null'", 'ask', 'shell-dialect'],
      ["sh -c 'rm -rf /'", 'deny', 'rm-root'],
      ["sh -c 'ls; echo done'", 'allow'],
      ["sh -c 'for f in a b; do echo \"$f\"; done'", 'allow'],
      ["bash -c \"echo \\$'a'\"", 'allow'],
    ]);
  });

  describe('3. GNU long-option abbreviations and optional arguments', () => {
    table([
      ['git grep --open-files-in=x foo', 'ask', 'not-understood'],
      ['git grep --open-files-in-pager=x foo', 'ask', 'git-external-program'],
      ['git grep --open x foo', 'ask', 'not-understood'],
      ['sort --com=sh x', 'ask', 'sort-output'],
      ['sort --compress=sh x', 'ask', 'sort-output'],
      ['sort --out=out.txt x', 'ask', 'sort-output'],
      ['sort --o=out.txt x', 'ask', 'sort-output'],
      ['rg --pr=sh foo', 'ask', 'not-understood'],
      ['xargs --max-lines rm -rf /', 'deny', 'rm-root'],
      ['xargs --max-l rm -rf /', 'deny', 'rm-root'],
      ['xargs -l rm -rf /', 'deny', 'rm-root'],
      ['xargs --eof rm -rf /', 'deny', 'rm-root'],
      ['xargs -i rm -rf {}', 'ask', 'rm-recursive'],
      ['xargs --replace rm -rf {}', 'ask', 'rm-recursive'],
      ['timeout --k 5 10 rm -rf /', 'deny', 'rm-root'],
      ['env --u X rm -rf /', 'deny', 'rm-root'],
      ['xargs --frob rm x', 'ask'],
      ['grep --fil=.env x', 'ask', 'readDeny:**/.env'],
      ['ls --recur', 'allow'],
      ['tail --fol=name log.txt', 'allow'],
    ]);
  });

  describe('4. backticks inside ${…} and in unquoted heredoc bodies', () => {
    table([
      ['echo ${x:-`rm -rf /`}', 'deny', 'rm-root'],
      ['echo "${x:-`rm x`}"', 'ask', 'rm'],
      ['echo ${x:+`rm x`}', 'ask', 'rm'],
      ['cat <<EOF\n`rm -rf /`\nEOF', 'deny', 'rm-root'],
      ['cat <<EOF\nhello `rm x` there\nEOF', 'ask', 'rm'],
      ['cat <<EOF\n${x:-`rm -rf /`}\nEOF', 'deny', 'rm-root'],
      ['cat <<-EOF\n\t`rm x`\n\tEOF', 'ask', 'rm'],
      ["cat <<'EOF'\n`rm -rf /`\nEOF", 'allow'],
      ['cat <<EOF\nplain \\`text\\`\nEOF', 'allow'],
    ]);
  });

  describe('5. read-only programs that write, and protected paths for every command', () => {
    table([
      ['sort -o out.txt in.txt', 'ask', 'sort-output'],
      ['uniq in.txt out.txt', 'ask', 'uniq-output'],
      ['git remote -v add x https://example.com/x.git', 'ask', 'changes-state'],
      ['git branch --sort=x NAME', 'ask', 'changes-state'],
      ['git tag -n5 v1', 'ask', 'changes-state'],
      ['git config core.pager x', 'ask', 'git-config-write'],
      ['sort -o .git/hooks/pre-commit x', 'ask', 'protectedPaths:**/.git/**'],
      ['sort -o.git/commondir x', 'ask', 'protectedPaths:**/.git/**'],
      ['sort --output=.vscode/tasks.json x', 'ask', 'protectedPaths:**/.vscode/**'],
      ['uniq x .vscode/settings.json', 'ask', 'protectedPaths:**/.vscode/**'],
      ['tee .git/config < x', 'ask', 'protectedPaths:**/.git/**'],
      ['sed -i s/a/b/ .vscode/settings.json', 'ask', 'protectedPaths:**/.vscode/**'],
      ['find . -fprint .git/hooks/post-checkout', 'ask', 'protectedPaths:**/.git/**'],
      ['git diff --output=.git/hooks/pre-commit', 'ask', 'protectedPaths:**/.git/**'],
      ['xxd -r a.hex .git/config', 'ask', 'protectedPaths:**/.git/**'],
      ['cp x sub/.git/config', 'ask', 'protectedPaths:**/.git/**'],
      ['flock .git/hooks/pre-commit ls', 'ask', 'protectedPaths:**/.git/**'],
      ['script -qc ls .vscode/x', 'ask', 'protectedPaths:**/.vscode/**'],
      ['env -C .git sort -o config x', 'ask'],
      ['cat .git/config', 'allow'],
      ['ls .git/hooks', 'allow'],
    ]);
  });

  describe('6. sensitive variables set through builtins, and those missing from the list', () => {
    table([
      ['read -r PATH < f; ls', 'ask', 'sensitive-variable'],
      ['printf -v PATH %s /tmp; ls', 'ask', 'sensitive-variable'],
      ['declare -n PATH=x', 'ask', 'sensitive-variable'],
      ["export 'BASH_ENV=x'; bash -c ls", 'ask', 'sensitive-variable'],
      ['mapfile -t PATH < f', 'ask', 'sensitive-variable'],
      ['getopts a PATH', 'ask', 'sensitive-variable'],
      ['for IFS in x; do ls; done', 'ask', 'sensitive-variable'],
      ['(( PATH = 1 )); ls', 'ask', 'sensitive-variable'],
      [': ${PATH:=/tmp}', 'ask', 'sensitive-variable'],
      ['HOME=. git log', 'ask', 'sensitive-variable'],
      ['XDG_CONFIG_HOME=. git log', 'ask', 'sensitive-variable'],
      ['RIPGREP_CONFIG_PATH=x rg foo', 'ask', 'sensitive-variable'],
      ['GIT_TRACE=/workspace/.git/hooks/x git status', 'ask', 'sensitive-variable'],
      ['GIT_TRACE_PACKET=x git status', 'ask', 'sensitive-variable'],
      ['GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.pager GIT_CONFIG_VALUE_0=sh git log', 'ask', 'sensitive-variable'],
      ['GCONV_PATH=. cat a', 'ask', 'sensitive-variable'],
      ['env npm_config_script_shell=./x.sh npm test', 'ask', 'sensitive-variable'],
      ['set -k; ls', 'ask', 'not-understood'],
    ]);
  });

  describe('7. read-deny bypasses', () => {
    table([
      ['f=.env; cat $f', 'ask', 'readDeny:**/.env'],
      ['f=.env; cat "$f"', 'ask', 'readDeny:**/.env'],
      ['for f in a .env; do cat "$f"; done', 'ask', 'readDeny:**/.env'],
      ['cat $f', 'ask'],
      ['cat "$(echo .env)"', 'ask', 'dynamic-path'],
      ['ls | xargs cat', 'ask', 'dynamic-path'],
      ['grep -f.env x', 'ask', 'readDeny:**/.env'],
      ['grep --file=.env x', 'ask', 'readDeny:**/.env'],
      ['grep -e x .env', 'ask', 'readDeny:**/.env'],
      ['date -f.env', 'ask', 'readDeny:**/.env'],
      ['date --file=.env', 'ask', 'readDeny:**/.env'],
      ['git show HEAD:.env', 'ask', 'readDeny:**/.env'],
      ['git show :.env', 'ask', 'readDeny:**/.env'],
      ['git show :0:.env', 'ask', 'readDeny:**/.env'],
      ['git show HEAD~2:config/.env.local', 'ask', 'readDeny:**/.env.*'],
      ['git show HEAD:sub/../.env', 'ask', 'readDeny:**/.env'],
      ['git cat-file -p HEAD:.env', 'ask', 'readDeny:**/.env'],
      ['git log -p -- .env', 'ask', 'readDeny:**/.env'],
      ['git diff HEAD -- .env', 'ask', 'readDeny:**/.env'],
      ['git blame .env', 'ask', 'readDeny:**/.env'],
      ['git log -L 1,5:.env', 'ask', 'readDeny:**/.env'],
      ["jq -n --rawfile k .env '$k'", 'ask', 'readDeny:**/.env'],
      ['sed -n 1p .env', 'ask', 'readDeny:**/.env'],
      ['head -c 100 ~/.ssh/id_rsa', 'ask', 'readDeny:**/id_rsa*'],
      ['diff .env /dev/null', 'ask', 'readDeny:**/.env'],
      ['echo $(<.env)', 'ask', 'readDeny:**/.env'],
      ['grep -r KEY --include=.env .', 'ask', 'readDeny:glob-argument'],
      ['rg --hidden -g .env KEY', 'ask', 'readDeny:glob-argument'],
      ["rg --iglob '.env*' KEY", 'ask', 'readDeny:glob-argument'],
      ['xargs -a .env echo', 'ask', 'readDeny:**/.env'],
      ['parallel -a .env echo', 'ask', 'readDeny:**/.env'],
      ['cat < /dev/tcp/10.0.0.1/80', 'ask', 'network'],
      ["rg --type-add 'x:.env*' -tx KEY", 'ask', 'readDeny:glob-argument'],
      ['cat cred*.json', 'ask', 'readDeny:glob-argument'],
      ['cat {a,.npmrc}', 'ask', 'readDeny:glob-argument'],
      ['ls -la .env', 'allow'],
      ["rg -g '!.env' -g '*.ts' KEY", 'allow'],
    ]);
  });

  describe('8. deny rules downgraded by spelling the target differently', () => {
    table([
      ['rm -rf /usr/..', 'deny', 'rm-root'],
      ['rm -rf /*/', 'deny', 'rm-root'],
      ['rm --recur /', 'deny', 'rm-root'],
      ['rm --recursive --for /', 'deny', 'rm-root'],
      ['rm --no-pres -rf /', 'deny'],
      ['dd if=/dev/zero of=/dev//sda', 'deny', 'disk-device-write'],
      ['dd if=/dev/zero of=/dev/./sda', 'deny', 'disk-device-write'],
      ['rm -rf ///usr///', 'deny', 'rm-root'],
      ['rm -rf /./usr/./', 'deny', 'rm-root'],
      ['rm -rf ../..', 'deny', 'rm-root'],
      ['rm -rf ..', 'deny', 'rm-root'],
      ['cd / && rm -rf usr', 'deny', 'rm-root'],
      ['cd / && rm -rf *', 'deny', 'rm-root'],
      ['rm -rf /{usr,tmp}', 'deny', 'rm-root'],
      ['rm -rf /u*', 'deny', 'rm-root'],
      ['rm -rf /*/*', 'deny', 'rm-root'],
      ['rm -rf "$HOME"', 'deny', 'rm-root'],
      ['rm -rf ${HOME}/', 'deny', 'rm-root'],
      ['rm -rf ~/..', 'deny', 'rm-root'],
      ['chmod -R 777 /etc/.', 'deny', 'chmod-root'],
      ['chmod --recur 777 /', 'deny', 'chmod-root'],
      ['./rm --recur /', 'deny', 'rm-root'],
      ['rm -rf ./dist/..', 'ask', 'rm-recursive'],
    ]);
  });
});
