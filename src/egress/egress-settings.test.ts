import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configFromObject } from '../core/config/config-source';
import { ConfigError } from '../core/errors';
import { readEgressSettings } from './egress-settings';

const texts = (list: ReadonlyArray<{ text: string }>) => list.map((p) => p.text);

describe('readEgressSettings', () => {
  it('expands presets beside the listed domains, in canonical form', () => {
    const s = readEgressSettings({ user: configFromObject({ 'sandbox.allowedDomains': ['Example.COM.'], 'sandbox.allowedDomainPresets': ['pypi'] }), workspaceTrusted: true });
    assert.deepEqual(texts(s.rules.allowed), ['example.com', 'pypi.org', 'files.pythonhosted.org']);
  });
  it('counts --allow-domain flags as the user\'s own entries', () => {
    const s = readEgressSettings({ user: configFromObject({}), workspaceTrusted: true, allowDomains: ['a.test'] });
    assert.deepEqual(texts(s.rules.allowed), ['a.test']);
  });
  it('lets a workspace narrow the user\'s list and ignores what would widen it', () => {
    const s = readEgressSettings({
      user: configFromObject({ 'sandbox.allowedDomains': ['*.example.com', 'pypi.org'] }),
      workspace: configFromObject({ 'sandbox.allowedDomains': ['api.example.com', 'evil.com', 'example.com'] }),
      workspaceTrusted: true,
    });
    assert.deepEqual(texts(s.rules.allowed), ['api.example.com']);
    assert.equal(s.notices.length, 2);
    assert.match(s.notices[0]!, /evil\.com.*only narrow/);
  });
  it('lets a workspace name a preset only when the user allows its domains', () => {
    const s = readEgressSettings({
      user: configFromObject({ 'sandbox.allowedDomainPresets': ['npm'] }),
      workspace: configFromObject({ 'sandbox.allowedDomainPresets': ['npm', 'github'] }),
      workspaceTrusted: true,
    });
    assert.deepEqual(texts(s.rules.allowed), ['registry.npmjs.org', 'registry.yarnpkg.com']);
  });
  it('adds workspace denials to the user\'s', () => {
    const s = readEgressSettings({ user: configFromObject({ 'sandbox.deniedDomains': ['a.com'] }), workspace: configFromObject({ 'sandbox.deniedDomains': ['b.com'] }), workspaceTrusted: true });
    assert.deepEqual(texts(s.rules.denied), ['a.com', 'b.com']);
  });
  it('lets a workspace turn asking off but not on', () => {
    const on = configFromObject({ 'sandbox.egressAsk': true });
    const off = configFromObject({ 'sandbox.egressAsk': false });
    assert.equal(readEgressSettings({ user: on, workspace: off, workspaceTrusted: true }).rules.ask, false);
    assert.equal(readEgressSettings({ user: off, workspace: on, workspaceTrusted: true }).rules.ask, false);
    assert.equal(readEgressSettings({ user: on, workspace: configFromObject({}), workspaceTrusted: true }).rules.ask, true);
  });
  it('ignores an untrusted workspace entirely, denials included', () => {
    const s = readEgressSettings({ user: configFromObject({ 'sandbox.allowedDomains': ['a.com'] }), workspace: configFromObject({ 'sandbox.allowedDomains': [] }), workspaceTrusted: false });
    assert.deepEqual(texts(s.rules.allowed), ['a.com']);
    assert.match(s.notices[0]!, /not trusted/);
  });
  it('refuses a malformed entry with the setting named', () => {
    assert.throws(() => readEgressSettings({ user: configFromObject({ 'sandbox.allowedDomains': ['https://x.com/'] }), workspaceTrusted: true }), (e: unknown) => e instanceof ConfigError && e.setting === 'clawdock.sandbox.allowedDomains');
    assert.throws(() => readEgressSettings({ user: configFromObject({ 'sandbox.allowedDomainPresets': ['cargo'] }), workspaceTrusted: true }), /crates/);
    assert.throws(() => readEgressSettings({ user: configFromObject({ 'sandbox.deniedDomains': ['10.0.0.1'] }), workspaceTrusted: true }), /deniedDomains/);
  });
});
