// The agent loop's own cost per tool call, the model excluded: an in-process
// scripted provider makes N read_file or run_command(`true`) calls against a
// real sandbox, policy, audit log (fsync per line, secretlint on) and
// transcript; the time spent inside the sandbox exec and the file reads is
// subtracted. Goal (issue 5): under 10 ms per call on top of the sandbox exec.
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelEvent, ModelProvider, ModelRequest } from '../src/agent';
import { openAgentSession } from '../src/agent';
import { AuditLog, Redactor } from '../src/audit';
import { ownerCaller } from '../src/core/caller';
import { configFromObject } from '../src/core/config/config-source';
import { workspaceKey } from '../src/core/workspace-key';
import { createPolicy } from '../src/policy';
import { createEngine, readSandboxSettings, Sandbox } from '../src/sandbox';
import { WorkspaceFs } from '../src/sandbox/workspace-fs';
import type { BenchFigure } from './stats';
import { median } from './stats';

const GOAL_MS = 10;

/** A model that answers instantly: `perTurn` copies of `call` per turn until `total` calls were made, then stops. */
function scriptedProvider(call: { name: string; arguments: string }, total: number, perTurn: number): ModelProvider & { reset(): void } {
  let made = 0;
  return {
    info: { id: 'bench', label: 'in-process scripted model', model: 'bench' },
    reset: () => void (made = 0),
    async *stream(_request: ModelRequest): AsyncIterable<ModelEvent> {
      const n = Math.min(perTurn, total - made);
      for (let i = 0; i < n; i++) yield { type: 'tool-call', call: { id: `call_${made + i}`, ...call }, malformed: false };
      made += n;
      if (n === 0) yield { type: 'text-delta', text: 'done' };
      yield { type: 'usage', inputTokens: 1000, outputTokens: 20 };
      yield { type: 'done', stopReason: n > 0 ? 'tool_use' : 'end_turn' };
    },
  };
}

/** Agent loop figures: overhead per read_file and per run_command(`true`), and per model turn with one call. */
export async function benchAgent(): Promise<BenchFigure[]> {
  const workspace = mkdtempSync(join(tmpdir(), 'clawdock-bench-agent-'));
  const state = mkdtempSync(join(tmpdir(), 'clawdock-bench-agent-state-'));
  writeFileSync(join(workspace, 'a.txt'), 'hello\n'.repeat(200));
  chownSync(workspace, 1000, 1000);
  chownSync(join(workspace, 'a.txt'), 1000, 1000);
  const settings = readSandboxSettings(configFromObject({}));
  const sandbox = new Sandbox({ workspace, settings, engine: createEngine(settings) });
  const redactor = new Redactor();
  const audit = await AuditLog.open({ root: join(state, 'audit'), workspaceKey: workspaceKey(workspace), redactor });
  // Limits high enough that the breakers do not stop a benchmark of identical calls.
  const policy = await createPolicy({ user: { limits: { execPerMinute: 10_000, identicalCallRepeats: 1000, modelCallsPerHour: 100_000, consecutiveFailures: 1000 } } });
  const fs = new WorkspaceFs({ root: workspace, access: 'rw', protectedPaths: [] });

  // Time spent below the loop, subtracted from the totals.
  let belowMs = 0;
  const timed = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    const t = performance.now();
    try {
      return await fn(...args);
    } finally {
      belowMs += performance.now() - t;
    }
  };
  const timedSandbox = Object.assign(Object.create(sandbox) as Sandbox, { exec: timed(sandbox.exec.bind(sandbox)) });
  const files = { read: timed(fs.read.bind(fs)), write: fs.write.bind(fs), list: fs.list.bind(fs), search: fs.search.bind(fs) };

  const figures: BenchFigure[] = [];
  try {
    await sandbox.up();
    const measure = async (call: { name: string; arguments: string }, total: number, perTurn: number, runs: number): Promise<number> => {
      const provider = scriptedProvider(call, total, perTurn);
      const session = await openAgentSession({
        provider, policy, sandbox: timedSandbox, files, audit, redactor, workspace, sessionsDir: join(state, 'sessions'),
        approver: { requestApproval: async () => ({ status: 'rejected', by: 'bench', surface: 'cli' }) },
        budget: { maxTurns: 10_000, maxToolCalls: 100_000, maxTokens: 1e12 }, models: [],
      });
      const perCall: number[] = [];
      try {
        for (let r = 0; r < runs; r++) {
          provider.reset();
          belowMs = 0;
          const t = performance.now();
          const result = await session.runTurn({ text: 'bench', caller: ownerCaller('cli') });
          const wall = performance.now() - t;
          if (result.stop.reason !== 'finished' || result.totals.toolCalls !== total) throw new Error(`the bench turn stopped: ${result.stop.message}`);
          perCall.push((wall - belowMs) / total);
        }
      } finally {
        await session.close();
      }
      return median(perCall);
    };

    const read = { name: 'read_file', arguments: JSON.stringify({ path: 'a.txt' }) };
    const run = { name: 'run_command', arguments: JSON.stringify({ command: 'true' }) };
    await measure(run, 10, 10, 1); // warm the parser, the executor and the page cache
    const readMs = await measure(read, 100, 10, 3);
    const runMs = await measure(run, 100, 10, 3);
    const turnMs = await measure(run, 20, 1, 3);
    figures.push(
      { name: 'agent loop overhead per read_file (excl. file read)', value: readMs, unit: 'ms', goal: `≤ ${GOAL_MS}`, met: readMs <= GOAL_MS },
      { name: 'agent loop overhead per run_command true (excl. exec)', value: runMs, unit: 'ms', goal: `≤ ${GOAL_MS}`, met: runMs <= GOAL_MS },
      { name: 'agent loop overhead per model turn with one run_command', value: turnMs, unit: 'ms' },
    );
  } finally {
    await audit.close();
    await sandbox.down().catch(() => undefined);
    sandbox.dispose();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
  }
  return figures;
}

if (require.main === module) {
  void benchAgent().then((figures) => {
    for (const f of figures) console.log(`${f.name.padEnd(58)} ${f.value.toFixed(3)} ${f.unit}${f.goal ? `  goal ${f.goal} ${f.met ? 'met' : 'NOT MET'}` : ''}`);
  });
}
