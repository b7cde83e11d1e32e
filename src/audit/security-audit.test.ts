import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { securityAudit, type SecurityFinding } from './security-audit';

const ids = (findings: readonly SecurityFinding[]): string[] => findings.map((f) => f.id);

describe('the security audit', () => {
  test('finds nothing in the hardened defaults', () => {
    const report = securityAudit({
      sandbox: { 'sandbox.network': 'none', 'sandbox.readOnlyRootFs': true, 'sandbox.noNewPrivileges': true, 'sandbox.capAdd': [], 'sandbox.dangerouslyAllowNetwork': false, 'sandbox.image': '', 'sandbox.memoryMb': 2048 },
      mounts: [{ source: '/home/me/project', target: '/workspace', readOnly: false }],
      engine: { rootless: true, userNamespaces: false },
      audit: { dir: '/x/audit/ws', dirMode: 0o40700, files: [{ path: '/x/audit/ws/2024-05-06.jsonl', mode: 0o100600 }], verify: { ok: true, files: 1, lines: 3, head: 'h' } },
      redaction: { highEntropy: true, secretlint: true },
      grantedSecrets: [],
      policy: { mode: 'ask-risky', autoApproveEdits: false, allowRules: [{ id: 'npm-test', pattern: ['npm', 'test', '*'] }] },
      gateway: { enabled: true, dmPolicy: 'pairing', allowFrom: ['12345'], tokenLength: 64, bind: '127.0.0.1' },
    });
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.fixes, []);
  });

  test('flags every loosened sandbox setting as critical, with the setting that fixes it', () => {
    const report = securityAudit({ sandbox: { 'sandbox.dangerouslyAllowNetwork': true, 'sandbox.network': 'bridge', 'sandbox.dangerouslyAllowCapabilities': true, 'sandbox.capAdd': ['SYS_ADMIN'] } });
    assert.deepEqual(ids(report.findings), ['sandbox.capAdd', 'sandbox.dangerouslyAllowCapabilities', 'sandbox.dangerouslyAllowNetwork', 'sandbox.network']);
    assert.ok(report.findings.every((f) => f.severity === 'critical'));
    assert.equal(report.findings.find((f) => f.id === 'sandbox.network')?.fix, 'set `clawdock.sandbox.network` to "none"');
    assert.deepEqual(report.fixes.find((f) => f.findingId === 'sandbox.dangerouslyAllowNetwork'), { findingId: 'sandbox.dangerouslyAllowNetwork', kind: 'setting', key: 'sandbox.dangerouslyAllowNetwork', value: false });
  });

  test('flags the Docker socket and credential folders mounted into the sandbox', () => {
    const report = securityAudit({
      mounts: [
        { source: '/var/run/docker.sock', target: '/var/run/docker.sock', readOnly: false },
        { source: '/home/me/.ssh', target: '/mnt/ssh', readOnly: true },
        { source: '/home/me/project', target: '/workspace', readOnly: false },
      ],
    });
    assert.deepEqual(ids(report.findings), ['mount:/home/me/.ssh', 'mount:/var/run/docker.sock']);
    assert.match(report.findings[1]?.title ?? '', /socket/);
  });

  test('warns about unpinned images, unlimited resources, a root engine and a remote engine', () => {
    const report = securityAudit({
      sandbox: { 'sandbox.image': 'node:latest', 'sandbox.pidsLimit': 0, 'sandbox.dockerHost': 'tcp://10.0.0.5:2375' },
      engine: { rootless: false, userNamespaces: false },
    });
    assert.deepEqual(ids(report.findings), ['engine.root', 'sandbox.dockerHost', 'sandbox.image', 'sandbox.pidsLimit']);
    assert.equal(securityAudit({ sandbox: { 'sandbox.image': `node@sha256:${'a'.repeat(64)}` } }).findings.length, 0);
    assert.equal(securityAudit({ sandbox: { 'sandbox.image': 'node:20.11-bookworm' } }).findings[0]?.severity, 'info');
  });

  test('flags loose audit permissions and a broken chain, and fixes permissions with chmod', () => {
    const report = securityAudit({
      audit: {
        dir: '/a/ws',
        dirMode: 0o40755,
        files: [{ path: '/a/ws/2024-05-06.jsonl', mode: 0o100644 }],
        verify: { ok: false, files: 1, lines: 2, break: { file: '/a/ws/2024-05-06.jsonl', line: 3, reason: 'edited', detail: 'its content does not match its hash' } },
      },
    });
    assert.deepEqual(ids(report.findings), ['audit.chain', 'audit.dirMode', 'audit.fileMode:/a/ws/2024-05-06.jsonl']);
    assert.match(report.findings[0]?.detail ?? '', /line 3: edited/);
    assert.deepEqual(report.fixes.map((f) => (f.kind === 'chmod' ? f.mode : -1)), [0o700, 0o600]);
  });

  test('flags weakened redaction, granted secrets and wide-open approvals', () => {
    const report = securityAudit({
      redaction: { highEntropy: false, secretlint: false },
      grantedSecrets: ['NPM_TOKEN'],
      policy: { mode: 'ask-risky', autoApproveEdits: true, allowRules: [{ id: 'yolo', pattern: ['**'] }] },
    });
    assert.deepEqual(ids(report.findings), ['policy.rules:yolo', 'secret:NPM_TOKEN', 'policy.autoApproveEdits', 'redaction.highEntropy', 'redaction.secretlint']);
  });

  test('reports a secret in every command\'s environment as an escape path, a refused bare name, and a bound secret by its hosts', () => {
    const report = securityAudit({
      sandbox: { 'sandbox.network': 'allowlist', 'sandbox.dangerouslyExposeSecretsToSandbox': true },
      grantedSecrets: ['OLD_TOKEN'], refusedSecrets: ['BARE'], boundSecrets: [{ name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'] }],
    });
    const secret = (name: string) => report.findings.find((f) => f.id === `secret:${name}`)!;
    assert.equal(secret('OLD_TOKEN').severity, 'critical');
    assert.match(secret('OLD_TOKEN').title, /Escape path/);
    assert.match(secret('OLD_TOKEN').fix, /"hosts"/);
    assert.equal(report.findings.find((f) => f.id === 'sandbox.dangerouslyExposeSecretsToSandbox')?.severity, 'critical');
    assert.equal(secret('BARE').severity, 'warn');
    assert.equal(secret('NPM_TOKEN').severity, 'info');
    assert.match(secret('NPM_TOKEN').title, /registry\.npmjs\.org/);
    const noProxy = securityAudit({ sandbox: { 'sandbox.network': 'none' }, boundSecrets: [{ name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'] }] });
    assert.match(noProxy.findings[0]!.detail, /allowlist/);
  });

  test('flags an open or exposed gateway, and fixes only by tightening', () => {
    const report = securityAudit({ gateway: { enabled: true, dmPolicy: 'open', allowFrom: ['*', '42'], groupAllowFrom: ['*'], tokenLength: 12, bind: '0.0.0.0' } });
    assert.deepEqual(ids(report.findings), ['gateway.allowFrom', 'gateway.bind', 'gateway.dmPolicy', 'gateway.token', 'gateway.groupAllowFrom']);
    assert.deepEqual(report.counts, { critical: 4, warn: 1, info: 0 });
    assert.deepEqual(
      report.fixes.map((f) => (f.kind === 'setting' ? [f.key, f.value] : [])),
      [['gateway.dmPolicy', 'pairing'], ['gateway.allowFrom', ['42']], ['gateway.groupAllowFrom', []], ['gateway.bind', '127.0.0.1']],
    );
  });

  test('ignores a disabled gateway', () => {
    assert.equal(securityAudit({ gateway: { enabled: false, dmPolicy: 'open', tokenLength: 0, bind: '0.0.0.0' } }).findings.length, 0);
  });
});
