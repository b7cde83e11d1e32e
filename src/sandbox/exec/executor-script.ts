// The resident executor's source (executor.py beside this file, a real Python
// file that is linted and tested on its own): read once, sent to the container
// as `python3 -c SOURCE`. The bundle carries it as dist/executor.py.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from '../../core/errors';

/** Where executor.py is: beside this module when run from source, beside the bundle in dist/. */
export function findExecutorScript(candidates: readonly string[] = [join(__dirname, 'executor.py'), join(__dirname, 'sandbox', 'exec', 'executor.py')]): string {
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new SandboxError(`the sandbox executor is missing (looked in ${candidates.join(', ')})`, { hint: 'reinstall Clawdock, or rebuild it with `npm run build`' });
  return found;
}

let cached: string | undefined;

/** The executor's Python source. */
export function executorScript(): string {
  cached ??= readFileSync(findExecutorScript(), 'utf8');
  return cached;
}
