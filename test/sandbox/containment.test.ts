// From inside an `rw` container (the weaker mode; test/sandbox/shadow.test.ts
// covers the default): every way out we can think of fails, and the host
// sees nothing change. Protected paths are tried both when they exist at start
// and when they do not (the container must not be able to create them either).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { requireEngine } from '../helpers/engine-gate';
import { snapshotTree } from '../helpers/host-snapshot';
import { openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

const PROTECTED_FILES: Record<string, string> = {
  '.vscode/settings.json': '{ "original": true }\n',
  '.vscode/tasks.json': '{ "version": "2.0.0" }\n',
  '.git/config': '[core]\n\trepositoryformatversion = 0\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/hooks/pre-commit': '#!/bin/sh\nexit 0\n',
  'x.code-workspace': '{ "folders": [] }\n',
  '.devcontainer/devcontainer.json': '{ "image": "original" }\n',
  'src/app.txt': 'ordinary file\n',
};

/** Runs a shell snippet and asserts it failed (non-zero exit), returning its output for messages. */
async function mustFail(f: SandboxFixture, script: string): Promise<string> {
  const r = await f.sh(script);
  assert.notEqual(r.exitCode, 0, `\`${script}\` succeeded inside the sandbox:\n${r.stdout}${r.stderr}`);
  return r.stderr;
}

describe('inside an rw sandbox, the host filesystem', requireEngine(), () => {
  let f: SandboxFixture;
  let before_: string[];

  before(async () => {
    f = openSandbox({ 'sandbox.workspaceAccess': 'rw' }, PROTECTED_FILES);
    await f.sandbox.up();
    before_ = snapshotTree(f.workspace);
  });
  after(async () => f?.cleanup());

  it('cannot be written at / or /etc or /usr', async () => {
    await mustFail(f, 'echo x > /evil');
    await mustFail(f, 'echo x >> /etc/passwd');
    await mustFail(f, 'touch /etc/evil');
    await mustFail(f, 'mkdir /usr/local/evil');
    const r = await f.sh('test -e /evil || test -e /etc/evil; echo $?');
    assert.equal(r.stdout, '1\n');
  });

  it('cannot be written through an existing protected file, in any way', async () => {
    for (const rel of ['.vscode/settings.json', '.git/config', '.git/hooks/pre-commit', 'x.code-workspace', '.devcontainer/devcontainer.json']) {
      await mustFail(f, `echo evil > '${rel}'`);
      await mustFail(f, `echo evil >> '${rel}'`);
      await mustFail(f, `: > '${rel}'`);
      await mustFail(f, `rm -f '${rel}'`);
      await mustFail(f, `mv '${rel}' '${rel}.moved'`);
      await mustFail(f, `chmod 777 '${rel}'`);
      await mustFail(f, `ln -sf /etc/passwd '${rel}'`);
      await mustFail(f, `python3 -c "open('${rel}', 'r+b').write(b'evil')"`);
    }
    assert.deepEqual(snapshotTree(f.workspace), before_);
  });

  it('cannot remove or move the protected folders away', async () => {
    await mustFail(f, 'rm -rf .vscode');
    await mustFail(f, 'mv .vscode elsewhere');
    await mustFail(f, 'mv .devcontainer elsewhere');
    await mustFail(f, 'rm -rf .git/hooks');
    await mustFail(f, 'mv .git/hooks .git/hooks-old');
    assert.deepEqual(snapshotTree(f.workspace), before_);
  });

  it('cannot add a file to a protected folder', async () => {
    await mustFail(f, 'echo "#!/bin/sh" > .git/hooks/post-checkout');
    await mustFail(f, 'echo "{}" > .vscode/launch.json');
    await mustFail(f, 'mkdir .vscode/sub');
    await mustFail(f, 'echo "{}" > .devcontainer/docker-compose.yml');
    assert.deepEqual(snapshotTree(f.workspace), before_);
  });

  it('cannot change the repository config through git itself', async () => {
    await mustFail(f, 'git config core.fsmonitor "touch /tmp/pwned"');
    await mustFail(f, 'git config --local core.hooksPath /workspace/src');
    assert.equal(readFileSync(join(f.workspace, '.git/config'), 'utf8'), PROTECTED_FILES['.git/config']);
  });

  it('still lets commands write ordinary workspace files as the workspace owner', async () => {
    const r = await f.sh('echo new > src/new.txt && cat src/app.txt && stat -c %u:%g src/new.txt && rm src/new.txt');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'ordinary file\n1000:1000\n');
    assert.deepEqual(snapshotTree(f.workspace), before_);
  });
});

describe('inside an rw sandbox, the folder holding protected files', requireEngine(), () => {
  // Each attempt gets its own sandbox: a success here would rearrange the workspace.
  // `conf` holds a user-added protected path (`sandbox.protectedPaths`).
  for (const folder of ['.git', '.git/hooks', '.vscode', '.devcontainer', 'conf']) {
    it(`cannot be renamed so that a fresh ${folder} takes its place`, async () => {
      const f = openSandbox({ 'sandbox.workspaceAccess': 'rw', 'sandbox.protectedPaths': ['conf/trusted.json'] }, { ...PROTECTED_FILES, 'conf/trusted.json': '{}\n' });
      try {
        await f.sandbox.up();
        const snap = snapshotTree(f.workspace);
        const target = `${folder}-old`;
        const r = await f.sh(`mv '${folder}' '${target}' && mkdir -p '${folder}/hooks' && echo '[core]\tfsmonitor = "touch /tmp/pwned"' > '${folder}/config'; echo "#!/bin/sh" > '${folder}/hooks/pre-commit'${folder === 'conf' ? `; echo evil > '${folder}/trusted.json'` : ''}`);
        assert.ok(!existsSync(join(f.workspace, target)), `the container renamed ${folder} to ${target} on the host (${r.stderr.trim()})`);
        assert.deepEqual(snapshotTree(f.workspace), snap, `the host workspace changed after renaming ${folder}`);
      } finally {
        await f.cleanup();
      }
    });
  }
});

describe('inside an rw sandbox, protected paths that do not exist yet', requireEngine(), () => {
  let f: SandboxFixture;
  let before_: string[];

  before(async () => {
    f = openSandbox({ 'sandbox.workspaceAccess': 'rw', 'sandbox.protectedPaths': ['secrets'] }, { 'README.md': 'hello\n' });
    await f.sandbox.up();
    before_ = snapshotTree(f.workspace);
  });
  after(async () => f?.cleanup());

  it('cannot be created as folders or files', async () => {
    await mustFail(f, 'mkdir -p .vscode && echo "{}" > .vscode/settings.json');
    await mustFail(f, 'echo "{}" > .vscode/settings.json');
    await mustFail(f, 'mkdir -p .devcontainer && echo "{}" > .devcontainer/devcontainer.json');
    await mustFail(f, 'mkdir -p .git/hooks && echo "#!/bin/sh" > .git/hooks/pre-commit');
    await mustFail(f, 'echo "[core]" > .git/config');
    await mustFail(f, 'echo secret > secrets/key');
    for (const rel of ['.vscode/settings.json', '.devcontainer/devcontainer.json', '.git/config', '.git/hooks/pre-commit', '.git/HEAD', 'secrets/key']) {
      assert.ok(!existsSync(join(f.workspace, rel)), `${rel} exists on the host`);
    }
  });

  it('cannot be brought into being by `git init`', async () => {
    await mustFail(f, 'git init -q .');
    await mustFail(f, 'git init -q --separate-git-dir=/tmp/g .');
    assert.ok(!existsSync(join(f.workspace, '.git', 'config')));
    assert.ok(!existsSync(join(f.workspace, '.git', 'HEAD')));
  });

  it('cannot be replaced by removing or renaming their placeholders', async () => {
    await mustFail(f, 'rm -rf .vscode && mkdir .vscode && echo "{}" > .vscode/settings.json');
    await mustFail(f, 'mv .git .git-old && mkdir .git && echo "[core]" > .git/config');
    await mustFail(f, 'mv .devcontainer dc && mkdir .devcontainer && echo "{}" > .devcontainer/devcontainer.json');
    assert.deepEqual(snapshotTree(f.workspace), before_);
  });
});

describe('inside the sandbox, the kernel and the network', requireEngine(), () => {
  let f: SandboxFixture;
  let gateway: string;

  before(async () => {
    f = openSandbox();
    await f.sandbox.up();
    // The host as a container on the default bridge would reach it.
    const bridge = (await new Docker().getNetwork('bridge').inspect()) as { IPAM?: { Config?: Array<{ Gateway?: string; Subnet?: string }> } };
    const config = bridge.IPAM?.Config?.[0];
    gateway = config?.Gateway ?? (config?.Subnet ?? '172.17.0.0/16').replace(/\.0\/\d+$/, '.1');
  });
  after(async () => f?.cleanup());

  it('offers no network interface but loopback', async () => {
    const r = await f.sh("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
    assert.equal(r.stdout, 'lo\n');
  });

  it('refuses a socket to a public address and to the host gateway', async () => {
    for (const [host, port] of [['1.1.1.1', 53], ['8.8.8.8', 443], [gateway, 2375], [gateway, 22]] as const) {
      const r = await f.sandbox.exec({
        argv: ['python3', '-c', `import socket,sys\ns=socket.socket(); s.settimeout(2)\ntry:\n  s.connect((${JSON.stringify(host)}, ${port})); print('CONNECTED')\nexcept OSError as e:\n  print('refused', e.errno); sys.exit(3)`],
        timeoutMs: 10_000,
      });
      assert.equal(r.exitCode, 3, `connect to ${host}:${port}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stdout, /CONNECTED/);
    }
    const udp = await f.sandbox.exec({ argv: ['python3', '-c', "import socket\ns=socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(b'x', ('1.1.1.1', 53))"], timeoutMs: 5000 });
    assert.notEqual(udp.exitCode, 0, 'a UDP datagram to 1.1.1.1 was sent');
  });

  it('cannot mount anything', async () => {
    await mustFail(f, 'mount -t tmpfs none /tmp');
    await mustFail(f, 'mkdir -p /tmp/m && mount -t tmpfs none /tmp/m');
    await mustFail(f, 'mount -o remount,rw /');
    await mustFail(f, 'mount --bind /tmp /workspace/.vscode');
    await mustFail(f, 'umount /workspace/.git');
  });

  it('holds no capability and cannot gain one', async () => {
    const r = await f.sh("grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status");
    const status = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split(/:\s+/) as [string, string]));
    for (const k of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb']) assert.equal(status[k], '0000000000000000', `${k} is ${status[k]}`);
    assert.equal(status.NoNewPrivs, '1');
    // The bounding set is empty: nothing can ever be raised in this process tree.
    const prctl = await f.sandbox.exec({
      argv: ['python3', '-c', [
        'import ctypes, os',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'PR_CAPBSET_READ, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE = 23, 47, 2',
        'print("bset", [c for c in range(41) if libc.prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1])',
        'print("ambient", libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 21, 0, 0))',
        'for fn in (lambda: os.setuid(0), lambda: os.setgid(0), lambda: os.setgroups([0]), lambda: os.chroot("/tmp")):',
        '    try:',
        '        fn(); print("GAINED")',
        '    except PermissionError:',
        '        print("denied")',
      ].join('\n')],
      timeoutMs: 5000,
    });
    assert.equal(prctl.exitCode, 0, prctl.stderr);
    assert.equal(prctl.stdout, 'bset []\nambient -1\ndenied\ndenied\ndenied\ndenied\n');
  });

  it('gains nothing from setuid binaries or new user namespaces', async () => {
    await mustFail(f, 'echo x | su -c id root');
    await mustFail(f, 'unshare -r id');
    await mustFail(f, 'unshare -Urm true');
    // setuid-root `mount` runs as the caller under no-new-privileges.
    const stderr = await mustFail(f, 'mount -t proc proc /tmp');
    assert.match(stderr, /superuser|permission|not permitted/i);
    const r = await f.sh('id -u; python3 -c "import os; print(os.geteuid())"');
    assert.equal(r.stdout, '1000\n1000\n');
  });

  it('cannot make a namespace through unshare, clone or clone3 either (Podman\'s own seccomp profile allows them)', async () => {
    const r = await f.sandbox.exec({
      argv: ['python3', '-c', [
        'import ctypes, os, platform',
        'libc = ctypes.CDLL(None, use_errno=True)',
        'NEWUSER, NEWNS, NEWNET, SIGCHLD = 0x10000000, 0x20000, 0x40000000, 17',
        'SYS_CLONE = {"x86_64": 56, "aarch64": 220}[platform.machine()]',
        'for name, flags in (("unshare-user", NEWUSER), ("unshare-user-mount", NEWUSER | NEWNS), ("unshare-net", NEWNET)):',
        '    print(name, "made" if libc.unshare(flags) == 0 else "refused")',
        'pid = libc.syscall(SYS_CLONE, NEWUSER | SIGCHLD, 0, 0, 0, 0)',
        'if pid == 0: os._exit(0)',
        'print("clone-user", "made" if pid > 0 else "refused")',
        'if pid > 0: os.waitpid(pid, 0)',
        'class Args(ctypes.Structure): _fields_ = [(n, ctypes.c_uint64) for n in ("flags", "pidfd", "child_tid", "parent_tid", "exit_signal", "stack", "stack_size", "tls")]',
        'args = Args(flags=NEWUSER, exit_signal=SIGCHLD)',
        'pid = libc.syscall(435, ctypes.byref(args), ctypes.sizeof(args))',
        'if pid == 0: os._exit(0)',
        'print("clone3-user", "made" if pid > 0 else "refused")',
        'if pid > 0: os.waitpid(pid, 0)',
      ].join('\n')],
      timeoutMs: 10_000,
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'unshare-user refused\nunshare-user-mount refused\nunshare-net refused\nclone-user refused\nclone3-user refused\n');
  });

  it('has no Docker socket to talk to', async () => {
    const r = await f.sh('for s in /var/run/docker.sock /run/docker.sock /run/podman/podman.sock /run/containerd/containerd.sock; do test -e $s && echo "$s"; done; true');
    assert.equal(r.stdout, '');
    const connect = await f.sandbox.exec({
      argv: ['python3', '-c', "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ntry:\n  s.connect('/var/run/docker.sock'); print('CONNECTED')\nexcept OSError as e:\n  sys.exit(3)"],
      timeoutMs: 5000,
    });
    assert.equal(connect.exitCode, 3, connect.stdout + connect.stderr);
    const found = await f.sh('find / -xdev -type s 2>/dev/null | grep -v "^/proc" ; true', 15_000);
    assert.equal(found.stdout, '', `sockets visible in the container: ${found.stdout}`);
  });

  it('reads nothing of the host beyond the workspace', async () => {
    const r = await f.sh('cat /proc/1/cmdline | tr "\\0" " "; echo; ls /home; test -e /root/.ssh && echo ROOTSSH; true');
    assert.doesNotMatch(r.stdout, /dockerd|containerd|systemd/);
    assert.doesNotMatch(r.stdout, /ROOTSSH/);
  });
});
