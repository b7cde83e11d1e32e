// The shadow workspace against `rw` (issue 9): cold start and warm exec on
// workspaces of 1k, 10k and 50k files, and finding the change set after a
// command that changed one file — which must grow with the change, not with
// the workspace. Ratios in the same run.
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShadowWorkspace } from '../src/changes';
import { ownerCaller } from '../src/core/caller';
import { configFromObject } from '../src/core/config/config-source';
import { createEngine, readSandboxSettings, Sandbox } from '../src/sandbox';
import { ensureImage } from '../src/sandbox/image';
import type { BenchFigure } from './stats';
import { median, timeRuns } from './stats';

const SIZES = [1_000, 10_000, 50_000];

/** A workspace of `files` small files, 100 to a folder, owned by uid 1000. */
function generate(files: number): string {
  const root = mkdtempSync(join(tmpdir(), `clawdock-bench-shadow-${files}-`));
  for (let d = 0; d < Math.ceil(files / 100); d++) {
    const dir = join(root, `pkg${d}`, 'src');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < 100 && d * 100 + f < files; f++) writeFileSync(join(dir, `file${f}.ts`), `export const v${f} = ${d * 100 + f};\n`);
  }
  const own = (p: string) => {
    chownSync(p, 1000, 1000);
  };
  own(root);
  for (let d = 0; d < Math.ceil(files / 100); d++) {
    own(join(root, `pkg${d}`));
    own(join(root, `pkg${d}`, 'src'));
    for (let f = 0; f < 100 && d * 100 + f < files; f++) own(join(root, `pkg${d}`, 'src', `file${f}.ts`));
  }
  return root;
}

function sandboxFor(workspace: string, access: 'shadow' | 'rw', stateRoot: string): Sandbox {
  const settings = readSandboxSettings(configFromObject({ 'sandbox.workspaceAccess': access }));
  return new Sandbox({ workspace, settings, engine: createEngine(settings), stateRoot: join(stateRoot, 'shadow') });
}

async function coldStart(sandbox: Sandbox, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await sandbox.down({ dropChanges: true });
    const t = performance.now();
    await sandbox.exec({ argv: ['true'] });
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Figures for the shadow workspace. */
export async function benchShadow(log: (line: string) => void): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const engine = createEngine(readSandboxSettings(configFromObject({})));
  await ensureImage(engine, '', (p) => log(`  image: ${p.message}`));
  const detection = new Map<number, number>();
  for (const size of SIZES) {
    log(`  generating a workspace of ${size} files`);
    const workspace = generate(size);
    const stateRoot = mkdtempSync(join(tmpdir(), 'clawdock-bench-state-'));
    const rw = sandboxFor(workspace, 'rw', stateRoot);
    const shadow = sandboxFor(workspace, 'shadow', stateRoot);
    try {
      // The two share the workspace's container name: one at a time.
      const rwCold = await coldStart(rw, 3);
      const rwWarm = median(await timeRuns(200, 20, () => rw.exec({ argv: ['true'] })));
      await rw.down();
      const shadowCold = await coldStart(shadow, 3);
      const shadowWarm = median(await timeRuns(200, 20, () => shadow.exec({ argv: ['true'] })));

      // One command changes one file; the change set is found after it.
      const changes = new ShadowWorkspace({ sandbox: shadow, stateRoot, caller: ownerCaller('cli') });
      const found: number[] = [];
      for (let i = 0; i < 15; i++) {
        await shadow.exec({ argv: ['sh', '-c', `echo "// ${i}" >> pkg0/src/file${i % 10}.ts`] });
        const t = performance.now();
        const set = await changes.afterCommand();
        found.push(performance.now() - t);
        if (set.entries.length === 0) throw new Error('the change was not found');
      }
      changes.dispose();
      const detect = median(found.slice(2));
      detection.set(size, detect);
      figures.push(
        { name: `${size} files: cold start, shadow (median of 3)`, value: shadowCold, unit: 'ms' },
        { name: `${size} files: cold start, rw (median of 3)`, value: rwCold, unit: 'ms' },
        { name: `${size} files: shadow cold start / rw cold start`, value: shadowCold / rwCold, unit: 'ratio', goal: '≤ 1.2', met: shadowCold / rwCold <= 1.2 },
        { name: `${size} files: warm exec shadow / rw`, value: shadowWarm / rwWarm, unit: 'ratio', goal: '≤ 1.1', met: shadowWarm / rwWarm <= 1.1 },
        { name: `${size} files: change set after a one-file command (median)`, value: detect, unit: 'ms', ...(size === 10_000 ? { goal: '< 50 ms', met: detect < 50 } : {}) },
      );
    } finally {
      await shadow.down({ dropChanges: true }).catch(() => undefined);
      await rw.down().catch(() => undefined);
      shadow.dispose();
      rw.dispose();
      rmSync(workspace, { recursive: true, force: true });
      rmSync(stateRoot, { recursive: true, force: true });
    }
  }
  const small = detection.get(SIZES[0] as number) ?? NaN;
  const large = detection.get(SIZES.at(-1) as number) ?? NaN;
  figures.push({ name: `change set: ${SIZES.at(-1)} files / ${SIZES[0]} files (grows with the change)`, value: large / small, unit: 'ratio', goal: '≤ 1.5', met: large / small <= 1.5 });
  return figures;
}
