// What the engine itself says about our container (docker inspect), and which
// loosened configs are refused: the hardening is checked at the source of
// truth, not in our own create body.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, symlinkSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/core/errors';
import { engineKind, requireEngine } from '../helpers/engine-gate';
import { makeWorkspace, openSandbox, WORKSPACE_GID, WORKSPACE_UID, withSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

const CANARY_NAME = 'CLAWDOCK_HOST_CANARY';
const CANARY_VALUE = `host-secret-${process.pid}`;

interface InspectDoc {
  Config: { User: string; Env: string[]; Labels: Record<string, string>; Healthcheck?: { Test?: string[] } };
  HostConfig: {
    ReadonlyRootfs: boolean;
    CapDrop: string[] | null;
    CapAdd: string[] | null;
    SecurityOpt: string[] | null;
    NetworkMode: string;
    PidsLimit: number | null;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    Tmpfs: Record<string, string> | null;
    Init: boolean | null;
    Privileged: boolean;
    Binds: string[] | null;
    Devices: unknown[] | null;
  };
  Mounts: Array<{ Type: string; Source: string; Destination: string; RW: boolean; Name?: string }>;
}

function tmpfsSize(options: string | undefined): number {
  const m = /(?:^|,)size=(\d+)([kmg]?)(?:,|$)/i.exec(options ?? '');
  assert.ok(m, `tmpfs options ${options} carry a size`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

describe('a default sandbox as the engine reports it', requireEngine(), () => {
  let f: SandboxFixture;
  let doc: InspectDoc;

  before(async () => {
    process.env[CANARY_NAME] = CANARY_VALUE;
    f = openSandbox({}, { 'src/a.txt': 'a\n', '.vscode/settings.json': '{}\n', 'x.code-workspace': '{}\n' });
    await f.sandbox.up();
    const info = await f.engine.inspectContainer(f.sandbox.workspace.containerName);
    assert.ok(info, 'the container exists after up()');
    doc = info.raw as InspectDoc;
  });

  after(async () => {
    delete process.env[CANARY_NAME];
    await f?.cleanup();
  });

  it('has a read-only root filesystem', () => {
    assert.equal(doc.HostConfig.ReadonlyRootfs, true);
  });

  it('drops every capability and adds none back', async () => {
    assert.deepEqual(doc.HostConfig.CapAdd ?? [], []);
    assert.equal(doc.HostConfig.Privileged, false);
    if (engineKind() === 'podman') {
      // Podman reports the capabilities it dropped by name rather than ALL: what counts is that the container's init holds none.
      assert.ok((doc.HostConfig.CapDrop ?? []).length > 0);
      const r = await f.sh("grep -E '^Cap(Prm|Eff|Bnd|Amb):' /proc/1/status");
      assert.equal(r.stdout.split('\n').filter(Boolean).filter((l) => !/\t0{16}$/.test(l)).join('\n'), '', r.stdout);
    } else {
      assert.deepEqual(doc.HostConfig.CapDrop, ['ALL']);
    }
  });

  it('sets no-new-privileges', () => {
    assert.ok((doc.HostConfig.SecurityOpt ?? []).some((o) => /^no-new-privileges(:true|=true)?$/.test(o)), `SecurityOpt: ${JSON.stringify(doc.HostConfig.SecurityOpt)}`);
  });

  it('runs under a seccomp profile that refuses new user namespaces: the engine\'s default on Docker, Clawdock\'s on Podman', () => {
    const options = doc.HostConfig.SecurityOpt ?? [];
    assert.ok(!options.some((o) => /^seccomp[=:]unconfined$/.test(o)), `SecurityOpt: ${JSON.stringify(options)}`);
    // Podman's own default allows them; the container gets Podman's profile with them taken back.
    if (engineKind() === 'podman') assert.ok(options.some((o) => /^seccomp=.*\/podman-seccomp-[0-9a-f]{12}\.json$/.test(o)), `SecurityOpt: ${JSON.stringify(options)}`);
    else assert.ok(!options.some((o) => o.startsWith('seccomp')), `SecurityOpt: ${JSON.stringify(options)}`);
  });

  it('has no network', () => {
    assert.equal(doc.HostConfig.NetworkMode, 'none');
  });

  it('limits processes, memory (without extra swap) and CPU', () => {
    assert.equal(doc.HostConfig.PidsLimit, 128);
    assert.equal(doc.HostConfig.Memory, 256 * 1024 * 1024);
    assert.equal(doc.HostConfig.MemorySwap, 256 * 1024 * 1024);
    assert.equal(doc.HostConfig.NanoCpus, 1e9);
  });

  it('mounts size-limited tmpfs on /tmp, /run and the command homes, under a home folder no command can write', () => {
    const tmpfs = doc.HostConfig.Tmpfs ?? {};
    // Podman mounts a writable, unsized /var/tmp on a read-only root unless the container mounts one: ours is sealed.
    const sealed = engineKind() === 'podman' ? ['/var/tmp'] : [];
    assert.deepEqual(Object.keys(tmpfs).sort(), ['/home/sandbox', '/home/sandbox/homes', '/run', '/tmp', ...sealed]);
    for (const target of sealed) assert.match(tmpfs[target] ?? '', /^ro,/);
    assert.equal(tmpfsSize(tmpfs['/tmp']), 32 * 1024 * 1024);
    assert.equal(tmpfsSize(tmpfs['/home/sandbox/homes']), 16 * 1024 * 1024);
    assert.match(tmpfs['/home/sandbox'] ?? '', /mode=0555/);
    assert.doesNotMatch(tmpfs['/home/sandbox'] ?? '', /uid=/);
    assert.ok(tmpfsSize(tmpfs['/run']) > 0 && tmpfsSize(tmpfs['/run']) <= 64 * 1024 * 1024);
    for (const options of Object.values(tmpfs)) assert.match(options, /nosuid/);
  });

  it('runs an init process', () => {
    assert.equal(doc.HostConfig.Init, true);
  });

  it('runs as the uid:gid of the workspace owner, not root', () => {
    assert.equal(doc.Config.User, `${WORKSPACE_UID}:${WORKSPACE_GID}`);
  });

  it('takes nothing from the host environment into the container config', () => {
    const names = doc.Config.Env.map((e) => e.split('=')[0]);
    assert.ok(!names.includes(CANARY_NAME), 'the canary variable leaked into Config.Env');
    assert.ok(!doc.Config.Env.some((e) => e.includes(CANARY_VALUE)));
    // Podman writes the container's own HOSTNAME (its short id) into Config.Env; the host's never appears.
    assert.ok(!doc.Config.Env.includes(`HOSTNAME=${hostname()}`), 'the host name is in Config.Env');
    for (const hostOnly of [...(engineKind() === 'podman' ? [] : ['HOSTNAME']), 'SSH_AUTH_SOCK', 'DOCKER_HOST', 'NODE_OPTIONS']) assert.ok(!names.includes(hostOnly), `${hostOnly} is in Config.Env`);
    assert.equal(doc.Config.Env.find((e) => e.startsWith('HOME=')), 'HOME=/home/sandbox');
  });

  it('shows no host variable to a command either', async () => {
    const r = await f.sandbox.exec({ argv: ['env'], timeoutMs: 5000 });
    assert.equal(r.exitCode, 0);
    assert.ok(!r.stdout.includes(CANARY_NAME) && !r.stdout.includes(CANARY_VALUE), `env output:\n${r.stdout}`);
    const hostPath = process.env.PATH ?? '';
    assert.ok(!r.stdout.includes(`PATH=${hostPath}\n`) || hostPath === '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  });

  it('mounts only the workspace, as an overlay whose lower layer is the folder and whose upper layer is Clawdock\'s, with no Docker socket and no devices', async () => {
    // Podman lists a named volume among the binds too.
    assert.deepEqual((doc.HostConfig.Binds ?? []).filter((b) => !b.startsWith(`${doc.Mounts[0]?.Name}:/workspace:`)), []);
    assert.deepEqual(doc.HostConfig.Devices ?? [], []);
    assert.equal(doc.Mounts.length, 1, `mounts: ${doc.Mounts.map((m) => m.Destination).join(', ')}`);
    const [workspace] = doc.Mounts;
    assert.equal(workspace!.Destination, '/workspace');
    assert.equal(workspace!.Type, 'volume');
    assert.equal(workspace!.RW, true);
    const volume = await f.engine.inspectVolume(workspace!.Name ?? '');
    assert.ok(volume, 'the workspace volume exists');
    assert.equal(volume.options.type, 'overlay');
    const o = volume.options.o ?? '';
    assert.match(o, new RegExp(`(^|,)lowerdir=${f.workspace}(,|$)`));
    assert.match(o, new RegExp(`(^|,)upperdir=${f.stateRoot}/shadow/[^,]+/upper(,|$)`));
    for (const strict of ['redirect_dir=off', 'metacopy=off']) assert.ok(o.split(',').includes(strict), `${strict} is missing from ${o}`);
    assert.ok(!/docker\.sock|podman\.sock/.test(o));
  });

  it('in rw mode, mounts the folder and the host-executed overlays inside it', async () => {
    const rw = openSandbox({ 'sandbox.workspaceAccess': 'rw' }, { 'src/a.txt': 'a\n', '.vscode/settings.json': '{}\n', 'x.code-workspace': '{}\n' });
    try {
      await rw.sandbox.up();
      const info = await rw.engine.inspectContainer(rw.sandbox.workspace.containerName);
      const mounts = (info?.raw as InspectDoc).Mounts;
      const workspace = mounts.filter((m) => m.Destination === '/workspace');
      assert.equal(workspace.length, 1);
      assert.equal(workspace[0]!.Source, rw.workspace);
      for (const m of mounts) {
        assert.ok(m.Destination === '/workspace' || m.Destination.startsWith('/workspace/'), `unexpected mount at ${m.Destination}`);
        if (m.Destination !== '/workspace') assert.equal(m.RW, false, `overlay ${m.Destination} is writable`);
        if (m.Type === 'bind') assert.equal(m.Source, join(rw.workspace, m.Destination.slice('/workspace'.length)), `${m.Destination} comes from ${m.Source}`);
        assert.ok(!/docker\.sock|podman\.sock/.test(m.Source));
      }
      // Podman lists tmpfs mounts (the placeholders for missing protected paths) under HostConfig.Tmpfs only.
      const placeholders = Object.entries((info?.raw as InspectDoc).HostConfig.Tmpfs ?? {}).filter(([target]) => target.startsWith('/workspace/'));
      for (const [target, options] of placeholders) assert.match(options, /(^|,)ro(,|$)/, `placeholder ${target} is writable`);
      const overlays = [...mounts.map((m) => m.Destination), ...placeholders.map(([target]) => target)].sort();
      for (const p of ['/workspace/.vscode', '/workspace/.devcontainer', '/workspace/.git', '/workspace/x.code-workspace']) assert.ok(overlays.includes(p), `no overlay on ${p}: ${overlays.join(', ')}`);
    } finally {
      await rw.cleanup();
    }
  });

  it('has a health check that follows the resident executor (CIS Docker 5.27)', async () => {
    const check = doc.Config.Healthcheck;
    // Podman keeps a CMD-SHELL line whole (it would split a CMD's script at spaces).
    assert.ok(check?.Test && check.Test[0] === (engineKind() === 'podman' ? 'CMD-SHELL' : 'CMD'), `Healthcheck: ${JSON.stringify(check)}`);
    const argv = check.Test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', check.Test[1]!] : check.Test.slice(1);
    const runCheck = async () => {
      const p = await f.engine.exec(f.sandbox.workspace.containerName, { argv });
      return p.wait();
    };
    await f.sandbox.exec({ argv: ['true'] });
    assert.equal(await runCheck(), 0, 'healthy while the executor serves');
    // An executor that dies without a word makes the container unhealthy.
    const kill = await f.engine.exec(f.sandbox.workspace.containerName, { argv: ['sh', '-c', 'for f in /run/clawdock/executor-*; do kill -9 "${f##*executor-}"; done'] });
    await kill.wait();
    assert.equal(await runCheck(), 1, 'unhealthy once the executor is gone');
    // The next command starts a new executor, which clears the dead one's file.
    await f.sandbox.exec({ argv: ['true'] }).catch(() => undefined);
    await f.sandbox.exec({ argv: ['true'] });
    assert.equal(await runCheck(), 0, 'healthy again with a new executor');
  });

  it('says in its status which engine runs it, as the engine itself said', async () => {
    const status = await f.sandbox.status();
    assert.equal(status.engineKind, engineKind());
    assert.match(status.engineDetail ?? '', engineKind() === 'podman' ? /^Podman \d/ : /^Docker \d/);
    assert.ok(status.health, 'the status says how the health check stands');
  });

  it('is labelled with its workspace and a config hash', () => {
    const labels = doc.Config.Labels;
    assert.equal(labels['dev.clawdock.managed'], 'true');
    assert.equal(labels['dev.clawdock.workspace'], f.workspace);
    assert.equal(labels['dev.clawdock.workspace-hash'], f.sandbox.workspace.hash);
    assert.match(labels['dev.clawdock.config-hash'] ?? '', /^[0-9a-f]{16}$/);
  });
});

describe('a loosened config', requireEngine(), () => {
  // One loosening per row: the setting alone is refused, with its flag it runs.
  const loosenings: Array<{ name: string; loosen: Record<string, unknown>; flag: string; check: (doc: InspectDoc) => void }> = [
    { name: 'a bridge network', loosen: { 'sandbox.network': 'bridge' }, flag: 'sandbox.dangerouslyAllowNetwork', check: (d) => assert.equal(d.HostConfig.NetworkMode, 'bridge') },
    { name: 'a writable root filesystem', loosen: { 'sandbox.readOnlyRootFs': false }, flag: 'sandbox.dangerouslyAllowWritableRootFs', check: (d) => assert.equal(d.HostConfig.ReadonlyRootfs, false) },
    { name: 'new privileges', loosen: { 'sandbox.noNewPrivileges': false }, flag: 'sandbox.dangerouslyAllowNewPrivileges', check: (d) => assert.ok(!(d.HostConfig.SecurityOpt ?? []).some((o) => o.startsWith('no-new-privileges:true'))) },
    { name: 'a capability given back', loosen: { 'sandbox.capAdd': ['NET_ADMIN'] }, flag: 'sandbox.dangerouslyAllowCapabilities', check: (d) => assert.deepEqual(d.HostConfig.CapAdd, ['NET_ADMIN']) },
    { name: 'no memory limit', loosen: { 'sandbox.memoryMb': 0 }, flag: 'sandbox.dangerouslyAllowUnlimitedResources', check: (d) => assert.equal(d.HostConfig.Memory, 0) },
    { name: 'no process limit', loosen: { 'sandbox.pidsLimit': 0 }, flag: 'sandbox.dangerouslyAllowUnlimitedResources', check: (d) => assert.ok(d.HostConfig.PidsLimit === null || d.HostConfig.PidsLimit <= 0) },
  ];

  for (const l of loosenings) {
    it(`with ${l.name} is refused without ${l.flag}, naming the setting, and creates no container`, async () => {
      const f = openSandbox(l.loosen);
      try {
        await assert.rejects(f.sandbox.up(), (err: unknown) => {
          assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
          assert.match(err.message, new RegExp(l.flag.replace('sandbox.', '').replace(/\./g, '\\.')));
          return true;
        });
        await assert.rejects(f.sandbox.exec({ argv: ['true'] }), ConfigError);
        assert.equal(await f.engine.inspectContainer(f.sandbox.workspace.containerName), null);
      } finally {
        await f.cleanup();
      }
    });
  }

  it('is accepted with its dangerously… flag and the engine shows each loosening', async () => {
    // All loosenings in one container keeps this to a single create on a small machine.
    const all: Record<string, unknown> = {};
    for (const l of loosenings) Object.assign(all, l.loosen, { [l.flag]: true });
    await withSandbox(all, async (f) => {
      const status = await f.sandbox.status();
      assert.equal(status.state, 'running');
      for (const s of ['sandbox.network', 'sandbox.readOnlyRootFs', 'sandbox.capAdd', 'sandbox.memoryMb', 'sandbox.pidsLimit']) {
        assert.ok(status.loosened.includes(`clawdock.${s}`), `status.loosened lacks ${s}: ${status.loosened.join(', ')}`);
      }
      const doc = (await f.engine.inspectContainer(f.sandbox.workspace.containerName))!.raw as InspectDoc;
      for (const l of loosenings) l.check(doc);
      const r = await f.sh('echo ok');
      assert.equal(r.stdout, 'ok\n');
    });
  });

  const blockedSources = [
    { name: '/etc', source: '/etc' },
    { name: 'the Docker socket', source: '/var/run/docker.sock' },
    { name: 'the host root', source: '/' },
    { name: '~/.ssh', source: join(homedir(), '.ssh') },
  ];
  for (const b of blockedSources) {
    it(`mounting ${b.name} is refused even with dangerouslyAllowExtraMounts`, async () => {
      for (const flag of [false, true]) {
        const f = openSandbox({ 'sandbox.extraMounts': [{ source: b.source, target: '/mnt/x' }], 'sandbox.dangerouslyAllowExtraMounts': flag });
        try {
          await assert.rejects(f.sandbox.up(), (err: unknown) => {
            assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
            assert.match(err.message, /extraMounts/);
            return true;
          });
          assert.equal(await f.engine.inspectContainer(f.sandbox.workspace.containerName), null);
        } finally {
          await f.cleanup();
        }
      }
    });
  }

  it('mounting a blocked folder through a symlinked parent is refused too', async () => {
    const linkDir = makeWorkspace();
    symlinkSync('/etc', join(linkDir, 'etc-link'));
    const f = openSandbox({ 'sandbox.extraMounts': [{ source: join(linkDir, 'etc-link', 'ssl'), target: '/mnt/x' }], 'sandbox.dangerouslyAllowExtraMounts': true });
    try {
      await assert.rejects(f.sandbox.up(), ConfigError);
    } finally {
      await f.cleanup();
      rmSync(linkDir, { recursive: true, force: true });
    }
  });

  it('mounting an ordinary folder is refused without dangerouslyAllowExtraMounts and read-only with it', async () => {
    const extra = makeWorkspace({ 'data.txt': 'extra\n' }, 'clawdock-extra-');
    try {
      const refused = openSandbox({ 'sandbox.extraMounts': [{ source: extra, target: '/mnt/extra' }] });
      try {
        await assert.rejects(refused.sandbox.up(), /dangerouslyAllowExtraMounts/);
      } finally {
        await refused.cleanup();
      }
      await withSandbox({ 'sandbox.extraMounts': [{ source: extra, target: '/mnt/extra' }], 'sandbox.dangerouslyAllowExtraMounts': true }, async (f) => {
        const r = await f.sh('cat /mnt/extra/data.txt; echo x > /mnt/extra/new.txt && echo WROTE');
        assert.equal(r.stdout, 'extra\n');
        assert.notEqual(r.exitCode, 0);
      });
    } finally {
      rmSync(extra, { recursive: true, force: true });
    }
  });
});
