// `npm run bench`: every benchmark in one run, each goal a ratio against a
// baseline measured in the same run (or an absolute rate where the issue sets one).
import { arch, cpus, totalmem } from 'node:os';
import type { BenchFigure } from './stats';

/**
 * Every suite: `npm run bench NAME…` runs only those. Each is loaded when it
 * runs; to add one, add a line here (its module exports a function that
 * resolves to its figures).
 */
const SUITES: readonly { readonly name: string; readonly load: () => Promise<() => Promise<BenchFigure[]>> }[] = [
  { name: 'sandbox', load: async () => (await import('./sandbox')).benchSandbox.bind(null, log) },
  { name: 'shadow', load: async () => (await import('./shadow')).benchShadow.bind(null, log) },
  { name: 'policy', load: async () => (await import('./policy')).benchPolicy },
  { name: 'audit', load: async () => (await import('./audit')).benchAudit },
  { name: 'agent', load: async () => (await import('./agent')).benchAgent },
  { name: 'egress', load: async () => (await import('./egress')).benchEgress.bind(null, log) },
  { name: 'activation', load: async () => (await import('./activation')).benchActivation },
];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
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
  const unknown = only.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`no bench suite named ${unknown.join(', ')}; there are ${SUITES.map((s) => s.name).join(', ')}`);
  for (const suite of SUITES) {
    if (only.length > 0 && !only.includes(suite.name)) continue;
    console.log(`\n${suite.name}`);
    try {
      const run = await suite.load();
      for (const figure of await run()) console.log(format(figure));
    } catch (err) {
      failed = true;
      console.log(`  failed: ${(err as Error).message}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exitCode = 2;
});
