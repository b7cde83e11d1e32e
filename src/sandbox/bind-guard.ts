import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../core/errors';

/** Host folders that are never mounted, nor any folder inside them. */
const BLOCKED_TREES = ['/etc', '/proc', '/sys', '/dev', '/boot', '/run', '/var/run', '/var/lib/docker', '/var/lib/containers'];
/** Home-relative folders and files holding credentials or host configuration. */
const BLOCKED_HOME_ENTRIES = ['.ssh', '.aws', '.config', '.docker', '.gnupg', '.kube', '.azure', '.gcloud', '.local/share/keyrings', '.npmrc', '.netrc', '.git-credentials', '.pgpass', '.password-store'];
/** Sockets that hand out control of the host, wherever they live. */
const SOCKET_NAMES = ['docker.sock', 'podman.sock', 'containerd.sock', 'crio.sock'];

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** realpath of the longest existing prefix, with the rest appended: symlinked parents are resolved even for a path that does not exist yet. */
export function resolveExisting(path: string): string {
  let current = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(current), ...rest.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return join(current, ...rest.reverse());
      rest.push(basename(current));
      current = parent;
    }
  }
}

/** Why a host path may not be a bind source, or null when it may. */
export function blockedReason(source: string, home: string = homedir()): string | null {
  const real = resolveExisting(source);
  if (real === '/') return 'it is the host root';
  for (const tree of BLOCKED_TREES) {
    if (isInside(real, tree)) return `it is inside ${tree}`;
  }
  if (SOCKET_NAMES.includes(basename(real)) || real.endsWith('.sock')) return 'it is a control socket';
  const realHome = resolveExisting(home);
  if (real === realHome) return 'it is your home folder, which holds credentials';
  for (const entry of BLOCKED_HOME_ENTRIES) {
    const sensitive = join(realHome, entry);
    if (isInside(real, sensitive)) return `it is inside ~/${entry}`;
    if (isInside(sensitive, real)) return `it contains ~/${entry}`;
  }
  for (const tree of ['/var', '/usr', '/home', '/srv', '/opt', '/var/lib']) {
    if (real === tree) return `it is the system folder ${tree}`;
  }
  return null;
}

/** Throws a ConfigError naming the setting when a bind source is blocked. */
export function assertBindSourceAllowed(source: string, setting: string, home?: string): string {
  const reason = blockedReason(source, home);
  if (reason) {
    throw new ConfigError(setting, `refusing to mount ${source} into the sandbox: ${reason}`, 'open a project folder instead, or remove the mount');
  }
  return resolveExisting(source);
}
