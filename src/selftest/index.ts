// The self-test room: a containment test anyone can run against their own
// configuration (`clawdock security selftest`). Plain Node: no vscode.
export { runSelftest } from './selftest';
export type { SelftestOptions, SelftestReport } from './selftest';
export { formatSelftest } from './format';
export type { ClassReport, Containment, ProbeOutcome } from './probes';
