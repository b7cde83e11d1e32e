import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditLog, Redactor, securityAudit } from '../audit';
import { configFromObject } from '../core/config/config-source';
import { gatherSecurityFacts } from './security-input';

const engine = (rootless: boolean, userns: boolean) => ({
  info: async () => ({ version: '1', rootless, userns, os: 'linux' }),
  inspectContainer: async () => ({ raw: { Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Destination: '/run/d.sock', RW: true }, { Type: 'tmpfs', Destination: '/tmp' }] } }) as never,
});

describe('gathering the security facts', () => {
  let root: string;
  before(async () => (root = await mkdtemp(join(tmpdir(), 'clawdock-sec-'))));
  after(() => rm(root, { recursive: true, force: true }));

  it('takes effective sandbox and redaction settings, but allow rules and auto-approval from user settings only', async () => {
    const input = await gatherSecurityFacts({
      config: configFromObject({ 'sandbox.network': 'bridge', 'redaction.secretlint': false, 'policy.mode': 'ask-all', 'policy.rules': [{ id: 'ws', pattern: ['*'], decision: 'allow', reason: 'x' }] }),
      userConfig: configFromObject({ 'policy.autoApproveEdits': true, 'policy.rules': [{ id: 'mine', pattern: ['npm', 'test'], decision: 'allow', reason: 'tests' }] }),
      grantedSecrets: ['NPM_TOKEN'],
    });
    assert.equal(input.sandbox?.['sandbox.network'], 'bridge');
    assert.equal(input.sandbox?.['sandbox.readOnlyRootFs'], true);
    assert.deepEqual(input.redaction, { highEntropy: true, secretlint: false });
    assert.deepEqual(input.policy, { mode: 'ask-all', autoApproveEdits: true, allowRules: [{ id: 'mine', pattern: ['npm', 'test'] }] });
    assert.deepEqual(input.grantedSecrets, ['NPM_TOKEN']);
    assert.equal(input.engine, undefined, 'no engine given, no engine checked');
  });

  it('reads rootless, user namespaces and the bind mounts the container actually has', async () => {
    const input = await gatherSecurityFacts({ config: configFromObject({}), userConfig: configFromObject({}), grantedSecrets: [], engine: { engine: engine(false, false), containerName: 'c' } });
    assert.deepEqual(input.engine, { rootless: false, userNamespaces: false });
    assert.deepEqual(input.mounts, [{ source: '/var/run/docker.sock', target: '/run/d.sock', readOnly: false }]);
    const ids = securityAudit(input).findings.map((f) => f.id);
    assert.ok(ids.includes('engine.root') && ids.includes('mount:/var/run/docker.sock'));
  });

  it('leaves the engine out when it does not answer', async () => {
    const down = { info: async () => { throw new Error('ECONNREFUSED'); }, inspectContainer: async () => null };
    const input = await gatherSecurityFacts({ config: configFromObject({}), userConfig: configFromObject({}), grantedSecrets: [], engine: { engine: down, containerName: 'c' } });
    assert.equal(input.engine, undefined);
  });

  it('reports the audit folder mode, each file and the chain against the kept head', async () => {
    const log = await AuditLog.open({ root, workspaceKey: 'ws-000000000000', redactor: new Redactor({ secretlint: false }) });
    await log.append({ type: 'sandbox', action: 'up' });
    const head = log.headAnchor;
    await log.close();
    await chmod(join(root, 'ws-000000000000'), 0o755);
    const input = await gatherSecurityFacts({ config: configFromObject({}), userConfig: configFromObject({}), grantedSecrets: [], audit: { dir: join(root, 'ws-000000000000'), expectHead: { ...head, seq: head.seq + 1 } } });
    assert.equal(input.audit?.dirMode, 0o755);
    assert.equal(input.audit?.files?.length, 1);
    assert.equal(input.audit?.verify?.ok, false, 'a kept head beyond the log means lines were cut off');
    const report = securityAudit(input);
    assert.ok(report.fixes.some((f) => f.kind === 'chmod' && f.mode === 0o700));
  });

  it('says nothing is wrong with an audit folder that does not exist yet and has no head', async () => {
    const input = await gatherSecurityFacts({ config: configFromObject({}), userConfig: configFromObject({}), grantedSecrets: [], audit: { dir: join(root, 'none') } });
    assert.deepEqual(input.audit, { dir: join(root, 'none') });
  });
});
