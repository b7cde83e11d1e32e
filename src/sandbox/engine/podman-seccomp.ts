// Podman's default seccomp profile lets a container make new user namespaces
// (`unshare -r` works: it keeps nested rootless containers possible), and with
// them mount, netfilter and keyring code a process without capabilities
// never reaches otherwise. Docker's default profile refuses them without
// CAP_SYS_ADMIN, and the sandbox contract is Docker's. So on Podman the
// container gets Podman's own profile with those calls taken back. Podman
// reads a profile only from a file on its own disk (`seccomp=PATH`; the JSON
// itself is taken for a file name), so the file is written where the engine,
// on this machine, reads it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from '../../core/errors';

/** Where Podman's own default profile lives (containers-common); /etc overrides /usr/share. */
export const PODMAN_SECCOMP_SOURCES = ['/etc/containers/seccomp.json', '/usr/share/containers/seccomp.json'] as const;

interface SeccompRule {
  names?: string[];
  name?: string;
  action: string;
  args?: unknown[] | null;
  includes?: Record<string, unknown>;
  excludes?: Record<string, unknown>;
  errnoRet?: number;
  comment?: string;
}

/** The parts of an OCI seccomp profile read or changed here. */
export interface SeccompProfile {
  defaultAction: string;
  syscalls: SeccompRule[];
  [key: string]: unknown;
}

const EPERM = 1;
const ENOSYS = 38;
// CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET: Docker's mask.
const CLONE_NAMESPACE_FLAGS = 0x7e020000;

/** Calls taken back from an unconditional allow: new namespaces, the kernel keyring, mounts. */
const REFUSED = ['unshare', 'keyctl', 'add_key', 'request_key', 'mount', 'umount', 'umount2', 'pivot_root', 'fsopen', 'fsmount', 'fsconfig', 'fspick', 'open_tree', 'move_mount', 'mount_setattr'];
const TAKEN_BACK = new Set([...REFUSED, 'clone', 'clone3']);

// An allow that a capability grants (the sandbox holds none unless loosened, as on Docker) may stay.
const grantedByCapability = (rule: SeccompRule) => Array.isArray((rule.includes as { caps?: unknown } | undefined)?.caps);

/**
 * The profile with new namespaces, the keyring and mounts refused, as Docker's
 * default refuses them to a container without CAP_SYS_ADMIN: `clone` only
 * without namespace flags, `clone3` answered ENOSYS (its flags cannot be
 * filtered; libc then falls back to `clone`), the rest EPERM.
 */
export function hardenSeccompProfile(base: SeccompProfile): SeccompProfile {
  const syscalls: SeccompRule[] = [];
  for (const rule of base.syscalls) {
    const names = rule.names ?? (rule.name ? [rule.name] : []);
    const kept = rule.action === 'SCMP_ACT_ALLOW' && !grantedByCapability(rule) ? names.filter((n) => !TAKEN_BACK.has(n)) : names;
    if (kept.length > 0) syscalls.push({ ...rule, names: kept });
  }
  syscalls.push(
    { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }], excludes: { arches: ['s390', 's390x'] }, comment: 'clawdock: no new namespaces' },
    { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 1, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }], includes: { arches: ['s390', 's390x'] }, comment: 'clawdock: no new namespaces (s390 passes flags second)' },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, comment: 'clawdock: clone3 flags cannot be filtered; libc falls back to clone' },
    { names: REFUSED, action: 'SCMP_ACT_ERRNO', errnoRet: EPERM, comment: 'clawdock: no new namespaces, keyring or mounts (as Docker\'s default without CAP_SYS_ADMIN)' },
  );
  return { ...base, syscalls };
}

/**
 * Writes the hardened profile for the Podman on this machine under `stateDir`
 * (named by its content, so an updated Podman profile gives a new file and a
 * new container) and returns its path.
 */
export function preparePodmanSeccomp(stateDir: string, sources: readonly string[] = PODMAN_SECCOMP_SOURCES): string {
  let text: string | undefined;
  let source = '';
  for (const candidate of sources) {
    try {
      text = readFileSync(candidate, 'utf8');
      source = candidate;
      break;
    } catch {
      continue;
    }
  }
  if (text === undefined) {
    throw new SandboxError(`Podman's default seccomp profile is not on this machine (looked in ${sources.join(', ')}); Clawdock adds its own rules to it`, {
      hint: 'install the package that ships it (Debian and Ubuntu: `golang-github-containers-common`; Fedora: `containers-common`), or use Docker',
    });
  }
  let base: SeccompProfile;
  try {
    base = JSON.parse(text) as SeccompProfile;
    if (!Array.isArray(base.syscalls) || typeof base.defaultAction !== 'string') throw new Error('no syscalls or defaultAction');
  } catch (err) {
    throw new SandboxError(`Podman's seccomp profile at ${source} could not be read: ${(err as Error).message}`);
  }
  const hardened = `${JSON.stringify(hardenSeccompProfile(base), null, 1)}\n`;
  const path = join(stateDir, `podman-seccomp-${createHash('sha256').update(hardened).digest('hex').slice(0, 12)}.json`);
  mkdirSync(stateDir, { recursive: true, mode: 0o755 });
  // Written whole and renamed, so a concurrent create never reads half a profile.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, hardened, { mode: 0o644 });
  renameSync(tmp, path);
  return path;
}
