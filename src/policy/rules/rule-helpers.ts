import type { RuleSpec } from './rule';
import type { Verdict } from '../verdict';

/** Writes a RegExp as a pattern token (`/source/flags`), so built-in rules keep real regex literals. */
export function re(regex: RegExp): string {
  return `/${regex.source}/${regex.flags}`;
}

/** A built-in rule with its examples. */
export function rule(
  id: string,
  decision: Verdict,
  pattern: readonly string[],
  reason: string,
  extra: Omit<RuleSpec, 'id' | 'decision' | 'pattern' | 'reason'> = {},
): RuleSpec {
  return { id, decision, pattern, reason, ...extra };
}

/** A short flag cluster or long option that makes a command recursive (`-r`, `-Rf`, `-fr`, `--recursive`). */
export const RECURSIVE = re(/^(-[a-zA-Z]*[rR][a-zA-Z]*|--recursive)$/);

/** The system folders whose recursive deletion or permission change is denied. */
export const SYSTEM_DIRS: readonly string[] = ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'usr', 'var'];

/** The filesystem root, home, or a system directory (`/`, `/*`, `/..`, `~`, `/usr`, `/etc/*` …). */
export const ROOTISH = re(new RegExp(`^(\\/+\\.{0,2}\\/*\\*?|~\\/*\\*?|\\/+(${SYSTEM_DIRS.join('|')})\\/*\\*?)$`));

/** A block device or raw memory. */
export const DEVICE = re(/^(of=)?\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|mapper\/|md\d|dm-|loop|mem$|kmem$|port$)/);
