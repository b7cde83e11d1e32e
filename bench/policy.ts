// Policy benchmark: decisions per second and latency for a ~1 KB compound
// command once the bash parser is warm (goal from issue 3: p99 under 1 ms),
// and the share of ordinary read-only work that runs without asking (issue 10:
// at least 90 % now that only what a grammar understands is allowed).
import { performance } from 'node:perf_hooks';
import { createPolicy } from '../src/policy';
import type { Caller } from '../src/core/caller';
import { READ_ONLY_COMMANDS } from '../src/policy/read-only-work';
import type { BenchFigure } from './stats';

/** A realistic compound command of about 1 KB: lists, pipes, substitutions, wrappers, a heredoc. */
export const COMPOUND_COMMAND = [
  'cd /workspace && git status --porcelain | grep -v "^??" | wc -l',
  'for f in $(git ls-files "*.ts" | head -n 50); do wc -l "$f"; done | sort -rn | head -20',
  'find . -name "*.test.ts" -not -path "./node_modules/*" -exec grep -l "describe(" {} \\; | xargs -I{} basename {} .ts',
  'if [ -f package.json ]; then cat package.json | jq -r ".scripts | keys[]"; else echo "no package.json"; fi',
  'timeout 5 nice -n 10 rg --json "TODO|FIXME" src | head -100 > /dev/null 2>&1 || true',
  'diff <(git show HEAD:src/index.ts) src/index.ts | head -40; echo "exit: $?"',
  'bash -c \'ls -la src && du -sh src/* | sort -h | tail -5\'',
  'cat <<EOF | wc -c\nThe quick brown fox jumps over the lazy dog $(date +%s)\nEOF',
  'git log --oneline -n 20 --author="$(git config --get user.name)" | cut -c1-72',
  'echo "done: $(pwd) $(whoami) $(uname -s)"; test -d dist && ls dist | head -5 || echo "no dist"',
].join('\n');

const OWNER: Caller = { profile: 'owner', surface: 'editor', id: 'owner' };

/** Runs the policy benchmark; the other engineer's `npm run bench` prints these rows. */
export async function benchPolicy(): Promise<BenchFigure[]> {
  const policy = await createPolicy();
  const allowed = READ_ONLY_COMMANDS.filter((command) => policy.decide({ tool: 'run_command', args: { command } }, OWNER, { record: false }).decision === 'allow').length;
  const allowRate = (allowed / READ_ONLY_COMMANDS.length) * 100;
  const call = { tool: 'run_command', args: { command: COMPOUND_COMMAND } };
  const decide = () => policy.decide(call, OWNER, { record: false });
  for (let i = 0; i < 300; i++) decide();

  const samples: number[] = [];
  const iterations = 3000;
  const started = performance.now();
  // CPU time as well as wall time: on a shared machine the wall clock also counts other people's work.
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    decide();
    samples.push(performance.now() - t);
  }
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  const round = (x: number, digits = 3) => Number(x.toFixed(digits));
  return [
    { name: 'policy: decisions per second (1 KB compound command)', value: round((iterations / elapsed) * 1000, 0), unit: 'decisions/s' },
    { name: 'policy: p50 latency (1 KB compound command)', value: round(at(0.5)), unit: 'ms' },
    { name: 'policy: p99 latency (1 KB compound command)', value: round(at(0.99)), unit: 'ms', goal: '≤ 1 ms', met: at(0.99) <= 1 },
    { name: 'policy: CPU time per decision (1 KB compound command)', value: round((cpu.user + cpu.system) / 1000 / iterations), unit: 'ms' },
    { name: 'policy: command size', value: COMPOUND_COMMAND.length, unit: 'bytes' },
    { name: `policy: ordinary read-only work allowed (${allowed} of ${READ_ONLY_COMMANDS.length})`, value: round(allowRate, 1), unit: '%', goal: '≥ 90 %', met: allowRate >= 90 },
  ];
}
