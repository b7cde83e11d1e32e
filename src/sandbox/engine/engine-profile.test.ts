import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerInfo } from './engine';
import { healthOf } from './engine-health';
import { DOCKER_PROFILE, describeProfile, engineKindOf, profileOf, readHostLimits, type EngineProfile } from './engine-profile';
import { adaptCreateBody, engineHashPart } from './podman-create';
import { hardenSeccompProfile, preparePodmanSeccomp } from './podman-seccomp';

// `/version` as Debian's engines answer it (Docker 20.10.24, Podman 4.3.1).
const DOCKER_VERSION = { Version: '20.10.24+dfsg1', Platform: { Name: '' }, Components: [{ Name: 'Engine', Version: '20.10.24+dfsg1' }, { Name: 'containerd', Version: '1.6.20' }] };
const PODMAN_VERSION = { Version: '4.3.1', Platform: { Name: 'linux/amd64/debian-12' }, Components: [{ Name: 'Podman Engine', Version: '4.3.1' }, { Name: 'Conmon', Version: 'conmon version 2.1.6' }] };
const PODMAN: EngineProfile = { kind: 'podman', version: '4.3.1', rootless: false, ulimits: [{ Name: 'nofile', Soft: 20000, Hard: 20000 }], seccompProfile: '/state/engine/podman-seccomp-0123456789ab.json' };

describe('the engine profile', () => {
  it('tells Podman from Docker by what the engine says of itself, not by its address', () => {
    assert.equal(engineKindOf(DOCKER_VERSION), 'docker');
    assert.equal(engineKindOf(PODMAN_VERSION), 'podman');
    assert.equal(engineKindOf({ Platform: { Name: 'Docker Engine - Community' }, Components: [{ Name: 'Engine' }] }), 'docker');
    assert.equal(engineKindOf({}), 'docker');
  });

  it('reads the version, rootlessness and, for Podman only, the limits to ask for', () => {
    const limits = { openFiles: 20000, processes: 32768 };
    assert.deepEqual(profileOf(DOCKER_VERSION, { SecurityOptions: ['name=seccomp,profile=default'] }, limits), { kind: 'docker', version: '20.10.24+dfsg1', rootless: false, ulimits: [] });
    const podman = profileOf(PODMAN_VERSION, { SecurityOptions: ['name=seccomp,profile=default', 'name=rootless'] }, limits);
    assert.equal(podman.version, '4.3.1');
    assert.equal(podman.rootless, true);
    assert.deepEqual(podman.ulimits, [{ Name: 'nofile', Soft: 20000, Hard: 20000 }, { Name: 'nproc', Soft: 32768, Hard: 32768 }]);
    // Never more than Podman's own default.
    // Podman's compat /info never says rootless; its own /libpod/info does (read by the engine into podmanRootless).
    assert.equal(profileOf(PODMAN_VERSION, { SecurityOptions: ['name=seccomp,profile=default'], podmanRootless: true }, limits).rootless, true);
    assert.equal(profileOf(PODMAN_VERSION, { SecurityOptions: ['name=seccomp,profile=default'], podmanRootless: false }, limits).rootless, false);
    assert.deepEqual(profileOf(PODMAN_VERSION, {}, { openFiles: 4_000_000 }).ulimits, [{ Name: 'nofile', Soft: 1_048_576, Hard: 1_048_576 }]);
    assert.match(describeProfile(podman), /^Podman 4\.3\.1 \(rootless; user namespace keep-id/);
    assert.equal(describeProfile(DOCKER_PROFILE), 'Docker unknown (rootful)');
  });

  it('reads this process\'s hard limits, processes capped at pid_max', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdock-limits-'));
    try {
      writeFileSync(join(dir, 'limits'), 'Limit                     Soft Limit           Hard Limit           Units\nMax processes             96369                96369                processes\nMax open files            1024                 20000                files\n');
      writeFileSync(join(dir, 'pid_max'), '32768\n');
      assert.deepEqual(readHostLimits(join(dir, 'limits'), join(dir, 'pid_max')), { openFiles: 20000, processes: 32768 });
      writeFileSync(join(dir, 'limits'), 'Max processes             unlimited            unlimited            processes\nMax open files            1024                 unlimited            files\n');
      assert.deepEqual(readHostLimits(join(dir, 'limits'), join(dir, 'none')), { openFiles: undefined });
      assert.equal(readHostLimits(join(dir, 'missing')), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the create body on Podman', () => {
  const body = {
    User: '1000:1000',
    Healthcheck: { Test: ['CMD', '/bin/sh', '-c', 'for f in /run/x*; do :; done; exit 0'], Interval: 30e9 },
    HostConfig: {
      ReadonlyRootfs: true,
      Tmpfs: {
        '/tmp': 'rw,nosuid,nodev,size=1024,mode=1777',
        '/run': 'rw,nosuid,nodev,size=1024,mode=0755,uid=1000,gid=1000',
        '/home/sandbox': 'rw,nosuid,nodev,noexec,size=65536,mode=0555',
      },
    },
  };

  it('is left exactly as it is for Docker, whose config hash does not change', () => {
    assert.equal(adaptCreateBody(body, DOCKER_PROFILE), body);
    assert.equal(engineHashPart(DOCKER_PROFILE), undefined);
    assert.deepEqual(engineHashPart(PODMAN), { kind: 'podman', rootless: false, seccomp: 'podman-seccomp-0123456789ab.json' });
  });

  it('owns a tmpfs through `U`, copies nothing of the image into any, and seals the /var/tmp Podman would add', () => {
    const host = adaptCreateBody(body, PODMAN).HostConfig as { Tmpfs: Record<string, string>; Ulimits: unknown; UsernsMode?: string };
    assert.deepEqual(host.Tmpfs, {
      '/tmp': 'rw,nosuid,nodev,size=1024,mode=1777,notmpcopyup',
      '/run': 'rw,nosuid,nodev,size=1024,mode=0755,U,notmpcopyup',
      '/home/sandbox': 'rw,nosuid,nodev,noexec,size=65536,mode=0555,notmpcopyup',
      '/var/tmp': 'ro,nosuid,nodev,noexec,size=4096,mode=0555,notmpcopyup',
    });
    assert.deepEqual(host.Ulimits, [{ Name: 'nofile', Soft: 20000, Hard: 20000 }]);
    assert.equal(host.UsernsMode, undefined);
  });

  it('gives the container Clawdock\'s seccomp profile, and refuses to make one when Podman cannot read it', () => {
    const host = adaptCreateBody({ ...body, HostConfig: { ...body.HostConfig, SecurityOpt: ['no-new-privileges:true'] } }, PODMAN).HostConfig as { SecurityOpt: string[] };
    assert.deepEqual(host.SecurityOpt, ['no-new-privileges:true', 'seccomp=/state/engine/podman-seccomp-0123456789ab.json']);
    const { seccompProfile: _, ...remote } = PODMAN;
    assert.throws(() => adaptCreateBody(body, remote), /not on this machine.*dockerHost/);
  });

  it('gives the health check as one shell line, which Podman keeps whole', () => {
    assert.deepEqual((adaptCreateBody(body, PODMAN).Healthcheck as { Test: string[] }).Test, ['CMD-SHELL', 'for f in /run/x*; do :; done; exit 0']);
  });

  it('refuses to make a container on an engine whose containers cannot be limited (rootless Podman or Docker on cgroup v1: no memory, pids or cpu controller)', () => {
    const profile = profileOf(PODMAN_VERSION, { podmanRootless: true, podmanCgroupControllers: [] }, { openFiles: 20000 });
    assert.deepEqual(profile.missingLimitControllers, ['memory', 'pids', 'cpu']);
    assert.throws(() => adaptCreateBody(body, { ...PODMAN, ...profile, seccompProfile: PODMAN.seccompProfile }), /cannot enforce the sandbox's memory, process and CPU limits: its containers get no memory, pids, cpu cgroup controller \(rootless Podman on cgroup v1 ignores every limit\)/);
    const full = profileOf(PODMAN_VERSION, { podmanCgroupControllers: ['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'pids'] }, { openFiles: 20000 });
    assert.equal(full.missingLimitControllers, undefined);
    assert.equal(profileOf(DOCKER_VERSION, { podmanCgroupControllers: [] }, null).missingLimitControllers, undefined, 'only Podman is asked');
    // Docker says so itself (rootless Docker on cgroup v1: no memory or pids limit support).
    const docker = profileOf(DOCKER_VERSION, { SecurityOptions: ['name=rootless'], MemoryLimit: false, PidsLimit: false, CpuCfsQuota: true }, null);
    assert.deepEqual(docker.missingLimitControllers, ['memory', 'pids']);
    assert.throws(() => adaptCreateBody(body, docker), /this engine cannot enforce .* no memory, pids cgroup controller \(rootless Docker on cgroup v1 ignores every limit\)/);
    assert.equal(adaptCreateBody(body, profileOf(DOCKER_VERSION, { MemoryLimit: true, PidsLimit: true, CpuCfsQuota: true }, null)), body);
  });

  it('maps the workspace owner to itself on rootless Podman (keep-id)', () => {
    const host = adaptCreateBody(body, { ...PODMAN, rootless: true }).HostConfig as { UsernsMode?: string };
    assert.equal(host.UsernsMode, 'keep-id');
  });
});

describe('the health status', () => {
  const started = Date.parse('2026-01-01T00:00:00Z');
  const info = (status: string, log: unknown[] | null): ContainerInfo => ({
    id: 'x', name: 'x', running: true, paused: false, status: 'running', imageId: 'i', labels: {}, exitCode: null, oomKilled: false, finishedAt: null, createdAt: null,
    raw: { Config: { Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 30e9, Timeout: 5e9, StartPeriod: 5e9 } }, State: { StartedAt: new Date(started).toISOString(), Health: { Status: status, Log: log } } },
  });

  it('passes on what the engine measured', () => {
    assert.deepEqual(healthOf(info('healthy', [{}]), DOCKER_PROFILE, started + 60_000), { status: 'healthy' });
    assert.deepEqual(healthOf(info('starting', null), PODMAN, started + 10_000), { status: 'starting' });
  });

  it('says a check that never ran was not run, naming why on Podman, rather than "starting" forever', () => {
    const late = healthOf(info('starting', null), PODMAN, started + 120_000);
    assert.equal(late?.status, 'not run');
    assert.match(late?.detail ?? '', /systemd timers/);
    assert.equal(healthOf({ ...info('starting', null), running: false }, PODMAN, started + 120_000), undefined);
  });
});

describe('the seccomp profile on Podman', () => {
  const base = {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      { names: ['read', 'clone', 'clone3', 'unshare', 'keyctl', 'mount', 'write'], action: 'SCMP_ACT_ALLOW', args: [], includes: {}, excludes: {} },
      { names: ['setns', 'bpf'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] }, excludes: {} },
      { names: ['setns', 'bpf'], action: 'SCMP_ACT_ERRNO', errnoRet: 1, includes: {}, excludes: { caps: ['CAP_SYS_ADMIN'] } },
    ],
  };

  it('takes back new namespaces, the keyring and mounts from Podman\'s own profile, and keeps the rest', () => {
    const hardened = hardenSeccompProfile(structuredClone(base));
    const allowed = hardened.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW' && (r.args ?? []).length === 0 && !r.includes?.caps).flatMap((r) => r.names ?? []);
    assert.deepEqual(allowed, ['read', 'write']);
    const clone = hardened.syscalls.filter((r) => r.names?.includes('clone'));
    assert.ok(clone.every((r) => r.action === 'SCMP_ACT_ALLOW' && JSON.stringify(r.args).includes(String(0x7e020000))), 'clone is allowed only without namespace flags');
    assert.equal(hardened.syscalls.find((r) => r.names?.includes('clone3'))?.errnoRet, 38);
    const refused = hardened.syscalls.find((r) => r.names?.includes('unshare'));
    assert.equal(refused?.action, 'SCMP_ACT_ERRNO');
    for (const n of ['keyctl', 'mount']) assert.ok(refused?.names?.includes(n), `${n} is not refused`);
    // What a capability grants stays as it was (the sandbox holds none, as on Docker).
    assert.deepEqual(hardened.syscalls[1], base.syscalls[1]);
  });

  it('is written once per content where Podman reads it, and a missing base profile names its package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdock-seccomp-'));
    try {
      writeFileSync(join(dir, 'seccomp.json'), JSON.stringify(base));
      const path = preparePodmanSeccomp(join(dir, 'state'), [join(dir, 'missing.json'), join(dir, 'seccomp.json')]);
      assert.match(path, /podman-seccomp-[0-9a-f]{12}\.json$/);
      assert.equal(preparePodmanSeccomp(join(dir, 'state'), [join(dir, 'seccomp.json')]), path);
      assert.throws(() => preparePodmanSeccomp(join(dir, 'state'), [join(dir, 'missing.json')]), /golang-github-containers-common/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
