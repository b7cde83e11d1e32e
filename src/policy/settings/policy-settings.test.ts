import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configFromObject } from '../../core/config/config-source';
import { ConfigError } from '../../core/errors';
import { DEFAULT_POLICY_SETTINGS, POLICY_SETTINGS, readPolicyLayer, readPolicySettings } from './policy-settings';

describe('policy settings', () => {
  it('read nothing from an empty layer', () => {
    assert.deepEqual(readPolicyLayer(configFromObject({})), {});
  });
  it('fill in defaults for complete settings', () => {
    assert.deepEqual(readPolicySettings(configFromObject({})), DEFAULT_POLICY_SETTINGS);
  });
  it('read every key of a layer, clamping limits, and refuse an unknown mode naming it', () => {
    const layer = readPolicyLayer(configFromObject({
      'policy.mode': 'read-only',
      'policy.rules': [{ pattern: ['make'], decision: 'allow', reason: 'builds' }],
      'policy.approvalPatterns': ['git push', '', 3],
      'policy.readDeny': ['**/*.sqlite'],
      'policy.protectedPaths': ['Makefile'],
      'sandbox.protectedPaths': ['scripts/**'],
      'policy.disableBuiltinRules': ['awk'],
      'policy.autoApproveEdits': true,
      'policy.limits.execPerMinute': 1e9,
      'policy.limits.consecutiveFailures': 0,
      'policy.limits.modelCallsPerHour': 'lots',
    }));
    assert.equal(layer.mode, 'read-only');
    assert.equal(layer.rules?.length, 1);
    assert.deepEqual(layer.approvalPatterns, ['git push']);
    assert.deepEqual(layer.protectedPaths, ['Makefile', 'scripts/**']);
    assert.deepEqual(layer.limits, { execPerMinute: 10_000, consecutiveFailures: 1 });
    assert.equal(layer.autoApproveEdits, true);
    assert.throws(() => readPolicyLayer(configFromObject({ 'policy.mode': 'yolo' })), /`policy\.mode`: "yolo" is not a policy mode — use one of ask-risky, ask-all, read-only, dry-run/);
  });
  it('name the rule that is malformed', () => {
    assert.throws(
      () => readPolicyLayer(configFromObject({ 'policy.rules': [{ pattern: ['a'], decision: 'allow', reason: 'x' }, { pattern: ['b'], decision: 'maybe', reason: 'x' }] })),
      (err: unknown) => err instanceof ConfigError && err.setting === 'policy.rules[1].decision',
    );
    assert.throws(() => readPolicyLayer(configFromObject({ 'policy.rules': [{ pattern: ['a'], decision: 'deny', reason: 'x', extra: 1 }] })), ConfigError);
    assert.throws(() => readPolicyLayer(configFromObject({ 'policy.rules': 'nope' })), ConfigError);
  });
  it('list every setting once with a default of the right type', () => {
    const keys = POLICY_SETTINGS.map((s) => s.key);
    assert.equal(new Set(keys).size, keys.length);
    for (const s of POLICY_SETTINGS) {
      assert.ok(s.key.startsWith('policy.'), s.key);
      assert.equal(Array.isArray(s.default) ? 'array' : typeof s.default, s.type, s.key);
      assert.ok(s.description.length > 10, s.key);
    }
  });
});
