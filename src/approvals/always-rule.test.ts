import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createPolicy } from '../policy';
import type { Policy } from '../policy';
import type { RuleSpec } from '../policy';
import { ownerCaller } from '../core/caller';
import { suggestAlwaysRule } from './always-rule';
import { summarizeDecision } from './decision-summary';

const owner = ownerCaller('editor');
const call = (command: string) => ({ tool: 'run_command', args: { command } });
let base: Policy;

function suggest(command: string) {
  return suggestAlwaysRule(call(command), summarizeDecision(base.explain(call(command), owner)), new Date('2025-01-02T00:00:00Z'));
}

async function withRules(rules: readonly RuleSpec[]): Promise<Policy> {
  return createPolicy({ user: { rules }, workspaceTrusted: true });
}

describe('Approve always', () => {
  before(async () => {
    base = await createPolicy({ workspaceTrusted: true });
  });

  it('suggests the exact argv for a command no rule covers, and the rule then lets only it through', async () => {
    const s = suggest('mytool build --release');
    assert.ok(s.ok);
    assert.deepEqual(s.rules.map((r) => [r.pattern, r.exact, r.decision]), [[['mytool', 'build', '--release'], true, 'allow']]);
    assert.match(s.text, /exactly `mytool build --release`/);
    assert.match(s.text, /clawdock\.policy\.rules/);
    const after = await withRules(s.rules);
    assert.equal(after.decide(call('mytool build --release'), owner).decision, 'allow');
    assert.equal(after.decide(call('mytool build --release --force'), owner).decision, 'ask');
  });

  it('stops at the first path-like argument when that keeps a sub-command word', async () => {
    const s = suggest('mytool test src/a.test.ts');
    assert.ok(s.ok);
    assert.deepEqual(s.rules[0]?.pattern, ['mytool', 'test']);
    assert.equal(s.rules[0]?.exact, undefined);
    const after = await withRules(s.rules);
    assert.equal(after.decide(call('mytool test src/b.test.ts'), owner).decision, 'allow');
    assert.equal(after.decide(call('mytool deploy'), owner).decision, 'ask');
  });

  it('keeps the exact argv for interpreters, whose arguments are code', () => {
    const s = suggest('python3 scripts/gen.py');
    assert.ok(s.ok);
    assert.deepEqual(s.rules[0]?.pattern, ['python3', 'scripts/gen.py']);
    assert.equal(s.rules[0]?.exact, true);
  });

  it('is not offered when an ask rule asked, since ask beats allow', () => {
    const s = suggest('rm -rf build');
    assert.equal(s.ok, false);
    assert.match(s.ok ? '' : s.reason, /ask beats allow/);
  });

  it('is not offered for a program run by path', () => {
    const s = suggest('./deploy.sh');
    assert.equal(s.ok, false);
  });

  it('escapes words that would read as pattern tokens', async () => {
    const s = suggest('mytool /x/');
    assert.ok(s.ok);
    assert.deepEqual(s.rules[0]?.pattern, ['mytool', '/^\\/x\\/$/']);
    const after = await withRules(s.rules);
    assert.equal(after.decide(call('mytool /x/'), owner).decision, 'allow');
    assert.equal(after.decide(call('mytool x'), owner).decision, 'ask');
  });

  it('is not offered for edits', () => {
    const s = suggestAlwaysRule({ tool: 'write_file', args: {} }, { decision: 'ask', rule: 'x', source: 'builtin', reasons: [], subcommands: [], findings: [] });
    assert.equal(s.ok, false);
  });
});
