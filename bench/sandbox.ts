import { spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, Redactor, verifyWorkspace } from '../src/audit';
import { configFromObject } from '../src/core/config/config-source';
import { auditedExec, createEngine, readSandboxSettings, Sandbox, type ContainerEngine, type SandboxSettings } from '../src/sandbox';
import { ensureImage } from '../src/sandbox/image';
import type { BenchFigure } from './stats';
import { median, timeRuns } from './stats';

function hostSpawn(argv: readonly string[] = ['true']): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
}

/** Times `fns` in interleaved rounds (each runs once a round), so load from neighbours slows all of them alike. */
async function interleaved(rounds: number, warmup: number, fns: readonly (() => Promise<unknown>)[]): Promise<number[][]> {
  const times = fns.map(() => [] as number[]);
  for (let r = 0; r < warmup + rounds; r++) {
    for (const [i, fn] of fns.entries()) {
      const t = performance.now();
      await fn();
      if (r >= warmup) times[i]!.push(performance.now() - t);
    }
  }
  return times;
}

/** Where .ci/podman.sh starts Podman's Docker-compatible API. */
const PODMAN_SOCKET = 'unix:///run/podman/podman.sock';

/**
 * Sandbox figures: warm round trip of our exec and of the audited exec users get
 * (`sandbox exec --json-lines`, the agent's run_command) against the engine's
 * exec API and a host spawn, cold start, output throughput — on the engine
 * the settings name (Docker here), then the same on Podman when it answers
 * (issue 17), each ratio against that engine's own baseline.
 */
export async function benchSandbox(log: (line: string) => void): Promise<BenchFigure[]> {
  const settings = readSandboxSettings(configFromObject({ 'sandbox.outputCapBytes': 16 * 1024 * 1024 }));
  const engine = createEngine(settings);
  const first = await engine.profile();
  const figures = await benchEngine(engine, settings, first.kind === 'podman' ? 'Podman: ' : '', 300, log);
  if (first.kind === 'podman') return figures;
  const podman = createEngine({ dockerHost: PODMAN_SOCKET });
  const kind = await podman.profile().then((p) => p.kind, () => null);
  if (kind !== 'podman') {
    log(`  Podman: not measured (no Podman answers at ${PODMAN_SOCKET}; \`bash .ci/podman.sh\` starts it)`);
    return figures;
  }
  // Fewer rounds: the medians settle well before 100, and the bench stays short.
  return [...figures, ...(await benchEngine(podman, settings, 'Podman: ', 100, log))];
}

async function benchEngine(engine: ContainerEngine, settings: SandboxSettings, prefix: string, rounds: number, log: (line: string) => void): Promise<BenchFigure[]> {
  const workspace = mkdtempSync(join(tmpdir(), 'clawdock-bench-'));
  chownSync(workspace, 1000, 1000);
  const sandbox = new Sandbox({ workspace, settings, engine });
  const figures: BenchFigure[] = [];
  try {
    const image = await ensureImage(engine, '', (p) => log(`  ${prefix}image: ${p.message}`));
    await sandbox.down();

    // Cold start: no container → first command done, against a bare create + start of the same image.
    const cold: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sandbox.down();
      let t = performance.now();
      await sandbox.exec({ argv: ['true'] });
      cold.push(performance.now() - t);
      t = performance.now();
      // Network `none` like ours, so the baseline does not pay for a bridge setup we skip; on Podman the
      // limits it can grant (see EngineProfile.ulimits), without which no container starts on some hosts.
      const ulimits = (await engine.profile()).ulimits;
      const id = await engine.createContainer({ Image: image.id, Cmd: ['sleep', 'infinity'], name: `clawdock-bench-bare-${process.pid}-${i}`, HostConfig: { NetworkMode: 'none', ...(ulimits.length > 0 ? { Ulimits: ulimits } : {}) } });
      try {
        await engine.startContainer(id);
        bare.push(performance.now() - t);
      } finally {
        await engine.removeContainer(id);
      }
    }
    const info = await engine.inspectContainer(sandbox.workspace.containerName);
    if (!info) throw new Error('the sandbox container is missing after the cold runs');

    // The audited path: exec-start redacted, chained and fsynced before the command runs,
    // the end line group-committed (src/sandbox/audited-exec.ts), into a log on this disk.
    const auditRoot = mkdtempSync(join(tmpdir(), 'clawdock-bench-audit-'));
    const redactor = new Redactor();
    const auditLog = await AuditLog.open({ root: auditRoot, workspaceKey: 'bench', redactor });
    const caller = { profile: 'owner', surface: 'cli', id: 'owner' } as const;
    let audited: number[];
    let ours: number[];
    let host: number[];
    let verified: Awaited<ReturnType<typeof verifyWorkspace>>;
    try {
      [ours, audited, host] = (await interleaved(rounds, 20, [
        () => sandbox.exec({ argv: ['true'] }),
        () => auditedExec(sandbox, { log: auditLog, redactor }, { argv: ['true'] }, { caller }),
        () => hostSpawn(),
      ])) as [number[], number[], number[]];
      await auditLog.close();
      verified = await verifyWorkspace(auditLog.dir);
    } finally {
      await auditLog.close();
      rmSync(auditRoot, { recursive: true, force: true });
    }
    if (!verified.ok || verified.lines !== 2 * (rounds + 20)) throw new Error(`the audited runs left ${verified.lines} verified lines, expected ${2 * (rounds + 20)}`);
    const api = await timeRuns(40, 3, async () => {
      const p = await engine.exec(info.id, { argv: ['true'] });
      await p.wait();
    });

    // A command that runs a while is answered when it ends, not at the executor's next look (it used to poll
    // with growing sleeps: 30 ms took about 66 there).
    const SLEEP = ['sleep', '0.03'];
    const [sleepOurs, sleepHost] = (await interleaved(10, 2, [() => sandbox.exec({ argv: SLEEP }), () => hostSpawn(SLEEP)])) as [number[], number[]];

    const bytes = 10_000_000;
    const through = await timeRuns(5, 1, async () => {
      const r = await sandbox.exec({ argv: ['head', '-c', String(bytes), '/dev/zero'] });
      if (r.stdout.length !== bytes) throw new Error(`expected ${bytes} bytes, got ${r.stdout.length}`);
    });

    const warm = median(ours);
    const auditedMs = median(audited);
    const apiMs = median(api);
    const hostMs = median(host);
    const coldMs = median(cold);
    const bareMs = median(bare);
    figures.push(...[
      { name: 'warm `true` through our exec (median)', value: warm, unit: 'ms' },
      { name: 'warm `true` through auditedExec (median)', value: auditedMs, unit: 'ms' },
      { name: 'warm `true` through the engine exec API (median)', value: apiMs, unit: 'ms' },
      { name: 'host spawn of `true` (median)', value: hostMs, unit: 'ms' },
      { name: 'our exec / engine exec API', value: warm / apiMs, unit: 'ratio', goal: '≤ 0.10', met: warm / apiMs <= 0.1 },
      { name: 'our exec / host spawn', value: warm / hostMs, unit: 'ratio', goal: '≤ 3', met: warm / hostMs <= 3 },
      { name: 'auditedExec / engine exec API', value: auditedMs / apiMs, unit: 'ratio', goal: '≤ 0.05', met: auditedMs / apiMs <= 0.05 },
      { name: 'auditedExec / host spawn', value: auditedMs / hostMs, unit: 'ratio', goal: '≤ 3', met: auditedMs / hostMs <= 3 },
      { name: 'auditedExec − our exec (the audit\'s cost, median)', value: auditedMs - warm, unit: 'ms' },
      { name: 'cold start to first command done (median of 3)', value: coldMs, unit: 'ms' },
      { name: 'bare createContainer + start (median of 3)', value: bareMs, unit: 'ms' },
      { name: 'cold start / bare create+start', value: coldMs / bareMs, unit: 'ratio', goal: '≤ 1.15', met: coldMs / bareMs <= 1.15 },
      { name: '`sleep 0.03` through our exec / host spawn', value: median(sleepOurs) / median(sleepHost), unit: 'ratio', goal: '≤ 1.2', met: median(sleepOurs) / median(sleepHost) <= 1.2 },
      { name: '10 MB output throughput', value: bytes / 1e6 / (median(through) / 1000), unit: 'MB/s' },
    ].map((f): BenchFigure => ({ ...f, name: `${prefix}${f.name}` } as BenchFigure)));
  } finally {
    await sandbox.down().catch(() => undefined);
    sandbox.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
  return figures;
}
