import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualApprovalClock } from '../../approvals/approval-clock';
import { ApprovalQueue } from '../../approvals/approval-queue';
import { commandRequest } from '../../approvals/approval-test-fixtures';
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

  it('shows bidi overrides, zero-width characters, ANSI escapes and newlines escaped, never raw', async () => {
    const text = await render('echo safe\u202E;rm -rf ~\u202C\u200B \x1b[2K\x1b[1A\nsecond');
    assert.match(text, /echo safe\\u\{202E\};rm -rf ~\\u\{202C\}\\u\{200B\} \\u\{001B\}\[2K\\u\{001B\}\[1A\\u\{000A\}second/);
    // eslint-disable-next-line no-control-regex -- the point is that none are left
    assert.doesNotMatch(text, /[\u202A-\u202E\u2066-\u2069\u200B\x1b\x00-\x08]/);
  });
});
