import { re, rule } from './rule-helpers';
import type { RuleSpec } from './rule';

const INSPECT = 'only reads or prints; runs inside the sandbox';

// Commands that only look: allowed for everyone, including read-only profiles.
// Risky flags of these (find -delete, sort -o, rg --pre, git branch -D …) are
// caught by ask rules, which win over these allows.
const READ_ONLY_PROGRAMS = [
  'ls', 'dir', 'cat', 'tac', 'head', 'tail', 'wc', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'fd', 'find', 'pwd', 'echo',
  'printf', 'which', 'whereis', 'type', 'file', 'stat', 'du', 'df', 'tree', 'basename', 'dirname', 'realpath', 'readlink',
  'date', 'whoami', 'id', 'groups', 'uname', 'true', 'false', 'test', '[', 'printenv', 'sort', 'uniq', 'cut', 'tr', 'nl',
  'diff', 'cmp', 'comm', 'jq', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'cksum', 'base64', 'od', 'hexdump', 'column',
  'seq', 'sleep', ':', 'rev', 'fold', 'paste', 'join', 'expand', 'unexpand', 'strings', 'ps', 'uptime', 'free', 'nproc',
  'locale', 'tty', 'cd', 'pushd', 'popd', 'dirs', 'export', 'declare', 'local', 'readonly', 'typeset', 'unset', 'set',
  'read', 'exit', 'return', 'shift', 'wait', 'getopts', 'lsb_release',
];

const PROGRAM_RULES: RuleSpec[] = [
  rule('read-only-command', 'allow', [re(new RegExp(`^(${READ_ONLY_PROGRAMS.map(escape).join('|')})$`))], INSPECT, {
    readOnly: true,
    match: ['ls -la', 'cat README.md', 'grep -rn TODO src', 'find . -name "*.ts"', '/usr/bin/head -n 5 x', 'echo hi'],
    notMatch: ['./ls', 'rm x', 'lsof', 'catalog'],
  }),
  rule('command-lookup', 'allow', ['command', re(/^-[vV]$/)], 'looks up what a name runs', { readOnly: true, match: ['command -v git'], notMatch: ['command git'] }),
  rule('env-print', 'allow', ['env'], 'prints the environment', { exact: true, readOnly: true, match: ['env'], notMatch: ['env -i'] }),
  rule('hostname-print', 'allow', ['hostname'], 'prints the host name', { exact: true, readOnly: true, match: ['hostname'], notMatch: ['hostname evil'] }),
  rule('version-query', 'allow', [re(/^(node|npm|npx|pnpm|yarn|bun|deno|python[0-9.]*|pip[0-9.]*|go|cargo|rustc|java|javac|ruby|gem|tsc|git|make|gcc|clang|docker|kubectl|terraform)$/), re(/^(--version|-v|-V|version)$/)], 'prints a version', {
    exact: true, readOnly: true, match: ['node --version', 'python3 -V', 'go version'], notMatch: ['node -e 1', 'node --version x'],
  }),
];

const GIT_READ: RuleSpec[] = [
  rule('git-inspect', 'allow', ['git', re(/^(status|log|diff|show|rev-parse|ls-files|ls-tree|blame|describe|shortlog|grep|cat-file|rev-list|whatchanged|merge-base|name-rev|count-objects|check-ignore|var)$/)], 'inspects the repository', {
    readOnly: true, match: ['git status', 'git log --oneline -5', 'git diff HEAD~1', 'git show HEAD:README.md'], notMatch: ['git push', 'git -C x status'],
  }),
  rule('git-branch-list', 'allow', ['git', 'branch', re(/^(-a|-r|-l|-v|-vv|--all|--remotes|--list|--verbose|--show-current|--contains|--no-contains|--merged|--no-merged|--points-at|--sort.*|--format.*|--column.*|--no-column|--color.*|--no-color)$/)], 'lists branches', {
    readOnly: true, match: ['git branch -a', 'git branch --show-current'], notMatch: ['git branch feature', 'git checkout x'],
  }),
  rule('git-branch-bare', 'allow', ['git', 'branch'], 'lists branches', { exact: true, readOnly: true, match: ['git branch'], notMatch: ['git branch feature'] }),
  rule('git-tag-list', 'allow', ['git', 'tag', re(/^(-l|--list|-n\d*)$/)], 'lists tags', { readOnly: true, match: ['git tag -l', 'git tag --list v*'], notMatch: ['git tag v1'] }),
  rule('git-tag-list-bare', 'allow', ['git', 'tag'], 'lists tags', { exact: true, readOnly: true, match: ['git tag'], notMatch: ['git tag v1'] }),
  rule('git-remote-list', 'allow', ['git', 'remote', re(/^(-v|--verbose|get-url)$/)], 'lists remotes', { readOnly: true, match: ['git remote -v'], notMatch: ['git remote add x y'] }),
  rule('git-remote-bare', 'allow', ['git', 'remote'], 'lists remotes', { exact: true, readOnly: true, match: ['git remote'], notMatch: ['git remote add x y'] }),
  rule('git-stash-list', 'allow', ['git', 'stash', re(/^(list|show)$/)], 'lists stashes', { readOnly: true, match: ['git stash list'], notMatch: ['git stash drop'] }),
  rule('git-config-read', 'allow', ['git', 'config', re(/^(--get|--get-all|--get-regexp|--list|-l|--show-origin)$/)], 'reads git configuration', {
    readOnly: true, match: ['git config --get user.name', 'git config -l'], notMatch: ['git config user.name x'],
  }),
  rule('git-reflog-show', 'allow', ['git', 'reflog'], 'shows the reflog', { exact: true, readOnly: true, match: ['git reflog'], notMatch: ['git reflog expire --all'] }),
];

/** Built-in `allow` rules: commands that only inspect. */
export const BUILTIN_READ_ONLY_RULES: readonly RuleSpec[] = [...PROGRAM_RULES, ...GIT_READ];

function escape(name: string): string {
  return name.replace(/[[\]\\^$.|?*+(){}]/g, '\\$&');
}
