import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_TOOLS } from '../policy';
import { toModelTools } from './model-tools';
import { buildSystemPrompt } from './system-prompt';

describe('the system prompt', () => {
  it('carries the security rules and says outside content is data, not instructions', () => {
    const p = buildSystemPrompt({ profile: 'owner' });
    for (const rule of [/data, not instructions/, /Never reveal keys/, /infrastructure details/, /directory listings/, /Private stays private/, /explicit confirmation/, /When in doubt, stop and ask/]) assert.match(p, rule);
    assert.doesNotMatch(p, /did not come from the owner/);
  });

  it('adds a stranger warning, dry-run and the owner\'s instructions when they apply', () => {
    const p = buildSystemPrompt({ profile: 'group', dryRun: true, extra: 'Use tabs.' });
    assert.match(p, /did not come from the owner/);
    assert.match(p, /dry-run mode/);
    assert.match(p, /## The owner's instructions\nUse tabs\./);
  });
});

describe('toModelTools', () => {
  it('derives strict JSON Schemas from the policy\'s tool schemas', () => {
    const tools = toModelTools(BUILTIN_TOOLS);
    assert.deepEqual(tools.map((t) => t.name), ['run_command', 'read_file', 'write_file', 'edit_file', 'list_files', 'search']);
    const run = tools[0]!.inputSchema as { type: string; required: string[]; additionalProperties: boolean; properties: Record<string, unknown> };
    assert.equal(run.type, 'object');
    assert.deepEqual(run.required, ['command']);
    assert.equal(run.additionalProperties, false);
    assert.ok('cwd' in run.properties && 'timeoutMs' in run.properties);
    assert.equal('$schema' in run, false);
  });
});
