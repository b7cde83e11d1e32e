// What the engine behind the API is, asked of the engine itself (`/version`,
// `/info`), never guessed from the socket's path: a Podman socket may sit at
// /var/run/docker.sock and a Docker one anywhere. The plan and the engine
// adapter read the answer to give each engine what it needs for the same
// contract (issue 17).
import { readFileSync } from 'node:fs';

/** The engines Clawdock knows apart; anything else that speaks Docker's API is treated as Docker. */
export type EngineKind = 'docker' | 'podman';

/** One resource limit in Docker-API form. */
export interface EngineUlimit {
  readonly Name: string;
  readonly Soft: number;
  readonly Hard: number;
}

/** What the sandbox needs to know of its engine to build the same hardened container on it. */
export interface EngineProfile {
  readonly kind: EngineKind;
  /** The engine's own version (Docker 20.10.24, Podman 4.3.1 …). */
  readonly version: string;
  /** The engine runs without root (rootless Docker or rootless Podman). */
  readonly rootless: boolean;
  /**
   * Podman only: the open-files and process limits to ask for. Left alone,
   * Podman asks the kernel for 1048576 of each, which an engine without
   * CAP_SYS_RESOURCE cannot grant ("error setting rlimit type 7"); Docker
   * passes its own limits on. These are the caller's own hard limits, capped
   * at Podman's default (and processes at the kernel's pid_max, past which
   * the limit means nothing), so a container never gets more than its user has.
   */
  readonly ulimits: readonly EngineUlimit[];
  /**
   * Podman only: the seccomp profile file the container gets (Podman's own
   * default with new namespaces, the keyring and mounts taken back; see
   * podman-seccomp.ts). Absent when it could not be written where the engine
   * reads it (an engine on another machine): then no container is made.
   */
  readonly seccompProfile?: string;
  /**
   * The cgroup controllers the sandbox's limits need (memory, pids, cpu) that
   * this engine cannot use for its containers: as Docker's `/info` says, or
   * Podman's own. Rootless Podman (or Docker) on cgroup v1 has none and
   * ignores every limit; then no container is made (a sandbox without its
   * limits is not the one promised).
   */
  readonly missingLimitControllers?: readonly string[];
}

/** The cgroup controllers the sandbox's memory, process and CPU limits are enforced by. */
export const LIMIT_CONTROLLERS: readonly string[] = ['memory', 'pids', 'cpu'];

/** The profile assumed before the engine answered, and for engines that do not say what they are. */
export const DOCKER_PROFILE: EngineProfile = { kind: 'docker', version: 'unknown', rootless: false, ulimits: [] };

/** The parts of the engine's `/version` answer read here. */
export interface VersionDoc {
  readonly Version?: string;
  readonly Platform?: { readonly Name?: string } | null;
  readonly Components?: ReadonlyArray<{ readonly Name?: string; readonly Version?: string }> | null;
}

/** The parts of the engine's `/info` answer read here. */
export interface InfoDoc {
  readonly ServerVersion?: string;
  readonly SecurityOptions?: readonly string[] | null;
  /** Podman only, from its own `/libpod/info` (host.security.rootless): its Docker-compatible `/info` does not say. */
  readonly podmanRootless?: boolean;
  /** Podman only, from `/libpod/info` (host.cgroupControllers): the controllers its containers can be limited by. */
  readonly podmanCgroupControllers?: readonly string[];
  /** Docker's account of what it can limit (false on rootless Docker without cgroup controllers); Podman's compat answer always says true. */
  readonly MemoryLimit?: boolean;
  readonly PidsLimit?: boolean;
  readonly CpuCfsQuota?: boolean;
}

/** Podman's own default for both limits (define.RLimitDefaultValue). */
const PODMAN_DEFAULT_LIMIT = 1_048_576;

/** Which engine answered: Podman names itself in `/version` (Components "Podman Engine"); Docker does not. */
export function engineKindOf(version: VersionDoc): EngineKind {
  const names = [version.Platform?.Name ?? '', ...(version.Components ?? []).map((c) => c.Name ?? '')];
  return names.some((n) => /\bpodman\b/i.test(n)) ? 'podman' : 'docker';
}

/** The profile of an engine from its `/version` and `/info` answers. */
export function profileOf(version: VersionDoc, info: InfoDoc, hostLimits: HostLimits | null = readHostLimits()): EngineProfile {
  const kind = engineKindOf(version);
  const component = (version.Components ?? []).find((c) => /engine/i.test(c.Name ?? ''));
  const rootless = info.podmanRootless === true || (info.SecurityOptions ?? []).some((o) => /(^|,)name=rootless(,|$)/.test(o));
  const ulimits: EngineUlimit[] = [];
  if (kind === 'podman' && hostLimits) {
    for (const [name, hard] of [['nofile', hostLimits.openFiles], ['nproc', hostLimits.processes]] as const) {
      if (hard === undefined) continue;
      const limit = Math.min(hard, PODMAN_DEFAULT_LIMIT);
      ulimits.push({ Name: name, Soft: limit, Hard: limit });
    }
  }
  const controllers = kind === 'podman' ? info.podmanCgroupControllers : undefined;
  const unsupported = new Set([...(info.MemoryLimit === false ? ['memory'] : []), ...(info.PidsLimit === false ? ['pids'] : []), ...(info.CpuCfsQuota === false ? ['cpu'] : [])]);
  const missing = LIMIT_CONTROLLERS.filter((c) => unsupported.has(c) || (controllers !== undefined && !controllers.includes(c)));
  return { kind, version: String(component?.Version ?? version.Version ?? info.ServerVersion ?? 'unknown'), rootless, ulimits, ...(missing.length > 0 ? { missingLimitControllers: missing } : {}) };
}

/** This process's hard limits (undefined: unlimited or unknown). */
export interface HostLimits {
  readonly openFiles?: number;
  readonly processes?: number;
}

/** Reads this process's hard limits from /proc (Linux), processes capped at the kernel's pid_max; null elsewhere. */
export function readHostLimits(limitsPath = '/proc/self/limits', pidMaxPath = '/proc/sys/kernel/pid_max'): HostLimits | null {
  let text: string;
  try {
    text = readFileSync(limitsPath, 'utf8');
  } catch {
    return null;
  }
  const positive = (raw: string | undefined): number | undefined => {
    const n = Number(raw);
    return raw !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
  };
  const hard = (label: string) => positive(new RegExp(`^${label}\\s+\\S+\\s+(\\S+)`, 'm').exec(text)?.[1]);
  let pidMax: number | undefined;
  try {
    pidMax = positive(readFileSync(pidMaxPath, 'utf8').trim());
  } catch {
    pidMax = undefined;
  }
  const processes = hard('Max processes');
  const capped = processes === undefined ? pidMax : pidMax === undefined ? processes : Math.min(processes, pidMax);
  return { openFiles: hard('Max open files'), ...(capped === undefined ? {} : { processes: capped }) };
}

/** One line for `sandbox status`: which engine, and what it adds. */
export function describeProfile(profile: EngineProfile): string {
  const name = profile.kind === 'podman' ? 'Podman' : 'Docker';
  const extras = [profile.rootless ? 'rootless' : 'rootful'];
  if (profile.kind === 'podman' && profile.rootless) extras.push('user namespace keep-id (the workspace owner is itself inside)');
  return `${name} ${profile.version} (${extras.join('; ')})`;
}
