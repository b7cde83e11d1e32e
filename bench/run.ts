// `npm run bench`: every benchmark in one run, each goal a ratio against a
// baseline measured in the same run (or an absolute rate where the issue sets one).
import { arch, cpus, totalmem } from 'node:os';
import type { BenchFigure } from './stats';
import { benchSandbox } from './sandbox';

type Suite = { name: string; run: () => Promise<BenchFigure[]> };

const log = (line: string) => process.stderr.write(`${line}\n`);
const suites: Suite[] = [{ name: 'sandbox', run: () => benchSandbox(log) }];

for (const [name, file, fn] of [
  ['policy', './policy', 'benchPolicy'],
  ['audit', './audit', 'benchAudit'],
  ['agent', './agent', 'benchAgent'],
  ['egress', './egress', 'benchEgress'],
] as const) {
  suites.push({
    name,
    run: async () => {
      const mod = (await import(file)) as Record<string, () => Promise<BenchFigure[]>>;
      return mod[fn]!();
    },
  });
}

function format(f: BenchFigure): string {
  const value = f.unit === 'ratio' ? `${f.value.toFixed(3)}×` : `${f.value.toFixed(f.value < 10 ? 3 : 1)} ${f.unit}`;
  const goal = f.goal ? `  goal ${f.goal} ${f.met ? 'met' : 'NOT MET'}` : '';
  return `  ${f.name.padEnd(52)} ${value}${goal}`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  console.log(`Clawdock bench — ${new Date().toISOString().slice(0, 10)} — ${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${arch()}, Node ${process.version}`);
  let failed = false;
  for (const suite of suites) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    console.log(`\n${suite.name}`);
    try {
      for (const figure of await suite.run()) console.log(format(figure));
    } catch (err) {
      failed = true;
      console.log(`  failed: ${(err as Error).message}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
