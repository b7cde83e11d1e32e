import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergePolicyLayers } from './merge-layers';

const rule = (decision: 'allow' | 'ask' | 'deny', id: string) => ({ id, pattern: ['x'], decision, reason: id });

describe('merging policy layers', () => {
  it('keeps workspace ask and deny rules and ignores workspace allow rules', () => {
    const merged = mergePolicyLayers({ workspaceTrusted: true, workspace: { rules: [rule('allow', 'a'), rule('ask', 'b'), rule('deny', 'c')] } });
    const ws = merged.rules.filter((r) => r.source === 'workspace').map((r) => r.spec.id);
    assert.deepEqual(ws, ['workspace:b', 'workspace:c']);
    assert.match(merged.notices.join('\n'), /workspace rule "a" is ignored/);
  });
  it('ignores an untrusted workspace entirely', () => {
    const merged = mergePolicyLayers({ workspaceTrusted: false, workspace: { rules: [rule('deny', 'c')], mode: 'read-only', readDeny: ['x'] } });
    assert.equal(merged.rules.some((r) => r.source === 'workspace'), false);
    assert.equal(merged.mode, 'ask-risky');
    assert.equal(merged.readDeny.some((g) => g.source === 'workspace'), false);
    assert.match(merged.notices[0] ?? '', /not trusted/);
  });
  it('lets a workspace pick a stricter mode but not a looser one', () => {
    assert.equal(mergePolicyLayers({ workspaceTrusted: true, workspace: { mode: 'ask-all' } }).mode, 'ask-all');
    assert.equal(mergePolicyLayers({ workspaceTrusted: true, workspace: { mode: 'ask-all' } }).modeSource, 'workspace');
    const looser = mergePolicyLayers({ workspaceTrusted: true, user: { mode: 'read-only' }, workspace: { mode: 'ask-risky' } });
    assert.deepEqual([looser.mode, looser.modeSource], ['read-only', 'user']);
    assert.match(looser.notices.join(), /looser/);
  });
  it('lets a workspace lower limits but not raise them', () => {
    const merged = mergePolicyLayers({ workspaceTrusted: true, user: { limits: { execPerMinute: 20 } }, workspace: { limits: { execPerMinute: 10, consecutiveFailures: 100 } } });
    assert.equal(merged.limits.execPerMinute, 10);
    assert.equal(merged.limits.consecutiveFailures, 8);
  });
  it('only lets the user switch built-in rules off or approve edits automatically', () => {
    const user = mergePolicyLayers({ workspaceTrusted: true, user: { disableBuiltinRules: ['awk'], autoApproveEdits: true } });
    assert.equal(user.rules.some((r) => r.spec.id === 'awk'), false);
    assert.equal(user.autoApproveEdits, true);
    const ws = mergePolicyLayers({ workspaceTrusted: true, workspace: { disableBuiltinRules: ['awk'], autoApproveEdits: true } });
    assert.equal(ws.rules.some((r) => r.spec.id === 'awk'), true);
    assert.equal(ws.autoApproveEdits, false);
    assert.equal(ws.notices.length, 2);
  });
  it('adds path globs from every layer, each knowing its source', () => {
    const merged = mergePolicyLayers({ workspaceTrusted: true, user: { readDeny: ['u'] }, workspace: { readDeny: ['w'], protectedPaths: ['p'] } });
    assert.deepEqual(merged.readDeny.filter((g) => g.source !== 'builtin'), [{ glob: 'u', source: 'user' }, { glob: 'w', source: 'workspace' }]);
    assert.deepEqual(merged.protectedPaths.at(-1), { glob: 'p', source: 'workspace' });
  });
});
