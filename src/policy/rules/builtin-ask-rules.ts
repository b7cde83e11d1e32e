import { RECURSIVE, re, rule } from './rule-helpers';
import type { RuleSpec } from './rule';

const GIT = ['git', '**'];
const DB = re(/^(psql|mysql|mariadb|sqlite3|sqlcmd|cockroach|clickhouse-client|mongo|mongosh|redis-cli)$/);

const FILES: RuleSpec[] = [
  rule('rm', 'ask', ['rm'], 'deletes files', { match: ['rm x', '/bin/rm x', '\\rm x', 'command rm x'], notMatch: ['rmdir x', 'echo rm'] }),
  rule('rm-recursive', 'ask', ['rm', '**', RECURSIVE], 'deletes directories recursively', {
    match: ['rm -r build', 'rm -rf build', 'rm -fr build', 'rm -Rf x', 'rm --recursive x', 'rm x -rf'], notMatch: ['rm -f x', 'rm x'],
  }),
  rule('rm-directory', 'ask', [re(/^(rmdir|unlink)$/)], 'deletes files or directories', { match: ['rmdir x', 'unlink y'] }),
  rule('change-files', 'ask', [re(/^(cp|mv|ln|mkdir|touch|install|tee|patch|rsync|truncate)$/)], 'creates or changes files', { match: ['cp a b', 'mv a b', 'tee out'], notMatch: ['cat a'] }),
  rule('edit-in-place', 'ask', [re(/^(sed|perl|ruby)$/), '**', re(/^(-i.*|--in-place.*)$/)], 'edits files in place', { match: ['sed -i s/a/b/ f', 'perl -i -pe 1 f'], notMatch: ['sed -n 1p f'] }),
  rule('chmod', 'ask', [re(/^(chmod|chown|chgrp|chattr|setfacl)$/)], 'changes file permissions or ownership', { match: ['chmod +x run.sh'] }),
  rule('chmod-recursive', 'ask', [re(/^(chmod|chown|chgrp)$/), '**', RECURSIVE], 'changes permissions or ownership recursively', { match: ['chmod -R 777 .', 'chown -R u x'], notMatch: ['chmod +x a'] }),
  rule('shred', 'ask', [re(/^(shred|wipe|srm)$/)], 'overwrites files so they cannot be recovered', { match: ['shred -u secret'] }),
  rule('dd', 'ask', ['dd'], 'copies raw data to files or devices', { match: ['dd if=/dev/zero of=x bs=1M count=1'] }),
  rule('disk-tools', 'ask', [re(/^(mkfs(\..+)?|mke2fs|mkswap|wipefs|fdisk|sfdisk|gdisk|parted|blkdiscard|losetup|mount|umount)$/)], 'formats or changes disks and filesystems', { match: ['mkfs.ext4 img', 'mount x y'] }),
  rule('find-writes', 'ask', ['find', '**', re(/^-(delete|fprint0?|fprintf|fls)$/)], 'find deletes or writes files', { match: ['find . -name "*.o" -delete', 'find . -fprint out'], notMatch: ['find . -name x'] }),
  rule('sort-output', 'ask', ['sort', '**', re(/^(-o.*|--output.*|--compress-program.*)$/)], 'sort writes its output to a file or runs a compression program', { match: ['sort -o out in', 'sort --compress-program=sh x'], notMatch: ['sort in'] }),
  rule('uniq-output', 'ask', ['uniq', '**', re(/^[^-]/), '**', re(/^[^-]/)], 'uniq with two file names writes the second', { match: ['uniq in out'], notMatch: ['uniq -c in'] }),
  rule('rg-preprocessor', 'ask', ['rg', '**', re(/^--pre(-glob)?(=.*)?$/)], 'ripgrep --pre runs a program on every file', { match: ['rg --pre ./x foo', 'rg --pre=sh foo'], notMatch: ['rg foo'] }),
  rule('writes-output-file', 'ask', [re(/^(tree|file)$/), '**', re(/^(-o.*|-C|--compile)$/)], 'writes an output file', { match: ['tree -o out.txt', 'file -C -m magic'], notMatch: ['tree -L 2'] }),
  rule('date-set', 'ask', ['date', '**', re(/^(-s.*|--set.*)$/)], 'sets the system clock', { match: ['date -s now'], notMatch: ['date +%s'] }),
];

const GIT_RULES: RuleSpec[] = [
  rule('git-push', 'ask', [...GIT, 'push'], 'publishes commits to a remote', { match: ['git push', 'git push origin main'] }),
  rule('git-push-force', 'ask', [...GIT, 'push', '**', re(/^(-[a-zA-Z]*f[a-zA-Z]*|--force(-with-lease.*|-if-includes)?|--mirror|--delete|-d|--prune|\+.+)$/)], 'force-pushes or deletes remote history', {
    match: ['git push --force', 'git push -f origin main', 'git push --force-with-lease', 'git push origin +main', 'git -C x push --force'], notMatch: ['git push origin main'],
  }),
  rule('git-reset-hard', 'ask', [...GIT, 'reset', '**', re(/^--(hard|merge|keep)$/)], 'discards uncommitted changes', { match: ['git reset --hard', 'git reset --hard HEAD~3'], notMatch: ['git reset HEAD file'] }),
  rule('git-clean', 'ask', [...GIT, 'clean', '**', re(/^(-[a-zA-Z]*[fx][a-zA-Z]*|--force)$/)], 'deletes untracked files', { match: ['git clean -fd', 'git clean -xdf', 'git clean --force'], notMatch: ['git clean -n'] }),
  rule('git-discard', 'ask', [...GIT, re(/^(checkout|switch)$/), '**', re(/^(-f|--force|--discard-changes|--|\.)$/)], 'discards uncommitted changes', { match: ['git checkout -- .', 'git checkout .', 'git switch -f main'], notMatch: ['git checkout main'] }),
  rule('git-restore', 'ask', [...GIT, 'restore'], 'discards uncommitted changes', { match: ['git restore src/a.ts'] }),
  rule('git-branch-change', 'ask', [...GIT, 'branch', '**', re(/^(-[a-zA-Z]*[dDmMcCf][a-zA-Z]*|--delete|--move|--copy|--force|--set-upstream-to.*|-u|--unset-upstream|--edit-description)$/)], 'deletes, renames or rewires branches', {
    match: ['git branch -D feature', 'git branch -m a b'], notMatch: ['git branch -a'],
  }),
  rule('git-tag-change', 'ask', [...GIT, 'tag', '**', re(/^(-d|--delete|-f|--force)$/)], 'deletes or moves tags', { match: ['git tag -d v1'] }),
  rule('git-stash-drop', 'ask', [...GIT, 'stash', re(/^(drop|clear|pop)$/)], 'drops stashed changes', { match: ['git stash drop', 'git stash clear'] }),
  rule('git-rewrite', 'ask', [...GIT, re(/^(filter-branch|filter-repo|rebase|replace|update-ref|prune|gc|rm)$/)], 'rewrites history or removes repository data', { match: ['git rebase -i HEAD~3', 'git filter-branch x', 'git rm -r src'] }),
  rule('git-reflog-expire', 'ask', [...GIT, 'reflog', re(/^(expire|delete)$/)], 'deletes reflog entries, making lost commits unrecoverable', { match: ['git reflog expire --all'] }),
  rule('git-config-write', 'ask', [...GIT, 'config', '**', re(/^[^-]/), re(/^[^-]/)], 'changes git configuration (which can run programs: hooks, pagers, aliases)', {
    match: ['git config core.hooksPath x', 'git config --global user.name x'], notMatch: ['git config --get user.name', 'git config user.name'],
  }),
  rule('git-inline-config', 'ask', [...GIT, re(/^(-c.*|--config-env.*|--exec-path.*|--upload-pack.*|--receive-pack.*|--git-dir.*|--work-tree.*)$/)], 'sets git configuration, helper programs or another repository inline, which can run any program', {
    match: ['git -c core.pager=sh log', "git -c alias.x='!rm -rf /' x", 'git fetch --upload-pack=x', 'git --git-dir=evil/.git log'], notMatch: ['git log'],
  }),
  rule('git-external-program', 'ask', [...GIT, re(/^(--output.*|--ext-diff|--textconv|-O.*|--open-files-in-pager.*)$/)], 'makes git write a file or run an external program', {
    match: ['git diff --output=/tmp/x', 'git diff --ext-diff', 'git grep -Ovim x'], notMatch: ['git diff'],
  }),
];

const PUBLISH: RuleSpec[] = [
  rule('package-publish', 'ask', [re(/^(npm|yarn|pnpm|bun)$/), '**', re(/^(publish|unpublish|deprecate|dist-tag|owner)$/)], 'publishes a package', { match: ['npm publish', 'pnpm publish --access public'], notMatch: ['npm test'] }),
  rule('cargo-publish', 'ask', ['cargo', '**', re(/^(publish|yank|owner)$/)], 'publishes a crate', { match: ['cargo publish'] }),
  rule('python-publish', 'ask', [re(/^(twine|flit|poetry|hatch|uv)$/), '**', re(/^(upload|publish)$/)], 'publishes a Python package', { match: ['twine upload dist/*', 'poetry publish'] }),
  rule('python-m-publish', 'ask', [re(/^python[0-9.]*$/), '-m', 'twine'], 'publishes a Python package', { match: ['python3 -m twine upload dist/*'] }),
  rule('other-publish', 'ask', [re(/^(gem|vsce|ovsx|docker|podman|helm|gh|mvn|gradle|dotnet|nuget)$/), '**', re(/^(push|publish|deploy|release|upload)$/)], 'publishes an artifact', { match: ['gem push x.gem', 'vsce publish', 'docker push img'] }),
  rule('package-install', 'ask', [re(/^(npm|yarn|pnpm|bun|pip[0-9.]*|pipx|uv|poetry|gem|cargo|go|apt|apt-get|apk|dnf|yum|brew|composer)$/), '**', re(/^(install|i|add|ci|update|upgrade|remove|uninstall|get)$/)], 'installs or removes packages (their install scripts run)', { match: ['npm install', 'pip install requests', 'apt-get install curl'] }),
  rule('package-exec', 'ask', [re(/^(npx|pnpx|bunx|uvx)$/)], 'downloads and runs a package', { match: ['npx create-app x'] }),
];

const INFRA: RuleSpec[] = [
  rule('sql-destructive', 'ask', [DB, '**', re(/\b(drop|truncate|alter)\s+(table|database|schema|index|view|user|role)\b|\bdelete\s+from\b/i)], 'runs destructive SQL (DROP/TRUNCATE/ALTER/DELETE)', {
    match: ['psql -c "DROP TABLE users"', 'mysql -e "drop database prod"', 'sqlite3 db "DELETE FROM t"'], notMatch: ['psql -c "select 1"'],
  }),
  rule('database-client', 'ask', [DB], 'talks to a database', { match: ['psql -c "select 1"'] }),
  rule('kubectl-delete', 'ask', ['kubectl', '**', re(/^(delete|drain|replace|patch|apply|scale|rollout|cordon|edit|exec)$/)], 'changes a Kubernetes cluster', { match: ['kubectl delete pod x', 'kubectl apply -f x.yaml'], notMatch: ['kubectl get pods'] }),
  rule('helm-change', 'ask', ['helm', '**', re(/^(uninstall|delete|install|upgrade|rollback)$/)], 'changes a Kubernetes release', { match: ['helm uninstall x'] }),
  rule('terraform-destroy', 'ask', [re(/^(terraform|tofu|pulumi|cdk)$/), '**', re(/^(destroy|-destroy|apply|up|deploy|import|state)$/)], 'changes or destroys real infrastructure', { match: ['terraform destroy', 'terraform apply -auto-approve', 'pulumi destroy'], notMatch: ['terraform plan'] }),
  rule('cloud-cli', 'ask', [re(/^(aws|gcloud|az|doctl|flyctl|heroku|vercel|netlify|firebase)$/)], 'acts on a cloud account', { match: ['aws s3 rm s3://b --recursive'] }),
  rule('network', 'ask', [re(/^(curl|wget|nc|ncat|netcat|socat|ssh|scp|sftp|ftp|telnet|rsync)$/)], 'reaches the network or another machine', { match: ['curl https://example.com', 'ssh host ls'] }),
];

const SYSTEM: RuleSpec[] = [
  rule('inline-code', 'ask', [re(/^(python[0-9.]*|node|nodejs|perl|ruby|php|deno|bun|lua|Rscript|osascript)$/), '**', re(/^(-c|-e|-E|-r|-p|--eval.*|--print.*|-pe|-ne|-le)$/)], 'runs inline code, which cannot be checked like a command', {
    match: ['python3 -c "import os"', 'node -e "1"', 'perl -e 1'], notMatch: ['python3 script.py'],
  }),
  rule('awk', 'ask', [re(/^(awk|gawk|mawk|nawk)$/)], 'awk programs can run commands (system()) and write files', { match: ["awk '{print $1}' f"] }),
  rule('source-script', 'ask', [re(/^(source|\.)$/)], 'runs a script file in this shell', { match: ['source venv/bin/activate', '. ./env.sh'] }),
  rule('shell-script', 'ask', [re(/^(bash|sh|zsh|dash|ksh|ash|mksh|fish)$/)], 'runs a script file whose content is not checked here', { match: ['bash build.sh'] }),
  rule('alias', 'ask', [re(/^(alias|unalias|enable|hash|trap|shopt|let|mapfile|readarray|complete)$/)], 'changes how later commands run or evaluates text as code', { match: ["alias ls='rm -rf'", 'let x=1'] }),
  rule('processes', 'ask', [re(/^(kill|pkill|killall|skill|xkill)$/)], 'stops processes', { match: ['kill -9 1', 'pkill node'] }),
  rule('system-control', 'ask', [re(/^(shutdown|reboot|halt|poweroff|init|telinit|systemctl|service|crontab|at|batch|modprobe|insmod|rmmod|sysctl|iptables|nft|ip|ifconfig|route|useradd|userdel|usermod|groupadd|passwd|chpasswd|visudo|swapon|swapoff)$/)], 'changes the system', { match: ['systemctl stop x', 'crontab -r'] }),
  rule('privilege', 'ask', [re(/^(sudo|sudoedit|doas|su|runuser|pkexec|chroot|nsenter|unshare|setpriv|capsh)$/)], 'runs with other privileges', { match: ['sudo -l', 'sudoedit /etc/hosts'] }),
];

/** Built-in `ask` rules: destructive, publishing, or hard-to-undo commands. */
export const BUILTIN_ASK_RULES: readonly RuleSpec[] = [...FILES, ...GIT_RULES, ...PUBLISH, ...INFRA, ...SYSTEM];
