import { spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, Redactor, verifyWorkspace } from '../src/audit';
import { configFromObject } from '../src/core/config/config-source';
import { auditedExec, createEngine, readSandboxSettings, Sandbox } from '../src/sandbox';
import { ensureImage } from '../src/sandbox/image';
import type { BenchFigure } from './stats';
import { median, timeRuns } from './stats';

function hostSpawn(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('true', [], { stdio: 'ignore' });
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

/**
 * Sandbox figures: warm round trip of our exec and of the audited exec users get
 * (`sandbox exec --json-lines`, the agent's run_command) against the engine's
 * exec API and a host spawn, cold start, output throughput.
 */
export async function benchSandbox(log: (line: string) => void): Promise<BenchFigure[]> {
  const workspace = mkdtempSync(join(tmpdir(), 'clawdock-bench-'));
  chownSync(workspace, 1000, 1000);
  const settings = readSandboxSettings(configFromObject({ 'sandbox.outputCapBytes': 16 * 1024 * 1024 }));
  const engine = createEngine(settings);
  const sandbox = new Sandbox({ workspace, settings, engine });
  const figures: BenchFigure[] = [];
  try {
    const image = await ensureImage(engine, '', (p) => log(`  image: ${p.message}`));
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
      // Network `none` like ours, so the baseline does not pay for a bridge setup we skip.
      const id = await engine.createContainer({ Image: image.id, Cmd: ['sleep', 'infinity'], name: `clawdock-bench-bare-${process.pid}-${i}`, HostConfig: { NetworkMode: 'none' } });
      await engine.startContainer(id);
      bare.push(performance.now() - t);
      await engine.removeContainer(id);
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
      [ours, audited, host] = (await interleaved(300, 20, [
        () => sandbox.exec({ argv: ['true'] }),
        () => auditedExec(sandbox, { log: auditLog, redactor }, { argv: ['true'] }, { caller }),
        hostSpawn,
      ])) as [number[], number[], number[]];
      await auditLog.close();
      verified = await verifyWorkspace(auditLog.dir);
    } finally {
      await auditLog.close();
      rmSync(auditRoot, { recursive: true, force: true });
    }
    if (!verified.ok || verified.lines !== 2 * 320) throw new Error(`the audited runs left ${verified.lines} verified lines, expected ${2 * 320}`);
    const api = await timeRuns(40, 3, async () => {
      const p = await engine.exec(info.id, { argv: ['true'] });
      await p.wait();
    });

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
    figures.push(
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
      { name: '10 MB output throughput', value: bytes / 1e6 / (median(through) / 1000), unit: 'MB/s' },
    );
  } finally {
    await sandbox.down().catch(() => undefined);
    sandbox.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
  return figures;
}
