import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpenClawConnectError } from './connect-error';
import { setupSteps, type SetupFacts } from './setup-steps';

const base: SetupFacts = { url: 'ws://127.0.0.1:18789', nodeId: 'a'.repeat(64), displayName: 'Clawdock (app)', declaresAgentTool: true, connected: true, surfaceApproved: false };

describe('setup steps read from the gateway\'s answers', () => {
  it('asks for the allow list and the node approval while the tool is filtered', () => {
    const { status, steps } = setupSteps({ ...base, acceptedTools: [] });
    assert.equal(status.kind, 'pairing-pending');
    assert.match(steps[0] ?? '', /gateway\.nodes\.commands\.allow '\["vscode_agent"\]'/);
    assert.match(steps[1] ?? '', /openclaw nodes approve/);
  });

  it('is connected with nothing left once the gateway lets vscode_agent through', () => {
    assert.deepEqual(setupSteps({ ...base, acceptedTools: ['vscode_agent'], surfaceApproved: true }), { status: { kind: 'connected', detail: 'connected to ws://127.0.0.1:18789; vscode_agent and system.run are served here' }, steps: [] });
  });

  it('says the approval missed vscode_agent when the node was approved before the allow list', () => {
    const { steps } = setupSteps({ ...base, acceptedTools: [], surfaceApproved: true });
    assert.match(steps.join('\n'), /reconnect/);
  });

  it('names the device request to approve when the gateway wants device pairing', () => {
    const error = new OpenClawConnectError('pairing', 'pairing', 'PAIRING_REQUIRED', { requestId: 'req-1' });
    assert.deepEqual(setupSteps({ ...base, connected: false, connectError: error }).steps, ['openclaw devices approve req-1']);
  });

  it('is refused, with the fix, when the token is wrong', () => {
    const error = new OpenClawConnectError('bad token', 'auth', 'AUTH_TOKEN_MISMATCH', {}, { hint: 'give the token' });
    const r = setupSteps({ ...base, connected: false, connectError: error });
    assert.equal(r.status.kind, 'refused');
    assert.deepEqual(r.steps, ['give the token']);
  });
});
