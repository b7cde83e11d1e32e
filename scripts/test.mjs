// Runs the test suites with Node's own test runner.
//   npm test            unit tests (beside the code) and the real-engine suites under test/
//   npm test -- --unit  unit tests only
// The real-engine suites refuse to be skipped when CI=true.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

async function find(dir, out = []) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) await find(p, out);
    else if (entry.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const unitOnly = process.argv.includes('--unit');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
let files = only.length > 0 ? only : await find('src');
if (!unitOnly && only.length === 0) {
  const suites = (await find('test')).filter((f) => !f.startsWith(join('test', 'e2e')) || process.env.CLAWDOCK_E2E !== '0');
  files = files.concat(suites);
}
files.sort();
const args = ['--import', 'tsx', '--test', '--test-concurrency=1', ...files];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 1));
