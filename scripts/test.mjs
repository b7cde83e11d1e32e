// `npm test`: installs what is missing, then runs every suite with Node's test runner.
//   npm test                 unit tests (beside the code), then the suites under test/
//   npm test -- --unit       unit tests only
//   npm test -- FILE…        only these files
// Suites under test/ need a real Docker engine (and, for test/e2e, Chromium and
// code-server). Before them runs the preflight `npm start` runs too
// (scripts/preflight.mjs): Debian packages, and an engine when none answers and
// we are root on a Debian-like machine; otherwise the real-engine suites say how
// to get one, and fail under CI=true rather than skip.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
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

function run(files, concurrency) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files];
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

if (!ensureDependencies()) process.exit(1);

const argv = process.argv.slice(2);
const only = argv.filter((a) => !a.startsWith('--'));
if (only.length > 0) process.exit(await run(only, 1));

const unit = await find('src');
let code = await run(unit, Math.max(1, availableParallelism()));
if (!argv.includes('--unit')) {
  const suites = await find('test');
  preflight({ dependencies: false, engine: suites.some((f) => !f.startsWith(join('test', 'package'))) });
  // Real-engine and e2e suites share one engine and two cores: one file at a time.
  const suiteCode = await run(suites, 1);
  code = code || suiteCode;
}
process.exit(code);
