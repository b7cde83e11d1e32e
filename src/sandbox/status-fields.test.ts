import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SandboxStatus } from './sandbox';
import { sandboxStatusFields } from './status-fields';

const running: SandboxStatus = {
  state: 'running', workspace: '/src/app', containerName: 'clawdock-app-1234', containerId: 'abcdef0123456789', image: 'clawdock-sandbox:1',
  upToDate: true, runner: 'executor', access: 'shadow', loosened: [], runningCommands: 0, engine: 'unix:///var/run/docker.sock',
};

describe('the status details (CLI and editor alike)', () => {
  it('list loosened settings last, flagged, each with its setting', () => {
    const fields = sandboxStatusFields({ ...running, loosened: ['clawdock.sandbox.network', 'clawdock.sandbox.capAdd'] });
    assert.deepEqual(fields.slice(-2), [
      { label: 'Loosened', value: 'clawdock.sandbox.network', warning: true, setting: 'clawdock.sandbox.network' },
      { label: 'Loosened', value: 'clawdock.sandbox.capAdd', warning: true, setting: 'clawdock.sandbox.capAdd' },
    ]);
  });

  it('show a short container id', () => {
    assert.equal(sandboxStatusFields(running).find((f) => f.label === 'Container')?.value, 'clawdock-app-1234 (abcdef012345)');
  });

  it('say which engine answered, its health, where the shadow layer lives and what the network allows', () => {
    const fields = sandboxStatusFields({
      ...running,
      engineKind: 'podman', engineDetail: 'Podman 4.3.1, rootful', health: { status: 'not run', detail: 'Podman runs health checks through systemd' },
      shadow: { volume: 'clawdock-shadow-1234', upper: '/state/upper', mount: 'copy' },
      egress: { proxy: 'clawdock-egress-1234', network: 'net', allowed: 3, denied: 1, ask: true },
    });
    const value = (label: string) => fields.find((f) => f.label === label)?.value;
    assert.equal(value('Engine'), 'unix:///var/run/docker.sock: Podman 4.3.1, rootful');
    assert.equal(value('Health'), 'not run (Podman runs health checks through systemd)');
    assert.equal(value('Shadow layer'), '/state/upper (copy, volume clawdock-shadow-1234)');
    assert.equal(value('Network'), 'allowlist: 3 allowed, 1 denied domain entries, others asked; proxy clawdock-egress-1234');
  });

  it('flag rw access as the weaker mode', () => {
    const field = sandboxStatusFields({ ...running, access: 'rw' }).find((f) => f.label === 'Workspace access');
    assert.equal(field?.warning, true);
    assert.match(field?.value ?? '', /write the folder directly/);
  });
});
