// What `npm start` and `npm test` install before they run, so the README's two
// commands work on a fresh machine: the npm dependencies, and (as root on a
// Debian-like machine) a Docker engine with its offline base image.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Runs `npm ci` when the dependencies are not installed yet; false when it failed. */
export function ensureDependencies() {
  if (existsSync('node_modules/.bin/tsx')) return true;
  console.error('clawdock: installing dependencies (npm ci)');
  return spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status === 0;
}

/** True when `docker info` answers within 15 s. */
export function engineAnswers() {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 15000 }).status === 0;
}

/** Runs one of the project's install scripts when we may (root, apt, not switched off). */
export function runSetupScript(script) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get') || process.env.CLAWDOCK_NO_SETUP === '1') return false;
  console.error(`clawdock: running ${script} (set CLAWDOCK_NO_SETUP=1 to skip)`);
  return spawnSync('bash', [script], { stdio: 'inherit' }).status === 0;
}

/** Starts (installing when needed) a Docker engine when none answers and we may. */
export function ensureEngine() {
  if (engineAnswers()) return true;
  return runSetupScript('.ci/engine.sh') && engineAnswers();
}
