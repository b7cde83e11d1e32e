// An ordinary task end to end: read the code, run its tests in the sandbox,
// see the failure, fix it with an edit, run the tests again — every command
// approved programmatically, as the owner would in the editor — then review
// the shadow workspace's change set and accept the fix into the folder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApprovalRequest } from '../../src/agent';
import { readTranscript } from '../../src/agent';
import { ownerCaller } from '../../src/core/caller';
import type { RecordedRequest, ScriptTurn } from '../fixtures/model-server/index';
import { toolResultsOf } from '../fixtures/model-server/index';
import { requireEngine } from '../helpers/engine-gate';
import { openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';
import { agentFixture } from './agent-fixture';

const FILES = {
  'calc.py': 'def add(a, b):\n    return a - b\n\n\ndef mul(a, b):\n    return a * b\n',
  'test_calc.py': 'import unittest\nfrom calc import add, mul\n\n\nclass CalcTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(2, 3), 5)\n\n    def test_mul(self):\n        self.assertEqual(mul(2, 3), 6)\n\n\nif __name__ == "__main__":\n    unittest.main()\n',
};

/** A model that works like a careful engineer: reads, tests, fixes what the test output points at, tests again. */
function engineer() {
  let step = 0;
  return (request: RecordedRequest): ScriptTurn => {
    const last = toolResultsOf(request).at(-1)?.content ?? '';
    switch (step++) {
      case 0: return { text: 'Let me look at the code.', toolCalls: [{ name: 'read_file', arguments: { path: 'calc.py' } }] };
      case 1: return { text: 'Running the tests.', toolCalls: [{ name: 'run_command', arguments: { command: 'python3 -m unittest -v 2>&1' } }] };
      case 2:
        assert.match(last, /FAIL: test_add/);
        return { text: 'add subtracts; fixing it.', toolCalls: [{ name: 'edit_file', arguments: { path: 'calc.py', edits: [{ search: 'return a - b', replace: 'return a + b' }] } }] };
      case 3:
        assert.match(last, /Wrote calc\.py/);
        return { toolCalls: [{ name: 'run_command', arguments: { command: 'python3 -m unittest -v 2>&1' } }] };
      default:
        assert.match(last, /OK/);
        return { text: 'Fixed: add() now adds, and both tests pass.' };
    }
  };
}

describe('an ordinary task', requireEngine(), () => {
  let box: SandboxFixture;
  before(async () => {
    box = openSandbox({}, FILES);
    await box.sandbox.up();
  });
  after(async () => box.cleanup());

  it('edits a file, runs its tests in the sandbox and fixes the failure, with approvals given programmatically', async () => {
    const answered: ApprovalRequest[] = [];
    const f = await agentFixture({
      script: engineer(),
      sandbox: box,
      decide: async (request) => {
        answered.push(request);
        return { verdict: 'approve' };
      },
    });
    try {
      const result = await f.session.runTurn({ text: 'The tests fail. Please fix calc.py.', caller: ownerCaller('editor') });
      assert.equal(result.stop.reason, 'finished', result.stop.message);
      assert.equal(result.stop.endedAfterRefusal, false);
      assert.match(result.text, /both tests pass/);
      // The shadow workspace: the fix is in the sandbox, waiting for review; the folder is as it was.
      assert.equal(readFileSync(join(box.workspace, 'calc.py'), 'utf8'), FILES['calc.py']);
      const fixed = FILES['calc.py'].replace('a - b', 'a + b');
      assert.equal((await box.sh('cat calc.py')).stdout, fixed);

      // Two approvals: the two test runs, each bound to exactly what ran. The edit went to the sandbox's layer.
      assert.deepEqual(answered.map((a) => a.subject.kind), ['command', 'command']);
      const audit = f.auditEvents();
      assert.deepEqual(audit.filter((e) => e.type === 'exec').map((e) => (e.type === 'exec' ? e.exitCode : -1)), [1, 0]);
      const edited = f.events.find((e) => e.type === 'tool-call-finished' && e.tool === 'edit_file');
      assert.match(edited?.type === 'tool-call-finished' ? edited.content : '', /wait for the owner's review \(M calc\.py\)/);

      // The owner reviews the change set and accepts: now the folder has the fix, recorded with its hashes.
      const set = await f.changes!.list();
      assert.deepEqual(set.entries.map((e) => `${e.kind} ${e.path}`), ['modified calc.py']);
      assert.deepEqual((await f.changes!.accept(['calc.py'])).applied, ['calc.py']);
      assert.equal(readFileSync(join(box.workspace, 'calc.py'), 'utf8'), fixed);
      // Two lines: the agent's write, into the sandbox's layer (not the folder), then the owner's accept into the folder.
      const lines = f.auditEvents().flatMap((e) => (e.type === 'file-change' ? [`${e.path} ${e.via}`] : []));
      assert.deepEqual(lines, ['calc.py sandbox-layer', 'calc.py shadow']);
      assert.equal(result.totals.toolCalls, 4);

      // The session is on disk and can be reopened to go on.
      const saved = await readTranscript(f.sessionsDir, f.session.id);
      assert.deepEqual(saved.turns, f.session.turns);
    } finally {
      await f.cleanup();
    }
  });
});
