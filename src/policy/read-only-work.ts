// Ordinary read-only work, as a coding agent writes it: listing, reading,
// searching, git status/log/diff/show of tracked files, ls, rg, grep -rn,
// sed -n, head, wc, jq. Issue 10 keeps the share of it that runs without asking
// at 90 % or more; `npm run bench` reports it and a unit test holds the line.
// Not used at run time. Written as commands are written, not picked to pass.

/** Read-only commands by kind of work. */
export const READ_ONLY_WORK: Readonly<Record<string, readonly string[]>> = {
  listing: [
    'ls', 'ls -la', 'ls -la src', 'ls -lah', 'ls -1 src/policy', 'ls -R src | head -50', 'ls -lt | head', 'ls -d */', 'ls src/*.ts', 'ls -la ~',
    'tree -L 2', 'find . -name "*.ts" -not -path "./node_modules/*"', 'find src -type f | wc -l', 'find . -maxdepth 2 -type d', 'find . -name package.json -not -path "*/node_modules/*"',
    'du -sh .', 'du -sh src/* | sort -h', 'df -h', 'pwd', 'stat package.json', 'file dist/cli.js', 'realpath src', 'ls -la .github/workflows',
  ],
  reading: [
    'cat README.md', 'cat package.json', 'cat src/index.ts', 'cat -n src/cli/main.ts', 'head -n 50 src/policy/policy.ts', 'head -20 CHANGELOG.md', 'tail -n 30 log.txt',
    'tail -f build.log', 'sed -n 1,80p src/policy/policy.ts', "sed -n '100,160p' src/agent/agent-session.ts", 'sed -n "/export function/,/^}/p" src/a.ts', 'wc -l src/policy/*.ts',
    'wc -l $(git ls-files "*.ts")', 'head -c 500 dist/cli.js', 'nl -ba src/a.ts | sed -n 10,30p', 'cat tsconfig.json | jq .compilerOptions', 'jq . package.json', 'jq .scripts package.json',
    'jq -r ".dependencies | keys[]" package.json', 'jq ".version" package.json', 'cat .gitignore', 'cat Makefile', 'less README.md', 'cat docs/*.md | wc -w', 'diff -u a.ts b.ts',
    'diff <(sort a.txt) <(sort b.txt)', 'cmp a.bin b.bin', 'sha256sum dist/*.js', 'od -c file.bin | head', 'base64 -w0 icon.png | head -c 100',
  ],
  searching: [
    'grep -rn "TODO" src', 'grep -rn TODO src --include="*.ts"', 'grep -rni "password" src', 'grep -n "export" src/policy/index.ts', 'grep -c describe src/policy/*.test.ts',
    'grep -rl "createPolicy" src', 'grep -rn "import .* from" src/cli | head -20', 'grep -E "^(export|import)" src/a.ts', 'grep -v "^#" config.ini', 'grep -A3 -B3 "function decide" src/policy/policy.ts',
    'rg TODO', 'rg -n "createPolicy" src', 'rg --files | head', 'rg -l "vscode" src', 'rg -i "fixme|todo" -g "*.ts"', 'rg -n --type ts "export function"', 'rg -C2 "new Sandbox"',
    'rg --json foo', 'rg -c "it\\(" src', 'find . -name "*.test.ts" | xargs grep -l "describe("', 'git grep -n "TODO"', 'git grep -l createPolicy -- src', 'grep -rn "foo" . | wc -l',
    'grep -o "[0-9]\\+ ms" bench.txt | sort -n | tail -3', 'rg -n "class .*Error" src | sort',
  ],
  git: [
    'git status', 'git status --short', 'git status -sb', 'git status --porcelain', 'git log --oneline -10', 'git log --oneline -n 20', 'git log -5 --stat', 'git log -p -3 -- src/policy',
    'git log --format="%h %s" -n 30', 'git log --oneline --graph --all | head -40', 'git log --author="$(git config --get user.name)" --oneline', 'git log --since="2 weeks ago" --oneline',
    'git diff', 'git diff --stat', 'git diff HEAD~1', 'git diff --cached', 'git diff main...HEAD --stat', 'git diff HEAD~3 -- src/cli', 'git diff --name-only', 'git show', 'git show HEAD --stat',
    'git show HEAD:package.json', 'git show HEAD~2:src/policy/policy.ts | head -50', 'git show --name-status HEAD', 'git blame src/cli/main.ts', 'git blame -L 10,40 src/a.ts', 'git branch',
    'git branch -a', 'git branch --show-current', 'git rev-parse HEAD', 'git rev-parse --abbrev-ref HEAD', 'git rev-parse --show-toplevel', 'git remote -v', 'git tag', 'git tag -l "v*"',
    'git ls-files', 'git ls-files src | wc -l', 'git stash list', 'git describe --tags --always', 'git shortlog -sn', 'git log --oneline | wc -l', 'git config --get remote.origin.url',
    'git merge-base main HEAD', 'git cat-file -p HEAD', 'git ls-tree -r --name-only HEAD | head', 'git --no-pager log -1', 'git reflog -10',
  ],
  combined: [
    'cd src && ls', 'ls && git status', 'git status && git diff --stat', 'cat package.json | jq .scripts', 'ls src | wc -l', 'git log --oneline | head -5', 'echo "done"',
    'for f in src/*.ts; do wc -l "$f"; done', 'test -f package.json && cat package.json', '[ -d node_modules ] && echo yes || echo no', 'which node && node --version', 'node --version',
    'npm --version', 'python3 --version', 'uname -a', 'whoami', 'date', 'env | sort | head', 'echo $PATH', 'printenv HOME',
  ],
};

/** Every command of the corpus, flattened. */
export const READ_ONLY_COMMANDS: readonly string[] = Object.values(READ_ONLY_WORK).flat();
