import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseCommand } from '../command/analyse-command';
import type { BashParser } from '../command/bash-parser';
import { testParser, testPolicy, run, OWNER } from '../policy-testing';
import { PolicyLoadError } from '../policy-load-error';
import { approvalPatternRule, splitPatternWords } from './approval-patterns';
import { BUILTIN_RULES } from './builtin-rules';
import { checkRuleExamples, compileRules } from './rule-set';

let parser: BashParser;
before(async () => {
  parser = await testParser();
});

describe('rules', () => {
  it('built-in rules have unique ids, reasons and examples that hold', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of BUILTIN_RULES) assert.ok(r.reason.length > 5 && (r.match?.length ?? 0) > 0, r.id);
    const { ruleSet, problems } = compileRules(BUILTIN_RULES.map((spec) => ({ spec, source: 'builtin', fallbackId: '' })));
    assert.deepEqual(problems, []);
    assert.deepEqual(checkRuleExamples(ruleSet.rules, (c) => analyseCommand(parser, c).subcommands), []);
  });

  it('deny beats ask beats allow on one sub-command', () => {
    const { ruleSet } = compileRules([
      { spec: { pattern: ['x'], decision: 'allow', reason: 'a' }, source: 'user', fallbackId: 'a' },
      { spec: { pattern: ['x', 'y'], decision: 'ask', reason: 'b' }, source: 'user', fallbackId: 'b' },
      { spec: { pattern: ['x', 'y', 'z'], decision: 'deny', reason: 'c' }, source: 'user', fallbackId: 'c' },
    ]);
    const verdict = (c: string) => ruleSet.evaluate(analyseCommand(parser, c).subcommands[0] as never).verdict;
    assert.equal(verdict('x'), 'allow');
    assert.equal(verdict('x y'), 'ask');
    assert.equal(verdict('x y z'), 'deny');
    assert.equal(verdict('other'), 'ask');
  });

  it('refuses to load a policy whose rule examples fail, listing each failure', async () => {
    await assert.rejects(
      testPolicy({
        user: { rules: [{ id: 'npm-test', pattern: ['npm', 'test'], decision: 'allow', reason: 'tests', match: ['npm run test'], notMatch: ['npm test --watch'] }] },
      }),
      (err: unknown) => {
        assert.ok(err instanceof PolicyLoadError);
        assert.equal(err.problems.length, 2);
        assert.match(err.problems[0] ?? '', /"npm-test" \(user\): example "npm run test" should match/);
        assert.match(err.problems[1] ?? '', /example "npm test --watch" should not match/);
        assert.equal(err.setting, 'policy.rules');
        return true;
      },
    );
  });

  it('refuses to load a rule with a broken regex', async () => {
    await assert.rejects(testPolicy({ user: { rules: [{ pattern: ['/(/'], decision: 'deny', reason: 'x' }] } }), /user:rules\[0\].*not a valid regular expression/s);
  });

  it('lets a user rule allow a command the defaults ask about', async () => {
    const policy = await testPolicy({ user: { rules: [{ id: 'npm-test', pattern: ['npm', 'test'], decision: 'allow', reason: 'tests only', match: ['npm test'] }] } });
    const d = policy.decide(run('npm test -- --watch=false'), OWNER);
    assert.deepEqual([d.decision, d.rule, d.source], ['allow', 'npm-test', 'user']);
    assert.equal(policy.decide(run('npm test; npm publish'), OWNER).decision, 'ask');
  });

  describe('approval patterns', () => {
    it('split like shell words and turn a trailing * into a prefix', () => {
      assert.deepEqual(splitPatternWords(`git push "a b" 'c'`), ['git', 'push', 'a b', 'c']);
      assert.deepEqual(approvalPatternRule('npm run deploy*', 'p').pattern, ['npm', 'run', '/^deploy/']);
      assert.equal(approvalPatternRule('/terraform .*/', 'p').line, true);
    });
    it('make matching commands ask, naming the pattern', async () => {
      const policy = await testPolicy({ user: { approvalPatterns: ['git log', '/cat .*secret/'] } });
      const d = policy.decide(run('git log -1'), OWNER);
      assert.deepEqual([d.decision, d.rule, d.source], ['ask', 'user:approvalPatterns[0]', 'user']);
      assert.equal(policy.decide(run('cat my-secret.txt'), OWNER).rule, 'user:approvalPatterns[1]');
      assert.equal(policy.decide(run('git status'), OWNER).decision, 'allow');
    });
  });
});
