import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandSubjectOf, editSubjectOf, owner } from '../approval-test-fixtures';
import { proposalFacts } from './proposal-facts';
import { proposalSummary } from './proposal-summary';

describe('a proposal summary', () => {
  it('shows the command as it runs (from argv, not the line it was proposed as)', () => {
    const s = { ...commandSubjectOf('ls'), commandLine: 'echo harmless' };
    assert.equal(proposalSummary(s, { limit: 100 }).text, 'run ls');
    assert.equal(proposalSummary({ ...s, argv: ['rm', '-rf', 'a b'] }, { limit: 100 }).text, "run rm -rf 'a b'");
  });

  it('shows a newline as a mark and a line break on surfaces that show lines, and escaped on one-line ones', () => {
    const s = commandSubjectOf('grep -rn TODO src\ngit push --force origin main');
    assert.equal(proposalSummary(s, { limit: 2000, lines: 'mark' }).text, 'run grep -rn TODO src⏎\ngit push --force origin main');
    assert.equal(proposalSummary(s, { limit: 2000 }).text, 'run grep -rn TODO src\\u{000A}git push --force origin main');
  });

  it('says honestly how much of a 30,000-character command it leaves out, and ends with the command\'s real end', () => {
    const line = `echo ${'a'.repeat(29_980)} && git push --force`;
    const e = proposalSummary(commandSubjectOf(line), { limit: 2000, lines: 'mark' });
    assert.equal(e.whole, false);
    assert.equal(e.hidden, line.length - 2000);
    assert.match(e.text, /… 28,0\d\d of 30,0\d\d characters not shown …/);
    assert.ok(e.text.endsWith('&& git push --force'));
  });

  it('neutralises links and icons for VS Code UI strings', () => {
    const s = commandSubjectOf('echo [x](command:clawdock.approval.approve?%5B%22id%22%5D) $(check)');
    assert.equal(proposalSummary(s, { limit: 2000, plain: true }).text, 'run echo \\u{005B}x](command:clawdock.approval.approve?%5B%22id%22%5D) \\u{0024}(check)');
  });

  it('names what an edit does to which path', () => {
    assert.equal(proposalSummary(editSubjectOf('a.txt', null, 'x'), { limit: 100 }).text, 'create a.txt');
    assert.equal(proposalSummary(editSubjectOf('a.txt', 'x', null), { limit: 100 }).text, 'delete a.txt');
    assert.equal(proposalSummary(editSubjectOf('.vscode/tasks.json', 'x', 'y', true), { limit: 100 }).text, 'edit .vscode/tasks.json (protected path)');
  });
});

describe('the facts beside a proposal', () => {
  it('are the cwd, the added environment, the timeout and who asked, for a command', () => {
    const facts = proposalFacts({ subject: { ...commandSubjectOf('ls'), env: { A: 'x y' }, timeoutMs: 5000 }, caller: owner });
    assert.deepEqual(facts, [
      { label: 'cwd', value: '/workspace' }, { label: 'env', value: "A='x y'" }, { label: 'timeout', value: '5 s' },
      { label: 'asked by', value: 'owner (owner, via editor)' },
    ]);
  });
});
