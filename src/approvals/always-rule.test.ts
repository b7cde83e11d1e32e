import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createPolicy } from '../policy';
import type { Policy } from '../policy';
import type { RuleSpec } from '../policy';
import { ownerCaller } from '../core/caller';
import { suggestAlwaysRule } from './always-rule';
import type { AlwaysRuleSuggestion } from './always-rule';
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

function rulesOf(s: AlwaysRuleSuggestion): readonly RuleSpec[] {
  assert.ok(s.ok, s.ok ? '' : s.reason);
  return s.rules;
}

describe('Approve always', () => {
  before(async () => {
    base = await createPolicy({ workspaceTrusted: true });
  });

  it('suggests the exact argv for a program no grammar knows, and the rule then lets only it through', async () => {
    const s = suggest('mytool build --release');
    const rules = rulesOf(s);
    assert.deepEqual(rules.map((r) => [r.pattern, r.exact, r.decision]), [[['mytool', 'build', '--release'], true, 'allow']]);
    assert.match(s.ok ? s.text : '', /exactly `mytool build --release`/);
    assert.match(s.ok ? s.text : '', /clawdock\.policy\.rules/);
    const after = await withRules(rules);
    assert.equal(after.decide(call('mytool build --release'), owner).decision, 'allow');
    assert.equal(after.decide(call('mytool build --release --force'), owner).decision, 'ask');
  });

  it('saves nothing wider than the exact argv for a program no grammar proves safe, path arguments or not', () => {
    const rules = rulesOf(suggest('mytool test src/a.test.ts'));
    assert.deepEqual(rules[0]?.pattern, ['mytool', 'test', 'src/a.test.ts']);
    assert.equal(rules[0]?.exact, true);
  });

  it('shows two commands the rule allows and two it does not, and saves them as the rule\'s examples', async () => {
    const s = suggest('mytool build --release');
    const [rule] = rulesOf(s);
    assert.equal(rule?.match?.length, 2);
    assert.equal(rule?.notMatch?.length, 2);
    const text = s.ok ? s.text : '';
    for (const example of [...(rule?.match ?? []), ...(rule?.notMatch ?? [])]) assert.ok(text.includes(`\`${example}\``), example);
    // The examples hold: the policy loads with the rule, and decides them as shown.
    const after = await withRules(rulesOf(s));
    for (const example of rule?.match ?? []) assert.equal(after.decide(call(example), owner).decision, 'allow', example);
    for (const example of rule?.notMatch ?? []) assert.notEqual(after.decide(call(example), owner).decision, 'allow', example);
  });

  describe('never widens to programs that run others through options', () => {
    const cases: [approved: string, refused: string[]][] = [
      ['tar -czf out.tgz src', ['tar -czf out.tgz --checkpoint-action=exec=sh src', 'tar -czf out.tgz --to-command=sh src', 'tar -czf out.tgz -I sh src']],
      ['zip -r out.zip src', ['zip -r out.zip -T -TT sh src', 'zip -r out.zip --unzip-command=sh src']],
      ['gcc -o app main.c', ['gcc -o app -wrapper sh,-c,id main.c', 'gcc -o app -fplugin=./x.so main.c']],
      ['make test', ['make -f evil.mk test', 'make test --eval=x', 'make']],
      ['cargo run', ['cargo run --manifest-path evil/Cargo.toml', 'cargo run --config x']],
      ['python3 scripts/gen.py', ['python3 scripts/other.py', 'python3 -c 1']],
      ['npm run build', ['npm run build --script-shell=./x.sh', 'npm run other']],
    ];
    for (const [approved, refused] of cases) {
      it(`approving \`${approved}\` saves exactly that argv and does not allow ${refused.map((r) => `\`${r}\``).join(', ')}`, async () => {
        const s = suggest(approved);
        const rules = rulesOf(s);
        assert.equal(rules.length, 1);
        assert.equal(rules[0]?.exact, true, JSON.stringify(rules[0]));
        assert.deepEqual(rules[0]?.pattern, approved.split(' '));
        const after = await withRules(rules);
        assert.equal(after.decide(call(approved), owner).decision, 'allow');
        for (const r of refused) assert.notEqual(after.decide(call(r), owner).decision, 'allow', r);
        // What it shows as not allowed are commands that would run something else.
        if (approved.startsWith('tar')) assert.match(s.ok ? s.text : '', /--checkpoint-action=exec=sh/);
      });
    }
  });

  it('is not offered when an ask rule asked, since ask beats allow', () => {
    const s = suggest('rm -rf build');
    assert.equal(s.ok, false);
    assert.match(s.ok ? '' : s.reason, /ask beats allow/);
  });

  it('is not offered when a path check asked (a secrets file, a protected path)', () => {
    for (const command of ['mytool .env', 'mytool > .git/config']) {
      const s = suggest(command);
      assert.equal(s.ok, false, command);
    }
  });

  it('is not offered for a program run by path', () => {
    const s = suggest('./deploy.sh');
    assert.equal(s.ok, false);
  });

  it('is not offered for words only known at run time', () => {
    assert.equal(suggest('mytool "$TARGET"').ok, false);
  });

  it('escapes words that would read as pattern tokens', async () => {
    const rules = rulesOf(suggest('mytool /x/'));
    assert.deepEqual(rules[0]?.pattern, ['mytool', '/^\\/x\\/$/']);
    const after = await withRules(rules);
    assert.equal(after.decide(call('mytool /x/'), owner).decision, 'allow');
    assert.equal(after.decide(call('mytool x'), owner).decision, 'ask');
  });

  it('is not offered for edits', () => {
    const s = suggestAlwaysRule({ tool: 'write_file', args: {} }, { decision: 'ask', rule: 'x', source: 'builtin', reasons: [], subcommands: [], findings: [] });
    assert.equal(s.ok, false);
  });
});
