import { canonicalJson, sha256Hex } from '../core/hash';
import { SANDBOX_TRUST_DIR, SANDBOX_TRUST_TMPFS, type SandboxNetworkSpec } from '../egress';
import { DOCKER_PROFILE, type EngineProfile } from './engine/engine-profile';
import { adaptCreateBody, engineHashPart } from './engine/podman-create';
import type { ProtectedMount } from './protected-mounts';
import type { SandboxSettings } from './sandbox-settings';
import type { WorkspaceIdentity } from './workspace-identity';

/** Labels on every container we create; `prune` and `status` find ours by them. */
export const LABELS = {
  managed: 'dev.clawdock.managed',
  workspace: 'dev.clawdock.workspace',
  workspaceHash: 'dev.clawdock.workspace-hash',
  configHash: 'dev.clawdock.config-hash',
  placeholders: 'dev.clawdock.placeholders',
  version: 'dev.clawdock.version',
} as const;

/** Bumped when the shape of the container changes, so old containers are recreated. */
const SPEC_VERSION = '3';
export const SANDBOX_HOME = '/home/sandbox';
/**
 * Where each command's own, fresh home folder is made (and removed when it
 * ends), so no command can leave a dotfile (`~/.bash_profile`, `~/.gitconfig`,
 * `~/.npmrc`, a user site-packages `.pth`) that a later command runs. The
 * folder above it, the passwd home some programs read instead of $HOME, is a
 * root-owned tmpfs the commands cannot write.
 */
export const COMMAND_HOMES = `${SANDBOX_HOME}/homes`;
export { WORKSPACE_MOUNT } from './workspace-path';
import { WORKSPACE_MOUNT } from './workspace-path';

/** Everything needed to create one workspace's container. */
export interface ContainerPlan {
  readonly name: string;
  readonly configHash: string;
  /** The Docker API create body. */
  readonly body: Record<string, unknown>;
}

/** Inputs to the plan, so the hash covers exactly what shapes the container. */
export interface PlanInput {
  readonly workspace: WorkspaceIdentity;
  readonly settings: SandboxSettings;
  readonly imageId: string;
  readonly protectedMounts: readonly ProtectedMount[];
  /** Extra mounts after the bind guard resolved their sources. */
  readonly extraMounts: ReadonlyArray<{ source: string; target: string; readOnly: boolean }>;
  /** `shadow` access: the engine volume that overlays the workspace. */
  readonly shadowVolume?: string;
  /** `allowlist` network: the create-body fields that put the container on its egress network and nowhere else. */
  readonly egressNetwork?: SandboxNetworkSpec;
  /** The engine that will run it (Docker when omitted); Podman reads a few parts of the body its own way. */
  readonly engine?: EngineProfile;
}

/**
 * The container's main process: an idle watchdog. It stops the container after
 * `idle` seconds without work; a process carrying CLAWDOCK_RUN counts as work.
 */
const WATCHDOG = [
  'idle="$1"; hb=/run/clawdock/heartbeat; mkdir -p /run/clawdock; touch "$hb"',
  "trap 'exit 0' TERM INT",
  'while :; do',
  '  sleep 10 & wait $!',
  '  if grep -qsa CLAWDOCK_RUN= /proc/[0-9]*/environ; then touch "$hb"; continue; fi',
  '  [ "$idle" -gt 0 ] || continue',
  '  now=$(date +%s); last=$(stat -c %Y "$hb" 2>/dev/null || echo "$now")',
  '  [ $((now - last)) -ge "$idle" ] && exit 0',
  'done',
].join('\n');

/**
 * The container's health (CIS Docker 5.27): the idle watchdog runs (it is the
 * main process; the container stops with it), and every resident executor
 * that registered itself in /run/clawdock is still alive.
 */
const HEALTH_CHECK = 'for f in /run/clawdock/executor-*; do [ -e "$f" ] || continue; p=${f##*executor-}; kill -0 "$p" 2>/dev/null || { echo "executor $p is gone"; exit 1; }; done; exit 0';

/** The environment every command starts from: nothing of the host's. */
export function baseEnv(): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: SANDBOX_HOME,
    USER: 'sandbox',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    CLAWDOCK: '1',
    // An agent edits and re-runs within the same second; Python's bytecode cache
    // keys on whole-second mtimes and size, so a same-size fix would run stale code.
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

/** Builds the hardened create body and its config hash. Pure: the same input gives the same hash. */
export function planContainer(input: PlanInput): ContainerPlan {
  const { workspace, settings } = input;
  const mb = 1024 * 1024;
  const user = `${workspace.uid}:${workspace.gid}`;
  const workspaceReadOnly = settings.workspaceAccess === 'ro';
  const shadow = settings.workspaceAccess === 'shadow';
  if (shadow && !input.shadowVolume) throw new Error('internal: shadow access needs its volume');
  const mounts: Record<string, unknown>[] = [
    shadow
      // NoCopy: the engine must not seed the volume with the image's /workspace.
      ? { Type: 'volume', Source: input.shadowVolume, Target: WORKSPACE_MOUNT, ReadOnly: false, VolumeOptions: { NoCopy: true } }
      : { Type: 'bind', Source: workspace.realPath, Target: WORKSPACE_MOUNT, ReadOnly: workspaceReadOnly, BindOptions: { Propagation: 'rprivate' } },
  ];
  if (settings.workspaceAccess === 'rw') {
    for (const m of input.protectedMounts) {
      const target = `${WORKSPACE_MOUNT}/${m.path}`;
      mounts.push(
        m.kind === 'placeholder'
          ? { Type: 'tmpfs', Target: target, ReadOnly: true, TmpfsOptions: { SizeBytes: 4096, Mode: 0o555 } }
          : { Type: 'bind', Source: `${workspace.realPath}/${m.path}`, Target: target, ReadOnly: m.kind === 'bind' },
      );
    }
  }
  for (const m of input.extraMounts) mounts.push({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly });

  const tmpfsOpts = (sizeMb: number, mode: string, owned: boolean) =>
    `rw,nosuid,nodev,size=${Math.round(sizeMb * mb)},mode=${mode}${owned ? `,uid=${workspace.uid},gid=${workspace.gid}` : ''}`;
  const securityOpt = settings.noNewPrivileges ? ['no-new-privileges:true'] : [];
  const idleSeconds = Math.round(settings.idleStopMinutes * 60);
  const hashed = {
    version: SPEC_VERSION,
    imageId: input.imageId,
    user,
    workspace: workspace.realPath,
    access: settings.workspaceAccess,
    shadowVolume: input.shadowVolume ?? null,
    protectedMounts: settings.workspaceAccess === 'rw' ? input.protectedMounts : [],
    extraMounts: input.extraMounts,
    memoryMb: settings.memoryMb,
    cpus: settings.cpus,
    pidsLimit: settings.pidsLimit,
    tmpSizeMb: settings.tmpSizeMb,
    homeSizeMb: settings.homeSizeMb,
    idleSeconds,
    network: settings.network,
    egressNetwork: input.egressNetwork?.hostConfig.NetworkMode ?? null,
    // Issue 16: the root-owned tmpfs the sandbox's CA is written to for bound secrets.
    trustDir: settings.network === 'allowlist' ? SANDBOX_TRUST_DIR : null,
    readOnlyRootFs: settings.readOnlyRootFs,
    noNewPrivileges: settings.noNewPrivileges,
    capAdd: settings.capAdd,
    engine: engineHashPart(input.engine ?? DOCKER_PROFILE),
  };
  if (settings.network === 'allowlist' && !input.egressNetwork) throw new Error('internal: an allowlist network needs its egress network');
  const configHash = sha256Hex(canonicalJson(hashed)).slice(0, 16);
  const network = input.egressNetwork?.hostConfig ?? { NetworkMode: settings.network === 'dangerouslyOpen' ? 'bridge' : 'none', Dns: [] };
  const placeholders = input.protectedMounts.filter((m) => m.kind === 'placeholder').map((m) => m.path);

  const body: Record<string, unknown> = {
    name: workspace.containerName,
    Image: input.imageId,
    Cmd: ['/bin/sh', '-c', WATCHDOG, 'clawdock-idle', String(idleSeconds)],
    Entrypoint: [],
    User: user,
    WorkingDir: WORKSPACE_MOUNT,
    Env: Object.entries(baseEnv()).map(([k, v]) => `${k}=${v}`),
    Labels: {
      [LABELS.managed]: 'true',
      [LABELS.workspace]: workspace.realPath,
      [LABELS.workspaceHash]: workspace.hash,
      [LABELS.configHash]: configHash,
      [LABELS.placeholders]: JSON.stringify(settings.workspaceAccess === 'rw' ? placeholders : []),
      [LABELS.version]: SPEC_VERSION,
    },
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    NetworkDisabled: settings.network === 'none',
    ...(input.egressNetwork ? { NetworkingConfig: input.egressNetwork.networkingConfig } : {}),
    StopSignal: 'SIGTERM',
    StopTimeout: 2,
    Healthcheck: { Test: ['CMD', '/bin/sh', '-c', HEALTH_CHECK], Interval: 30e9, Timeout: 5e9, StartPeriod: 5e9, Retries: 3 },
    HostConfig: {
      Init: true,
      ReadonlyRootfs: settings.readOnlyRootFs,
      CapDrop: ['ALL'],
      CapAdd: [...settings.capAdd],
      SecurityOpt: securityOpt,
      ...network,
      PidsLimit: settings.pidsLimit > 0 ? settings.pidsLimit : -1,
      Memory: settings.memoryMb > 0 ? Math.round(settings.memoryMb * mb) : 0,
      // Swap equal to memory: no swap on top, so a memory hog is killed instead of thrashing the host.
      MemorySwap: settings.memoryMb > 0 ? Math.round(settings.memoryMb * mb) : 0,
      NanoCpus: settings.cpus > 0 ? Math.round(settings.cpus * 1e9) : 0,
      Tmpfs: {
        '/tmp': tmpfsOpts(settings.tmpSizeMb, '1777', false),
        '/run': tmpfsOpts(16, '0755', true),
        // Root-owned and tiny: nothing can be planted where passwd says home is.
        [SANDBOX_HOME]: 'rw,nosuid,nodev,noexec,size=65536,mode=0555',
        [COMMAND_HOMES]: tmpfsOpts(settings.homeSizeMb, '0700', true),
        ...(settings.network === 'allowlist' ? { [SANDBOX_TRUST_DIR]: SANDBOX_TRUST_TMPFS } : {}),
      },
      Mounts: mounts,
      IpcMode: 'private',
      Privileged: false,
      RestartPolicy: { Name: 'no' },
      AutoRemove: false,
      Devices: [],
      ExtraHosts: [],
    },
  };
  return { name: workspace.containerName, configHash, body: adaptCreateBody(body, input.engine ?? DOCKER_PROFILE) };
}

/**
 * The argv that runs a shell command line in the sandbox: bash, not as a login
 * shell and reading no startup files, so what runs is exactly the line (plus
 * the fixed base environment). The policy analyses the same line as bash.
 */
export function shellArgv(line: string): string[] {
  return ['bash', '-c', line];
}
