// The one preflight of `npm start` and `npm test`: what they install before
// they run, so the README's two commands work on a fresh machine — the npm
// dependencies, the Debian packages either command needs, and (as root on a
// Debian-like machine) a Docker engine with its offline base image.
//
//   node scripts/preflight.mjs              packages and engine (.ci/run uses this)
//   node scripts/preflight.mjs --packages   the Debian packages only
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every Debian package `npm start` or `npm test` needs, and why. One list for
 * both: `npm start` on a fresh machine must not depend on `npm test` having
 * run first (issue 11). `bin` is checked where dpkg is absent.
 */
export const SYSTEM_PACKAGES = [
  { name: 'ripgrep', bin: '/usr/bin/rg', why: "code-server's search (its npm postinstall would download rg from GitHub)" },
  { name: 'build-essential', why: "a C/C++ toolchain to rebuild code-server's native modules offline" },
  { name: 'python3', why: 'node-gyp, for those rebuilds' },
  { name: 'pkg-config', why: 'node-gyp, for those rebuilds' },
  { name: 'libkrb5-dev', why: "headers for code-server's kerberos module" },
  { name: 'libsecret-1-dev', why: "headers for code-server's keytar module" },
  { name: 'chromium', bin: '/usr/bin/chromium', why: 'the e2e suite drives VS Code in headless Chromium' },
  { name: 'fonts-liberation', why: 'fonts for the e2e suite\'s pages and screenshots' },
  { name: 'python3-pyflakes', why: 'lints the sandbox\'s resident executor (src/sandbox/exec/executor.py) in the unit tests' },
];

const say = (line) => process.stderr.write(`[clawdock] ${line}\n`);

/** True when we may install system software: root, apt-get present, not switched off. */
function mayInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && existsSync('/usr/bin/apt-get') && process.env.CLAWDOCK_NO_SETUP !== '1';
}

/** Runs `npm ci` when the dependencies are not installed yet; false when it failed. */
export function ensureDependencies() {
  if (existsSync('node_modules/.bin/tsx')) return true;
  say('installing dependencies (npm ci)');
  return spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status === 0;
}

/** The names in `packages` that are not installed (by dpkg, or by their binary where there is no dpkg). */
export function missingPackages(packages = SYSTEM_PACKAGES) {
  const names = packages.map((p) => p.name);
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...names], { encoding: 'utf8' });
  if (r.error) return packages.filter((p) => p.bin && !existsSync(p.bin)).map((p) => p.name);
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((line) => line.endsWith(' install ok installed'))
      .map((line) => line.split(' ')[0]),
  );
  return names.filter((name) => !installed.has(name));
}

/**
 * Installs the missing SYSTEM_PACKAGES when we may (root, apt-get); otherwise
 * says in one line which are missing and how to get them. True when none is missing.
 */
export function ensureSystemPackages(packages = SYSTEM_PACKAGES) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return true;
  if (!mayInstall()) {
    say(`missing Debian packages: ${missing.join(' ')} — install them with \`sudo apt-get install -y ${missing.join(' ')}\` (npm start and npm test need them)`);
    return false;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(`installing ${missing.join(' ')} (apt-get; set CLAWDOCK_NO_SETUP=1 to skip)`);
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
  const still = missingPackages(packages);
  if (!install || install.status !== 0 || still.length > 0) {
    say(`apt-get could not install ${still.join(' ') || missing.join(' ')}; install them by hand`);
    return false;
  }
  return true;
}

/** True when `docker info` answers within 15 s. */
export function engineAnswers() {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 15000 }).status === 0;
}

/** Starts (installing when needed) a Docker engine when none answers and we may. */
export function ensureEngine() {
  if (engineAnswers()) return true;
  if (!mayInstall()) return false;
  say('running .ci/engine.sh (set CLAWDOCK_NO_SETUP=1 to skip)');
  return spawnSync('bash', ['.ci/engine.sh'], { stdio: 'inherit' }).status === 0 && engineAnswers();
}

/**
 * Everything both commands need, in order; each step says what is missing. `engine:
 * false` skips the engine (unit tests only). Returns what is ready.
 */
export function preflight({ engine = true, dependencies = true } = {}) {
  const ready = {
    dependencies: dependencies ? ensureDependencies() : true,
    packages: ensureSystemPackages(),
    engine: engine ? ensureEngine() : true,
  };
  return ready;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const packagesOnly = process.argv.includes('--packages');
  const ok = packagesOnly ? ensureSystemPackages() : Object.values(preflight({ dependencies: false })).every(Boolean);
  process.exit(ok ? 0 : 1);
}
