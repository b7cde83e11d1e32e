import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Decision } from '../../policy';
import { withEnvironment } from './env-decision';
import { stripApprovalFields, systemRunParams, vscodeAgentParams } from './invoke-params';

const allow: Decision = { decision: 'allow', rule: 'r', source: 'builtin', reasons: ['read-only'], subcommands: [], dryRun: false };

describe('invocation params', () => {
  it('strips approval fields a caller puts into params, whoever sent them (CVE-2026-28466)', () => {
    const { params, stripped } = stripApprovalFields({ command: ['ls'], approved: true, approvalDecision: 'allow-once', systemRunPlan: { argv: ['ls'] }, security: 'full' });
    assert.deepEqual(params, { command: ['ls'] });
    assert.deepEqual(stripped.sort(), ['approvalDecision', 'approved', 'security', 'systemRunPlan']);
  });

  it('rejects an unknown field by name', () => {
    const r = systemRunParams.safeParse({ command: ['ls'], sudo: true });
    assert.equal(r.success, false);
  });

  it('accepts what the gateway\'s exec tool sends', () => {
    const r = systemRunParams.safeParse({ command: ['/bin/sh', '-lc', 'ls'], rawCommand: 'ls', timeoutMs: 1800000, agentId: 'main', sessionKey: 'agent:main:main', runId: 'x', suppressNotifyOnExit: true });
    assert.equal(r.success, true);
  });

  it('refuses a vscode_agent task that is empty or has extra fields', () => {
    assert.equal(vscodeAgentParams.safeParse({ task: '' }).success, false);
    assert.equal(vscodeAgentParams.safeParse({ task: 'x', profile: 'owner' }).success, false);
  });
});

describe('environment additions (CVE-2026-32058: an approval binds the environment too)', () => {
  it('refuses a variable that can change what runs', () => {
    for (const name of ['PATH', 'LD_PRELOAD', 'BASH_ENV', 'GIT_SSH_COMMAND']) assert.equal(withEnvironment(allow, { [name]: 'x' }, 'paired').decision, 'deny', name);
  });

  it('turns allow into ask for any other variable', () => {
    const d = withEnvironment(allow, { FOO: '1' }, 'paired');
    assert.equal(d.decision, 'ask');
    assert.equal(d.rule, 'openclaw.env');
  });

  it('refuses environment additions from read-only callers', () => {
    assert.equal(withEnvironment(allow, { FOO: '1' }, 'group').decision, 'deny');
  });

  it('leaves a decision without environment alone', () => {
    assert.equal(withEnvironment(allow, {}, 'group'), allow);
  });
});
