import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEventOf } from '../../audit';
import { describeStop, stopEverything, type StoppableSandbox } from './stop-everything';
import { StopRegistry } from './stop-registry';

const owner = { profile: 'owner', surface: 'editor', id: 'owner' } as const;

function fakeSandbox(state: string, runningCommands: number, steps: string[]): StoppableSandbox {
  return {
    status: async () => ({ state, runningCommands }),
    killCommands: async () => (steps.push('kill'), 3),
    pause: async () => void steps.push('pause'),
  };
}

describe('stop everything', () => {
  it('cancels turns, then approvals, then commands, then pauses, and records the counts per folder', async () => {
    const steps: string[] = [];
    const registry = new StopRegistry();
    registry.register({ workspace: '/a', kind: 'turn', cancel: () => steps.push('turn') });
    registry.register({ workspace: '/a', kind: 'command', cancel: () => steps.push('abort') });
    let stopped = '';
    registry.onDidStop((reason) => (stopped = reason));
    const pending = [{ id: 'ap-1', workspace: '/a' }, { id: 'ap-2', workspace: '/b' }];
    const lines: { workspace: string; event: AuditEventOf<'kill-switch'> }[] = [];
    const reports = await stopEverything({
      folders: [{ workspace: '/a', name: 'a', sandbox: fakeSandbox('running', 1, steps) }, { workspace: '/b', name: 'b', sandbox: fakeSandbox('stopped', 0, steps) }],
      registry,
      approvals: { pending: () => pending, cancel: async (id) => (steps.push(`cancel ${id}`), { id }) },
      record: async (workspace, event) => {
        steps.push(`record ${workspace}`);
        lines.push({ workspace, event });
      },
      caller: owner,
      reason: 'Stop Everything',
    });
    assert.deepEqual(steps.slice(0, 4), ['turn', 'abort', 'cancel ap-1', 'cancel ap-2']);
    assert.ok(steps.indexOf('pause') > steps.indexOf('kill'));
    assert.ok(steps.indexOf('record /a') > steps.indexOf('pause'), 'the line is written after the stop, never before it');
    assert.equal(stopped, 'Stop Everything');
    assert.equal(registry.size, 0);
    assert.deepEqual(lines.find((l) => l.workspace === '/a')?.event, {
      type: 'kill-switch', caller: owner, action: 'stop', cancelledTurns: 1, rejectedApprovals: 1, killedCommands: 1, containerPaused: true,
    });
    assert.deepEqual(reports.map((r) => [r.name, r.paused, r.rejectedApprovals]), [['a', true, 1], ['b', false, 1]]);
    assert.match(describeStop(reports), /1 command\(s\) killed, 2 approval\(s\) rejected, 1 agent turn\(s\) cancelled; paused for inspection: a\./);
  });

  it('counts the processes it swept when nothing in this window knew of a command (a CLI run)', async () => {
    const [report] = await stopEverything({
      folders: [{ workspace: '/a', name: 'a', sandbox: fakeSandbox('running', 0, []) }],
      registry: new StopRegistry(), approvals: { pending: () => [], cancel: async () => undefined },
      record: async () => undefined, caller: owner, reason: 'stop',
    });
    assert.equal(report?.killedCommands, 3);
  });

  it('still stops when the audit line cannot be written, and says so', async () => {
    const steps: string[] = [];
    const [report] = await stopEverything({
      folders: [{ workspace: '/a', name: 'a', sandbox: fakeSandbox('running', 0, steps) }],
      registry: new StopRegistry(), approvals: { pending: () => [], cancel: async () => undefined },
      record: async () => { throw new Error('ENOSPC'); }, caller: owner, reason: 'stop',
    });
    assert.deepEqual(steps, ['kill', 'pause']);
    assert.equal(report?.paused, true);
    assert.equal(report?.auditError, 'ENOSPC');
  });

  it('goes on with the other folders when one engine fails', async () => {
    const broken: StoppableSandbox = { status: async () => { throw new Error('engine gone'); }, killCommands: async () => 0, pause: async () => undefined };
    const reports = await stopEverything({
      folders: [{ workspace: '/a', name: 'a', sandbox: broken }, { workspace: '/b', name: 'b', sandbox: fakeSandbox('running', 0, []) }],
      registry: new StopRegistry(), approvals: { pending: () => [], cancel: async () => undefined },
      record: async () => undefined, caller: owner, reason: 'stop',
    });
    assert.equal(reports[0]?.sandboxError, 'engine gone');
    assert.equal(reports[1]?.paused, true);
  });
});
