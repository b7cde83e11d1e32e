import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, EngineUnreachableError, SandboxError } from '../core/errors';
import { settingToFix } from './error-fix';

describe('the setting that fixes an error', () => {
  it('is the engine address when Docker is unreachable', () => {
    assert.equal(settingToFix(new EngineUnreachableError('/var/run/docker.sock')), 'clawdock.sandbox.dockerHost');
  });

  it('is the setting a ConfigError names', () => {
    assert.equal(settingToFix(new ConfigError('clawdock.sandbox.network', 'refused')), 'clawdock.sandbox.network');
  });

  it('is the first setting quoted in another error', () => {
    assert.equal(settingToFix(new SandboxError('image missing', { hint: 'check `clawdock.sandbox.image`' })), 'clawdock.sandbox.image');
  });

  it('is unknown when nothing names one', () => {
    assert.equal(settingToFix(new Error('boom')), undefined);
    assert.equal(settingToFix('boom'), undefined);
  });
});
