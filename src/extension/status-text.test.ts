import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SandboxStatus } from '../sandbox';
import { statusBarText } from './status-text';

const running: SandboxStatus = {
  state: 'running', workspace: '/src/app', containerName: 'clawdock-app-1234', containerId: 'abcdef0123456789', image: 'clawdock-sandbox:1',
  upToDate: true, runner: 'executor', access: 'rw', loosened: [], runningCommands: 0, engine: 'unix:///var/run/docker.sock',
};

describe('the status bar item', () => {
  it('shows the state of a hardened sandbox without a warning', () => {
    assert.deepEqual({ ...statusBarText({ kind: 'status', status: running }), tooltip: undefined }, { text: '$(vm) Sandbox: running', tooltip: undefined, warning: false });
  });

  it('names the folder in a multi-root window', () => {
    assert.equal(statusBarText({ kind: 'status', status: running }, 'app').text, '$(vm) Sandbox (app): running');
  });

  it('warns when hardening is loosened and says which settings', () => {
    const view = statusBarText({ kind: 'status', status: { ...running, loosened: ['clawdock.sandbox.network'] } });
    assert.equal(view.warning, true);
    assert.equal(view.text, '$(warning) Sandbox: running');
    assert.match(view.tooltip, /clawdock\.sandbox\.network/);
  });

  it('warns when the engine is unreachable and says why', () => {
    const view = statusBarText({ kind: 'status', status: { ...running, state: 'unreachable', detail: 'Docker is not reachable at x' } });
    assert.equal(view.warning, true);
    assert.match(view.tooltip, /not reachable at x/);
  });

  it('names no state for a sandbox this window has not used, so no engine was asked', () => {
    const view = statusBarText({ kind: 'notInUse' }, 'app');
    assert.equal(view.text, '$(vm) Sandbox (app)');
    assert.match(view.tooltip, /Click to ask Docker/);
  });

  it('says the sandbox is off in an untrusted workspace', () => {
    assert.equal(statusBarText({ kind: 'untrusted' }).text, '$(vm) Sandbox: off');
  });
});
