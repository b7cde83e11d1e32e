import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObject } from '../core/config/config-source';
import { readSandboxSettings } from '../sandbox';
import { changedSandboxSettings } from './settings-diff';

const defaults = readSandboxSettings(configFromObject({}));

describe('changed sandbox settings', () => {
  it('are none when nothing changed', () => {
    assert.deepEqual(changedSandboxSettings(defaults, readSandboxSettings(configFromObject({}))), []);
  });

  it('need a restart for a limit baked into the container', () => {
    const after = readSandboxSettings(configFromObject({ 'sandbox.memoryMb': 4096 }));
    assert.deepEqual(changedSandboxSettings(defaults, after), [{ setting: 'clawdock.sandbox.memoryMb', restart: true }]);
  });

  it('need no restart for a per-command setting', () => {
    const after = readSandboxSettings(configFromObject({ 'sandbox.defaultTimeoutSeconds': 5 }));
    assert.deepEqual(changedSandboxSettings(defaults, after), [{ setting: 'clawdock.sandbox.defaultTimeoutSeconds', restart: false }]);
  });

  it('see changes inside lists', () => {
    const after = readSandboxSettings(configFromObject({ 'sandbox.protectedPaths': ['secrets/**'] }));
    assert.deepEqual(changedSandboxSettings(defaults, after).map((c) => c.setting), ['clawdock.sandbox.protectedPaths']);
  });
});
