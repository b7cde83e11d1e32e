// `npm test`: installs what is missing, then runs every suite with Node's test runner.
//   npm test                 unit tests (beside the code), then the suites under test/
//   npm test -- --unit       unit tests only
//   npm test -- FILE…        only these files
//   npm test -- --podman FILE…   these files on Podman's socket (bash .ci/podman.sh starts it)
// Suites under test/ need a real Docker engine (and, for test/e2e, Chromium and
// code-server). Before them runs the preflight `npm start` runs too
// (scripts/preflight.mjs): Debian packages, and an engine when none answers and
// we are root on a Debian-like machine; otherwise the real-engine suites say how
// to get one, and fail under CI=true rather than skip.
// The core real-engine sandbox suites then run a second time against Podman's
// Docker-compatible socket (issue 17), when it answers; under CI=true it must.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { availableParallelism } from 'node:os';
import { ensureDependencies, preflight } from './preflight.mjs';

async function find(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) await find(p, out);
    else if (entry.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

function run(files, concurrency, env = process.env) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files];
    const child = spawn(process.execPath, args, { stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

// The engine matrix: every sandbox contract suite again on Podman, not the
// disruptive engine restart (it stops dockerd), the idle stop (two 15 s waits
// that test our watchdog, not the engine), the allowlist network (its proxy
// deploys through dockerode on Docker's bridge driver; see SECURITY.md "On
// Podman"), nor file-escape (the host-side guard: no engine in it).
const PODMAN_SOCKET = '/run/podman/podman.sock';
const PODMAN_ENV = { ...process.env, DOCKER_HOST: `unix://${PODMAN_SOCKET}`, CLAWDOCK_ENGINE_LABEL: 'podman' };
const PODMAN_SUITES = ['hardening', 'containment', 'exec', 'shadow', 'shadow-copy', 'limits', 'lifecycle'].map((n) => join('test', 'sandbox', `${n}.test.ts`));

function podmanAnswers() {
  return new Promise((resolve) => {
    const req = request({ socketPath: PODMAN_SOCKET, path: '/_ping', timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function runOnPodman(files) {
  if (!(await podmanAnswers())) {
    const why = `Podman does not answer at unix://${PODMAN_SOCKET}; \`bash .ci/podman.sh\` installs and starts it`;
    if (process.env.CI === 'true') {
      process.stderr.write(`[clawdock] ${why} (CI=true: the Podman pass may not be skipped)\n`);
      return 1;
    }
    process.stderr.write(`[clawdock] the sandbox suites on Podman are skipped: ${why}\n`);
    return 0;
  }
  process.stderr.write(`[clawdock] the sandbox suites again on Podman (DOCKER_HOST=${PODMAN_ENV.DOCKER_HOST}): ${files.join(' ')}\n`);
  const code = await run(files, 1, PODMAN_ENV);
  process.stderr.write(`[clawdock] end of the Podman pass: ${code === 0 ? 'passed' : 'FAILED on Podman (every failure since its start line is on Podman)'}\n`);
  return code;
}

if (!ensureDependencies()) process.exit(1);

const argv = process.argv.slice(2);
const only = argv.filter((a) => !a.startsWith('--'));
if (argv.includes('--podman')) process.exit(await runOnPodman(only.length > 0 ? only : PODMAN_SUITES));
if (only.length > 0) process.exit(await run(only, 1));

const unit = await find('src');
let code = await run(unit, Math.max(1, availableParallelism()));
if (!argv.includes('--unit')) {
  const suites = await find('test');
  preflight({ dependencies: false, engine: suites.some((f) => !f.startsWith(join('test', 'package'))) });
  // Real-engine and e2e suites share one engine and two cores: one file at a time.
  const suiteCode = await run(suites, 1);
  const podmanCode = await runOnPodman(PODMAN_SUITES);
  code = code || suiteCode || podmanCode;
}
process.exit(code);
