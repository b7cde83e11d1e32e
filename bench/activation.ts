// Activation benchmark (issue 11, item 7): what loading and activating
// dist/extension.js costs a window, and whether it contacts the Docker engine.
// A production bundle is built into a temp folder and loaded in fresh Node
// processes against bench/fake-vscode.cjs (the one stand-in: the bench
// measures our code, the e2e suite runs the real VS Code). DOCKER_HOST points
// at a socket this bench listens on, so any engine contact during activation
// and the idle second after it is counted.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure } from './stats';
import { median } from './stats';

const RUNS = 9;
const IDLE_MS = 1_000;

/** Loads and activates the bundle once in a fresh process; prints wall and CPU milliseconds of each. */
const CHILD = `
const { performance } = require('node:perf_hooks');
const cpuMs = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
const c0 = process.cpuUsage();
const t0 = performance.now();
const ext = require(process.env.CLAWDOCK_BENCH_EXTENSION);
const t1 = performance.now();
const c1 = process.cpuUsage();
ext.activate(require('vscode').__makeContext(process.env.CLAWDOCK_BENCH_STORAGE));
const t2 = performance.now();
const times = { loadMs: t1 - t0, activateMs: t2 - t1, loadCpuMs: cpuMs(c0), activateCpuMs: cpuMs(c1) };
setTimeout(() => {
  ext.deactivate();
  process.stdout.write(JSON.stringify(times));
  process.exit(0);
}, ${IDLE_MS});
`;

/** Runs the activation benchmark; `npm run bench activation` prints these rows. */
export async function benchActivation(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'clawdock-bench-activation-'));
  const engineSocket = join(dir, 'engine.sock');
  let contacts = 0;
  const engine = createServer((socket) => {
    contacts++;
    socket.destroy();
  });
  try {
    const built = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', join(dir, 'dist')], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`the production build failed: ${built.stderr}`);
    // `require('vscode')` from the bundle finds the stand-in here.
    mkdirSync(join(dir, 'node_modules', 'vscode'), { recursive: true });
    cpSync(join(__dirname, 'fake-vscode.cjs'), join(dir, 'node_modules', 'vscode', 'index.js'));
    const folder = join(dir, 'workspace');
    mkdirSync(folder);
    await new Promise<void>((resolve) => engine.listen(engineSocket, resolve));

    const load: number[] = [];
    const activate: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const storage = join(dir, `storage-${i}`);
      const r = spawnSync(process.execPath, ['-e', CHILD], {
        cwd: folder,
        encoding: 'utf8',
        env: { ...process.env, DOCKER_HOST: `unix://${engineSocket}`, CLAWDOCK_BENCH_EXTENSION: join(dir, 'dist', 'extension.js'), CLAWDOCK_BENCH_STORAGE: storage, CLAWDOCK_BENCH_FOLDER: folder },
      });
      if (r.status !== 0) throw new Error(`activating the bundle failed: ${r.stderr || r.stdout}`);
      const times = JSON.parse(r.stdout) as { loadMs: number; activateMs: number; loadCpuMs: number; activateCpuMs: number };
      load.push(times.loadMs);
      activate.push(times.activateMs);
      cpu.push(times.loadCpuMs + times.activateCpuMs);
    }
    const total = median(load.map((l, i) => l + activate[i]!));
    const cpuTotal = median(cpu);
    // CPU time as well as wall time: on a machine busy with other work the wall figure measures
    // the neighbours; the CPU time is what activation itself costs, and it carries the goal.
    return [
      { name: 'load dist/extension.js (require, median)', value: median(load), unit: 'ms' },
      { name: 'activate() (median)', value: median(activate), unit: 'ms' },
      { name: 'load + activate, wall (median)', value: total, unit: 'ms' },
      { name: 'load + activate, CPU time (median)', value: cpuTotal, unit: 'ms', goal: '< 50', met: cpuTotal < 50 },
      { name: `engine contacts in activation + ${IDLE_MS / 1000} s idle (all runs)`, value: contacts, unit: 'connections', goal: '0', met: contacts === 0 },
    ];
  } finally {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
