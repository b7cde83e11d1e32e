// Test support for the policy room: one bash parser per test process (loading
// the wasm takes tens of milliseconds) and small call builders. Not used at run time.
import type { Caller, CallerProfile } from '../core/caller';
import { loadBashParser } from './command/bash-parser';
import type { BashParser } from './command/bash-parser';
import { createPolicy } from './policy';
import type { Policy, PolicyOptions } from './policy';

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
