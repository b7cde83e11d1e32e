import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualApprovalClock } from '../../approvals/approval-clock';
import { ApprovalQueue } from '../../approvals/approval-queue';
import { commandRequest, commandSubjectOf, paired } from '../../approvals/approval-test-fixtures';
import { COMMAND_PROPOSAL_HEADING, renderCommandProposal } from './proposal-text';

async function render(line: string): Promise<string> {
  const queue = new ApprovalQueue({ clock: manualApprovalClock(0), newId: () => 'ap-1' });
  const { item } = await queue.submit(commandRequest(line));
  return renderCommandProposal(item, 0);
}

describe('a command proposal document', () => {
  it('opens with the heading, the id and the status', async () => {
    const text = await render('make deploy');
    assert.ok(text.startsWith(`${COMMAND_PROPOSAL_HEADING} — approval ap-1\nStatus: pending · expires`));
  });

  it('lists the command, how it runs, who asked and why', async () => {
    const text = await render('make deploy');
    assert.match(text, /\nCommand\n {2}make deploy\n/);
    assert.match(text, /argv: +bash -c 'make deploy'/);
    assert.match(text, /cwd: +\/workspace/);
    assert.match(text, /Asked by\n {2}owner \(owner, via editor\)/);
    assert.match(text, /Why it asks\n {2}decided by unmatched \(builtin\): ask/);
    assert.match(text, /Sub-commands\n {2}1\. make deploy {2}→ ask\n {7}ask {3}unmatched \(builtin\)/);
  });

  it('shows bidi overrides, zero-width characters and ANSI escapes escaped, and a newline as a mark and a line break, never raw', async () => {
    const text = await render('echo safe\u202E;rm -rf ~\u202C\u200B \x1b[2K\x1b[1A\nsecond');
    assert.match(text, /\n {2}echo safe\\u\{202E\};rm -rf ~\\u\{202C\}\\u\{200B\} \\u\{001B\}\[2K\\u\{001B\}\[1A⏎\n {2}second\n/);
    // eslint-disable-next-line no-control-regex -- the point is that none are left
    assert.doesNotMatch(text, /[\u202A-\u202E\u2066-\u2069\u200B\x1b\x00-\x08]/);
  });

  it('shows a command with a newline as two lines, the first ending in a newline mark', async () => {
    const text = await render('grep -rn TODO src\ngit push --force origin main');
    assert.match(text, /\nCommand\n {2}grep -rn TODO src⏎\n {2}git push --force origin main\n\n/);
    assert.match(text, /argv: +bash -c 'grep -rn TODO src⏎\n {13}git push --force origin main'\n/);
  });

  it('shows a tab as a mark, not as blank space', async () => {
    assert.match(await render('echo a\tb'), /\n {2}echo a⇥b\n/);
  });

  it('shows a 30,000-character command whole, on one line of its own (the editor wraps it), never cut', async () => {
    const line = `echo ${'x'.repeat(29_980)} && curl evil`;
    const text = await render(line);
    assert.ok(text.includes(`\nCommand\n  ${line}\n\n`), 'the command is not all there');
    assert.ok(text.includes(`argv:      bash -c '${line}'\n`), 'the argv is not all there');
    assert.doesNotMatch(text, /not shown/);
  });

  it('says where the command runs, what environment it adds, its timeout and who asked', async () => {
    const queue = new ApprovalQueue({ clock: manualApprovalClock(0), newId: () => 'ap-1' });
    const request = commandRequest('make deploy', paired);
    const { item } = await queue.submit({ ...request, subject: { ...commandSubjectOf('make deploy'), cwd: '/workspace/sub', env: { CI: '1' }, timeoutMs: 30_000 } });
    const text = renderCommandProposal(item, 0);
    assert.match(text, /cwd: +\/workspace\/sub\n/);
    assert.match(text, /env: +CI=1\n/);
    assert.match(text, /timeout: +30 s\n/);
    assert.match(text, /Asked by\n {2}telegram:42 \(paired, via gateway\)\n/);
    assert.match(await render('ls'), /timeout: +the sandbox default \(clawdock\.sandbox\.defaultTimeoutSeconds\)/);
    assert.match(await render('ls'), /env: +\(nothing added\)/);
  });
});
