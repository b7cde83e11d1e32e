// Test support for the policy room: one bash parser per test process (loading
// the wasm takes tens of milliseconds) and small call builders. Not used at run time.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Caller, CallerProfile } from '../core/caller';
import { loadBashParser } from './command/bash-parser';
import type { BashParser } from './command/bash-parser';
import { createPolicy } from './policy';
import type { Policy, PolicyOptions } from './policy';
import type { Outcome } from './verdict';

let parser: Promise<BashParser> | undefined;

/** The parser shared by the tests of this process. */
export function testParser(): Promise<BashParser> {
  parser ??= loadBashParser();
  return parser;
}

/** A policy over the shared parser. */
export async function testPolicy(options: Omit<PolicyOptions, 'parser'> = {}): Promise<Policy> {
  return createPolicy({ ...options, parser: await testParser() });
}

/** A run_command call. */
export function run(command: string, cwd?: string): unknown {
  return { tool: 'run_command', args: { command, ...(cwd ? { cwd } : {}) } };
}

/** A caller with the given profile. */
export function callerAs(profile: CallerProfile): Caller {
  return { profile, surface: profile === 'owner' ? 'editor' : 'chat', id: profile };
}

/** The owner at the editor. */
export const OWNER: Caller = callerAs('owner');

/** One corpus row: a command, what the owner's policy decides, and (optionally) the rule that decides it. */
export type CorpusRow = readonly [command: string, expected: Outcome, rule?: string];

/** One named test per row, deciding as the owner in the policy `policy()` returns. */
export function corpusTable(policy: () => Policy, rows: readonly CorpusRow[]): void {
  for (const [command, expected, rule] of rows) {
    it(`${expected}s ${JSON.stringify(command)}${rule ? ` by ${rule}` : ''}`, () => {
      const d = policy().decide(run(command), OWNER, { record: false });
      assert.equal(d.decision, expected, `${command}\n→ ${JSON.stringify(d)}`);
      if (rule) assert.equal(d.rule, rule, `${command}\n→ ${JSON.stringify(d)}`);
    });
  }
}
