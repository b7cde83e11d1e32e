// The same hardened container on Podman's Docker-compatible API. Podman 4.3
// takes the Docker create body but reads a few parts its own way; each rule
// below names what differs and how the contract is kept (checked on Debian's
// Podman 4.3.1, rootful and with its compat socket; SECURITY.md "On Podman").
import { basename } from 'node:path';
import { SandboxError } from '../../core/errors';
import type { EngineProfile } from './engine-profile';

/** Ownership options Docker accepts on a tmpfs and Podman refuses ("unknown mount option uid=1000"). */
const OWNER_OPTION = /(?:^|,)(?:uid|gid)=\d+(?=,|$)/;
const OWNER_OPTIONS = new RegExp(OWNER_OPTION.source, 'g');

/**
 * Where Podman, on a read-only root, mounts writable tmpfs of its own with no
 * size (`--read-only-tmpfs`, always on through the compat API) unless the
 * container mounts something there itself. /tmp and /run are ours already.
 */
const PODMAN_READ_ONLY_TMPFS = ['/tmp', '/var/tmp', '/run'] as const;

/** A tmpfs nothing can write: what the read-only root shows there on Docker. */
const SEALED_TMPFS = 'ro,nosuid,nodev,noexec,size=4096,mode=0555';

/**
 * Rewrites a Docker-API create body so Podman builds the same container:
 * - a tmpfs owned by the workspace owner says `U` (owned by the container's
 *   user, which the plan sets to that same uid:gid) instead of uid=/gid=;
 * - every tmpfs says `notmpcopyup`: Podman otherwise copies what the image
 *   holds at the mount point into it, bringing back the image's home dotfiles;
 * - the writable, unsized tmpfs Podman adds on a read-only root (/var/tmp) is
 *   replaced by a sealed one, so only the plan's size-limited tmpfs are writable;
 * - the health check `CMD /bin/sh -c SCRIPT` is given as `CMD-SHELL SCRIPT`:
 *   Podman 4.3 joins a CMD's arguments and splits them again at spaces, which
 *   would run `/bin/sh -c for`;
 * - the open-files and process limits are given explicitly (see EngineProfile.ulimits);
 * - the seccomp profile is Podman's own with new namespaces, the keyring and
 *   mounts taken back, as Docker's default has them (podman-seccomp.ts);
 * - rootless Podman maps the workspace owner to itself (`keep-id`), so files
 *   the sandbox writes belong to the person who runs it, not to a sub-uid.
 * Anything else passes unchanged; for Docker the body is returned as it is.
 * On any engine whose containers cannot be limited (no memory, pids or cpu
 * cgroup controller), no body is made at all.
 */
export function adaptCreateBody(body: Record<string, unknown>, profile: EngineProfile): Record<string, unknown> {
  if (profile.missingLimitControllers && profile.missingLimitControllers.length > 0) {
    throw new SandboxError(`this ${profile.kind === 'podman' ? 'Podman' : 'engine'} cannot enforce the sandbox's memory, process and CPU limits: its containers get no ${profile.missingLimitControllers.join(', ')} cgroup controller${profile.rootless ? ` (rootless ${profile.kind === 'podman' ? 'Podman' : 'Docker'} on cgroup v1 ignores every limit)` : ''}, so no container is made`, {
      hint: 'use a rootful engine, or a host with cgroup v2 whose controllers are delegated to your user (systemd does this for user sessions)',
    });
  }
  if (profile.kind !== 'podman') return body;
  if (!profile.seccompProfile) {
    throw new SandboxError('this Podman is not on this machine, so it cannot be given the seccomp rules that keep the sandbox from making new user namespaces (Podman reads profiles from its own disk)', {
      hint: 'run Podman on this machine and point `clawdock.sandbox.dockerHost` at its unix socket, or use Docker',
    });
  }
  const host = { ...(body.HostConfig as Record<string, unknown>) };
  host.SecurityOpt = [...((host.SecurityOpt as string[] | undefined) ?? []).filter((o) => !o.startsWith('seccomp=')), `seccomp=${profile.seccompProfile}`];
  const tmpfs: Record<string, string> = {};
  for (const [target, options] of Object.entries((host.Tmpfs as Record<string, string> | undefined) ?? {})) {
    const owned = OWNER_OPTION.test(options);
    const plain = options.replace(OWNER_OPTIONS, '').replace(/^,/, '');
    tmpfs[target] = `${plain}${owned ? ',U' : ''},notmpcopyup`;
  }
  if (host.ReadonlyRootfs === true) {
    for (const target of PODMAN_READ_ONLY_TMPFS) if (!(target in tmpfs)) tmpfs[target] = `${SEALED_TMPFS},notmpcopyup`;
  }
  host.Tmpfs = tmpfs;
  if (profile.ulimits.length > 0) host.Ulimits = profile.ulimits.map((u) => ({ ...u }));
  if (profile.rootless) host.UsernsMode = 'keep-id';
  const check = body.Healthcheck as { Test?: string[] } | undefined;
  const test = check?.Test ?? [];
  const shellForm = test.length === 4 && test[0] === 'CMD' && test[1] === '/bin/sh' && test[2] === '-c';
  return { ...body, ...(shellForm ? { Healthcheck: { ...check, Test: ['CMD-SHELL', test[3]] } } : {}), HostConfig: host };
}

/** The part of the config hash that depends on the engine: nothing for Docker, so its containers keep their hash. */
export function engineHashPart(profile: EngineProfile): { kind: string; rootless: boolean; seccomp: string | null } | undefined {
  return profile.kind === 'docker' ? undefined : { kind: profile.kind, rootless: profile.rootless, seccomp: profile.seccompProfile ? basename(profile.seccompProfile) : null };
}
