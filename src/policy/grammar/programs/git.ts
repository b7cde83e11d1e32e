// `git` (2.39, as in Debian bookworm): the subcommands that only inspect, with
// their options; subcommands that change the repository are known as changes
// (they ask); anything else (aliases included) is not understood. Git's own
// option parser takes no abbreviations here: options must be spelled out.
import type { OperandSpec, OptionSpec, ProgramGrammar } from '../grammar';
import { flags, optionals, reads, values } from '../option-helpers';

const VALUES_ONLY: OperandSpec = { kinds: ['value'] };
// Revisions (`HEAD`, `HEAD~2`, `HEAD:path` — the path is read) or paths; after `--`, paths.
const REVS_AND_PATHS: OperandSpec = { kinds: ['rev-or-path'], afterDashes: 'read' };

/** A subcommand that changes the repository, its config or remotes: understood, and it asks. */
const changes = (name: string, why: string, aliases?: string[]): ProgramGrammar => ({
  name, summary: why, freeForm: true, options: [], operands: { kinds: ['value'] }, effect: 'state', why, ...(aliases ? { aliases } : {}),
});

// Options of the diff machinery (git diff, log -p, show). `--output` writes a
// file; `--ext-diff` runs the configured external diff program.
const DIFF_OPTIONS: OptionSpec[] = [
  ...flags('-p -u --patch', '-s --no-patch', '--raw', '--patch-with-raw', '--patch-with-stat', '-t', '--numstat', '--shortstat', '--summary', '--name-only', '--name-status',
    '--compact-summary', '-z', '--full-index', '--binary', '--check', '--find-copies-harder', '-D --irreversible-delete', '--pickaxe-all', '--pickaxe-regex', '-R', '--no-relative',
    '-a --text', '--ignore-space-at-eol', '-b --ignore-space-change', '-w --ignore-all-space', '--ignore-blank-lines', '--ignore-cr-at-eol', '-W --function-context',
    '--exit-code', '--quiet', '--no-ext-diff', '--textconv', '--no-textconv', '--no-prefix', '--default-prefix', '--ita-invisible-in-index', '--ita-visible-in-index',
    '--no-color', '--no-color-moved', '--no-color-moved-ws', '--histogram', '--patience', '--minimal', '--indent-heuristic', '--no-indent-heuristic', '--no-renames',
    '--rename-empty', '--no-rename-empty', '-m', '-c', '--cc', '--dd', '--remerge-diff', '--no-diff-merges', '--combined-all-paths', '--no-abbrev', '--full-diff', '--log-size'),
  ...optionals('--stat', '--dirstat', '--submodule', '--color', '--color-moved', '--color-words', '--word-diff', '--relative', '--ignore-submodules', '--abbrev',
    '-M --find-renames', '-C --find-copies', '-B --break-rewrites', '--cumulative', '--dirstat-by-file'),
  ...values('-U --unified', '--inter-hunk-context', '-l', '--diff-filter', '-S', '-G', '--find-object', '-I --ignore-matching-lines', '--src-prefix', '--dst-prefix',
    '--line-prefix', '--word-diff-regex', '--diff-algorithm', '--anchored', '--stat-width', '--stat-name-width', '--stat-graph-width', '--stat-count', '--color-moved-ws',
    '--ws-error-highlight', '--output-indicator-new', '--output-indicator-old', '--output-indicator-context', '--diff-merges', '--rotate-to', '--skip-to'),
  reads('-O'),
  { names: ['--output'], arg: 'required', kind: 'write', why: 'writes the diff to a file' },
  { names: ['--ext-diff'], effect: 'exec', why: 'runs the external diff program from the configuration' },
];

// Options of the revision walk (git log, show, rev-list, shortlog).
const WALK_OPTIONS: OptionSpec[] = [
  ...flags('--oneline', '--graph', '--no-decorate', '--source', '--abbrev-commit', '--no-abbrev-commit', '--relative-date', '--all', '--reflog', '--first-parent', '--no-merges',
    '--merges', '--ancestry-path', '--all-match', '--invert-grep', '-i --regexp-ignore-case', '-E --extended-regexp', '-F --fixed-strings', '-P --perl-regexp', '--basic-regexp',
    '--reverse', '--topo-order', '--date-order', '--author-date-order', '--follow', '--do-walk', '--left-right', '--left-only', '--right-only', '--cherry-pick', '--cherry-mark',
    '--cherry', '--boundary', '--simplify-by-decoration', '--full-history', '--dense', '--sparse', '--simplify-merges', '--show-pulls', '--mailmap', '--use-mailmap',
    '--no-mailmap', '--no-use-mailmap', '--show-signature', '--no-notes', '--show-notes', '--no-expand-tabs', '--children', '--parents', '-g --walk-reflogs', '--not',
    '--clear-decorations', '--bisect', '--stdin', '--count', '--objects', '--objects-edge', '--in-commit-order', '--timestamp', '--header', '--show-linear-break',
    '--remove-empty', '--single-worktree', '--ignore-missing', '--exclude-first-parent-only'),
  ...optionals('--decorate', '--pretty', '--branches', '--tags', '--remotes', '--notes', '--expand-tabs', '--show-notes-by-default', '--no-walk'),
  ...values('--format', '--date', '--decorate-refs', '--decorate-refs-exclude', '--glob', '--exclude', '--min-parents', '--max-parents', '--author', '--committer', '--grep',
    '--grep-reflog', '--since', '--after', '--until', '--before', '-n --max-count', '--skip', '--encoding', '--since-as-filter'),
  // -L START,END:FILE and -L :FUNC:FILE read the history of FILE.
  { names: ['-L'], arg: 'required', kind: 'revision' },
];

const LOG: ProgramGrammar = {
  name: 'log',
  aliases: ['whatchanged', 'rev-list'],
  summary: 'shows history',
  numericOption: true,
  options: [...WALK_OPTIONS, ...DIFF_OPTIONS],
  operands: REVS_AND_PATHS,
};

const SHOW: ProgramGrammar = { ...LOG, name: 'show', aliases: [], summary: 'shows objects' };

const DIFF: ProgramGrammar = {
  name: 'diff',
  summary: 'shows changes',
  options: [...DIFF_OPTIONS, ...flags('--cached --staged', '--merge-base', '--no-index', '-1 --base', '-2 --ours', '-3 --theirs', '-0')],
  operands: REVS_AND_PATHS,
};

const SHORTLOG: ProgramGrammar = {
  name: 'shortlog',
  summary: 'summarises history',
  numericOption: true,
  options: [...WALK_OPTIONS.filter((o) => !['--format', '-n', '--committer'].some((n) => o.names.includes(n))), ...values('--max-count'), ...flags('-n --numbered', '-s --summary', '-e --email', '-c --committer'), ...optionals('-w', '--format'), ...values('--group')],
  operands: REVS_AND_PATHS,
};

const STATUS: ProgramGrammar = {
  name: 'status',
  summary: 'shows the working tree status',
  options: [
    ...flags('-s --short', '-b --branch', '--show-stash', '--long', '-v --verbose', '-z', '--no-column', '--ahead-behind', '--no-ahead-behind', '--renames', '--no-renames'),
    ...optionals('--porcelain', '-u --untracked-files', '--ignore-submodules', '--ignored', '--column', '--find-renames'),
  ],
  operands: { kinds: ['stat'], afterDashes: 'stat' },
};

const BLAME: ProgramGrammar = {
  name: 'blame',
  aliases: ['annotate'],
  summary: 'shows who changed each line',
  options: [
    ...flags('-b', '--root', '--show-stats', '-l', '-t', '--reverse', '--first-parent', '-p --porcelain', '--line-porcelain', '--incremental', '--progress', '--no-progress',
      '--color-lines', '--color-by-age', '--minimal', '-s', '-e --show-email', '-w', '-c', '-f --show-name', '-n --show-number', '--score-debug'),
    ...optionals('-M', '-C', '--abbrev'),
    ...values('-L', '--encoding', '--date', '--ignore-rev'),
    reads('-S'),
    reads('--contents'),
    reads('--ignore-revs-file'),
  ],
  operands: REVS_AND_PATHS,
};

const GREP: ProgramGrammar = {
  name: 'grep',
  summary: 'searches tracked files',
  numericOption: true,
  options: [
    ...flags('--cached', '--no-index', '--untracked', '--no-exclude-standard', '--exclude-standard', '--recurse-submodules', '-a --text', '-I', '--textconv', '--no-textconv',
      '-r --recursive', '--no-recursive', '-i --ignore-case', '-w --word-regexp', '-v --invert-match', '-h', '-H', '--full-name', '-E --extended-regexp', '-G --basic-regexp',
      '-F --fixed-strings', '-P --perl-regexp', '-n --line-number', '--column', '-l --files-with-matches --name-only', '-L --files-without-match', '-z --null',
      '-o --only-matching', '-c --count', '--no-color', '--break', '--heading', '-p --show-function', '-W --function-context', '--and', '--or', '--not', '-q --quiet',
      '--all-match', '--ext-grep'),
    ...optionals('--color'),
    ...values('--max-depth', '-C --context', '-A --after-context', '-B --before-context', '-m --max-count', '--threads'),
    { names: ['-e'], arg: 'required', operands: REVS_AND_PATHS },
    reads('-f', REVS_AND_PATHS),
    { names: ['-O', '--open-files-in-pager'], arg: 'optional', kind: 'exec', effect: 'exec', why: 'opens the matching files in a pager program' },
  ],
  operands: { kinds: ['value', 'rev-or-path'], afterDashes: 'read' },
};

const LS_FILES: ProgramGrammar = {
  name: 'ls-files',
  summary: 'lists tracked files',
  options: [
    ...flags('-c --cached', '-d --deleted', '-m --modified', '-o --others', '-i --ignored', '-s --stage', '-u --unmerged', '-k --killed', '-z', '--directory', '--no-empty-directory',
      '--eol', '--deduplicate', '--exclude-standard', '--error-unmatch', '-t', '-v', '-f', '--full-name', '--recurse-submodules', '--debug', '--sparse'),
    ...optionals('--abbrev'),
    ...values('-x --exclude', '--exclude-per-directory', '--with-tree', '--format'),
    reads('-X --exclude-from'),
  ],
  operands: { kinds: ['stat'], afterDashes: 'stat' },
};

const LS_TREE: ProgramGrammar = {
  name: 'ls-tree',
  summary: 'lists a tree object',
  options: [...flags('-d', '-r', '-t', '-l --long', '-z', '--name-only --name-status', '--object-only', '--full-name', '--full-tree'), ...optionals('--abbrev'), ...values('--format')],
  operands: { kinds: ['revision', 'stat'], afterDashes: 'stat' },
};

const REV_PARSE: ProgramGrammar = {
  name: 'rev-parse',
  summary: 'resolves revisions',
  options: [
    ...flags('--verify', '-q --quiet', '--show-toplevel', '--show-prefix', '--show-cdup', '--git-dir', '--git-common-dir', '--absolute-git-dir', '--is-inside-work-tree',
      '--is-inside-git-dir', '--is-bare-repository', '--is-shallow-repository', '--symbolic', '--symbolic-full-name', '--all', '--local-env-vars', '--revs-only', '--no-revs',
      '--flags', '--no-flags', '--sq', '--sq-quote', '--stuck-long', '--keep-dashdash', '--stop-at-non-option', '--show-superproject-working-tree', '--shared-index-path', '--not'),
    ...optionals('--abbrev-ref', '--short', '--branches', '--tags', '--remotes', '--show-object-format'),
    ...values('--glob', '--exclude', '--since', '--after', '--until', '--before', '--default', '--prefix', '--disambiguate', '--path-format', '--git-path', '--resolve-git-dir'),
  ],
  operands: { kinds: ['revision'], afterDashes: 'stat' },
};

const DESCRIBE: ProgramGrammar = {
  name: 'describe',
  summary: 'names a commit from tags',
  options: [
    ...flags('--all', '--tags', '--contains', '--exact-match', '--debug', '--long', '--always', '--first-parent'),
    ...values('--abbrev', '--candidates', '--match', '--exclude'),
    ...optionals('--dirty', '--broken'),
  ],
  operands: { kinds: ['revision'] },
};

const CAT_FILE: ProgramGrammar = {
  name: 'cat-file',
  summary: 'prints repository objects',
  options: [
    ...flags('-t', '-s', '-e', '-p', '--textconv', '--filters', '--batch-all-objects', '--buffer', '--unordered', '--follow-symlinks', '-z', '--allow-unknown-type', '--mailmap',
      '--use-mailmap', '--batch-command'),
    ...optionals('--batch', '--batch-check'),
    ...values('--path'),
  ],
  operands: { kinds: ['revision'], max: 2 },
};

const BRANCH: ProgramGrammar = {
  name: 'branch',
  summary: 'lists branches',
  options: [
    ...flags('-a --all', '-r --remotes', '--show-current', '-i --ignore-case', '--omit-empty', '--no-column', '--no-color', '--no-abbrev', '-q --quiet'),
    { names: ['-l', '--list'], operands: VALUES_ONLY },
    { names: ['-v', '--verbose'], operands: VALUES_ONLY },
    ...(['--contains', '--no-contains', '--merged', '--no-merged', '--points-at'].map((n): OptionSpec => ({ names: [n], arg: 'required', kind: 'revision', operands: VALUES_ONLY }))),
    ...values('--sort', '--format', '--abbrev'),
    ...optionals('--column', '--color'),
  ],
  // Without a listing option, a name creates a branch.
  operands: { kinds: ['state'] },
};

const TAG: ProgramGrammar = {
  name: 'tag',
  summary: 'lists tags',
  options: [
    { names: ['-l', '--list'], operands: VALUES_ONLY },
    ...flags('-i --ignore-case', '--omit-empty', '--no-column', '--no-color'),
    ...optionals('-n', '--column', '--color'),
    ...values('--sort', '--format'),
    ...(['--contains', '--no-contains', '--merged', '--no-merged', '--points-at'].map((n): OptionSpec => ({ names: [n], arg: 'required', kind: 'revision' }))),
  ],
  // Without -l, a name creates a tag.
  operands: { kinds: ['state'] },
};

const REMOTE: ProgramGrammar = {
  name: 'remote',
  summary: 'lists remotes',
  options: flags('-v --verbose'),
  operands: { kinds: [], max: 0 },
  subcommandOptional: true,
  subcommands: [
    { name: 'get-url', summary: 'prints a remote\'s URL', options: flags('--push', '--all'), operands: { kinds: ['value'], max: 1 } },
    { name: 'show', summary: 'shows a remote', options: flags('-n'), operands: VALUES_ONLY },
    changes('add', 'adds a remote'),
    changes('rename', 'renames a remote'),
    changes('remove', 'removes a remote', ['rm']),
    changes('set-head', 'changes a remote\'s default branch'),
    changes('set-branches', 'changes the branches a remote tracks'),
    changes('set-url', 'changes a remote\'s URL'),
    changes('prune', 'deletes stale remote branches'),
    changes('update', 'fetches from remotes'),
  ],
};

const STASH: ProgramGrammar = {
  name: 'stash',
  summary: 'shows stashed changes',
  options: [],
  operands: { kinds: [], max: 0 },
  subcommands: [
    { name: 'list', summary: 'lists stashes', options: WALK_OPTIONS, operands: { kinds: [], max: 0 } },
    { name: 'show', summary: 'shows a stash', options: [...DIFF_OPTIONS, ...flags('--include-untracked', '--only-untracked', '--no-include-untracked')], operands: { kinds: ['revision'], max: 1 } },
    changes('push', 'stashes changes', ['save']),
    changes('pop', 'applies and drops a stash'),
    changes('apply', 'applies a stash'),
    changes('drop', 'drops a stash'),
    changes('clear', 'drops every stash'),
    changes('branch', 'creates a branch from a stash'),
    changes('create', 'creates a stash commit'),
    changes('store', 'stores a stash'),
  ],
};

const CONFIG: ProgramGrammar = {
  name: 'config',
  summary: 'reads configuration',
  options: [
    ...(['--get', '--get-all', '--get-regexp', '--get-urlmatch', '--get-color', '--get-colorbool', '-l --list'].map((g): OptionSpec => ({ names: g.split(' '), operands: VALUES_ONLY }))),
    ...flags('--global', '--system', '--local', '--worktree', '--show-origin', '--show-scope', '--name-only', '-z --null', '--includes', '--no-includes', '--bool', '--int',
      '--bool-or-int', '--path', '--expiry-date', '--no-type'),
    ...values('--type', '--default', '--blob'),
    reads('-f --file'),
  ],
  // One operand reads a value; a second one sets it.
  operands: { kinds: ['value', 'state'], max: 2 },
};

const REFLOG: ProgramGrammar = {
  name: 'reflog',
  summary: 'shows the reflog',
  numericOption: true,
  options: [...WALK_OPTIONS, ...DIFF_OPTIONS],
  operands: { kinds: [], max: 0 },
  subcommandOptional: true,
  subcommands: [
    { ...LOG, name: 'show', aliases: [] },
    { name: 'exists', summary: 'checks a reflog exists', options: [], operands: { kinds: ['value'], max: 1 } },
    changes('expire', 'deletes old reflog entries'),
    changes('delete', 'deletes reflog entries'),
  ],
};

const WORKTREE: ProgramGrammar = {
  name: 'worktree',
  summary: 'lists worktrees',
  options: [],
  operands: { kinds: [], max: 0 },
  subcommands: [
    { name: 'list', summary: 'lists worktrees', options: [...flags('--porcelain', '-v --verbose', '-z'), ...values('--expire')], operands: { kinds: [], max: 0 } },
    changes('add', 'adds a worktree'),
    changes('remove', 'removes a worktree'),
    changes('move', 'moves a worktree'),
    changes('prune', 'prunes worktree data'),
    changes('lock', 'locks a worktree'),
    changes('unlock', 'unlocks a worktree'),
    changes('repair', 'repairs worktree links'),
  ],
};

const simple = (name: string, summary: string, options: OptionSpec[], operands: OperandSpec): ProgramGrammar => ({ name, summary, options, operands });

/** `git`: global options, then one subcommand. `-c`, `--config-env`, `--exec-path=…` and `--git-dir` make it run other programs. */
export const GIT: ProgramGrammar = {
  name: 'git',
  summary: 'inspects the repository',
  posixOrder: true,
  options: [
    ...flags('-v --version', '-h --help', '--html-path', '--man-path', '--info-path', '-p --paginate', '-P --no-pager', '--no-replace-objects', '--literal-pathspecs',
      '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks'),
    ...values('--namespace', '--list-cmds'),
    { names: ['-c'], arg: 'required', kind: 'exec', why: 'sets configuration inline (an alias, pager or hook it names runs)' },
    { names: ['--config-env'], arg: 'required', kind: 'exec', why: 'sets configuration from the environment (an alias, pager or hook it names runs)' },
    { names: ['--exec-path'], arg: 'optional', kind: 'exec', why: 'runs git\'s commands from another folder' },
    { names: ['--git-dir'], arg: 'required', kind: 'exec', why: 'uses another repository, whose configuration can run programs' },
    { names: ['--bare'], effect: 'exec', why: 'uses the current folder as the repository, whose configuration can run programs' },
  ],
  operands: { kinds: [], max: 0 },
  subcommandOptional: true,
  subcommands: [
    LOG, SHOW, DIFF, SHORTLOG, STATUS, BLAME, GREP, LS_FILES, LS_TREE, REV_PARSE, DESCRIBE, CAT_FILE, BRANCH, TAG, REMOTE, STASH, CONFIG, REFLOG, WORKTREE,
    simple('merge-base', 'finds a common ancestor', flags('-a --all', '--octopus', '--independent', '--is-ancestor', '--fork-point'), { kinds: ['revision'] }),
    simple('name-rev', 'names a revision', [...flags('--tags', '--all', '--stdin', '--annotate-stdin', '--name-only', '--no-undefined', '--always'), ...values('--refs', '--exclude')], { kinds: ['revision'] }),
    simple('count-objects', 'counts objects', flags('-v --verbose', '-H --human-readable'), { kinds: [], max: 0 }),
    simple('check-ignore', 'says which paths are ignored', flags('-q --quiet', '-v --verbose', '--stdin', '-z', '-n --non-matching', '--no-index'), { kinds: ['stat'] }),
    simple('show-ref', 'lists references', [...flags('--head', '--heads', '--tags', '--branches', '-d --dereference', '--verify', '-q --quiet', '--exists'), ...optionals('-s --hash', '--abbrev', '--exclude-existing')], VALUES_ONLY),
    simple('for-each-ref', 'lists references', [
      ...flags('--shell', '--perl', '--python', '--tcl', '--ignore-case', '--omit-empty'),
      ...values('--count', '--sort', '--format', '--points-at', '--exclude'),
      ...optionals('--color', '--merged', '--no-merged', '--contains', '--no-contains'),
    ], VALUES_ONLY),
    simple('version', 'prints the version', flags('--build-options'), { kinds: [], max: 0 }),
    simple('var', 'prints a git variable', flags('-l'), { kinds: ['value'], max: 1 }),
    changes('add', 'stages changes'), changes('commit', 'records a commit'), changes('checkout', 'switches branches or restores files'),
    changes('switch', 'switches branches'), changes('restore', 'restores files'), changes('reset', 'moves HEAD or unstages changes'), changes('rm', 'removes files'),
    changes('mv', 'moves files'), changes('merge', 'merges branches'), changes('rebase', 'rewrites history'), changes('cherry-pick', 'applies commits'),
    changes('revert', 'reverts commits'), changes('push', 'publishes commits'), changes('pull', 'fetches and merges'), changes('fetch', 'fetches from a remote'),
    changes('clone', 'clones a repository'), changes('init', 'creates a repository'), changes('clean', 'deletes untracked files'), changes('apply', 'applies a patch'),
    changes('am', 'applies mailed patches'), changes('submodule', 'changes submodules'), changes('gc', 'repacks and prunes'), changes('prune', 'prunes objects'),
    changes('notes', 'changes notes'), changes('bisect', 'runs a bisection'), changes('update-ref', 'changes a reference'), changes('update-index', 'changes the index'),
    changes('filter-branch', 'rewrites history'), changes('replace', 'replaces objects'), changes('archive', 'writes an archive'),
  ],
  execCapable: true,
  execExamples: ["-c core.pager='sh -c id'", "-c alias.x='!sh -c id'"],
  examples: {
    match: ['git status', 'git status --porcelain', 'git log --oneline -n 10', 'git log -5 --stat', 'git diff HEAD~1 -- src', 'git show HEAD:package.json', 'git branch -a',
      'git blame src/a.ts', 'git rev-parse --abbrev-ref HEAD', 'git config --get user.email', 'git ls-files "*.ts"', 'git grep -n TODO', 'git --no-pager log -p',
      'git log --format=%H', 'git remote -v', 'git stash list', 'git tag -l "v*"', 'git branch --sort=-committerdate --list', 'git config user.name', 'git diff --stat main...HEAD'],
    notMatch: ['git push', 'git -C x status', 'git -c core.pager=sh log', 'git grep --open-files-in=x foo', 'git grep -Ovim x', 'git log --output=x', 'git diff --ext-diff',
      'git remote -v add x y', 'git branch --sort=x NAME', 'git branch feature', 'git tag v1', 'git show HEAD:.env', 'git config user.name x', 'git frobnicate', 'git --git-dir=x log',
      'git stash', 'git diff -- .env'],
  },
};
