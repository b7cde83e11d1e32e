import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { securityAudit } from '../../audit';
import { describeFix, fixLevels, renderSecurityReport, settingOf, summarizeReport } from './security-report-text';

const report = securityAudit({
  sandbox: { 'sandbox.network': 'bridge', 'sandbox.dangerouslyAllowNetwork': true, 'sandbox.image': 'node:latest' },
  grantedSecrets: ['NPM_TOKEN'],
  audit: { dir: '/x', dirMode: 0o755 },
});

describe('the security report', () => {
  it('sums up by severity', () => {
    assert.match(summarizeReport(report), /^\d+ critical, \d+ warnings?/);
    assert.equal(summarizeReport(securityAudit({})), 'no findings');
  });

  it('renders every finding with its fix, and the fixes that only tighten', () => {
    const text = renderSecurityReport('app', report, new Date(0));
    assert.match(text, /^# Clawdock security audit — app\n/);
    assert.match(text, /## \[CRITICAL\] Sandbox has network access\n\n.*\n\nFix: set `clawdock.sandbox.network` to "none"/);
    assert.match(text, /- set clawdock.sandbox.network to "none"/);
  });

  it('names the setting of a finding, from its fix or its text', () => {
    const network = report.findings.find((f) => f.id === 'sandbox.network')!;
    assert.equal(settingOf(network, report.fixes), 'clawdock.sandbox.network');
    const secret = report.findings.find((f) => f.id === 'secret:NPM_TOKEN')!;
    assert.equal(settingOf(secret, report.fixes), 'clawdock.sandbox.grantedSecrets');
    assert.equal(describeFix({ findingId: 'a', kind: 'chmod', path: '/x', mode: 0o700 }), 'chmod 0700 /x');
  });

  it('writes a tightening where the loose value is, or in user settings', () => {
    assert.deepEqual(fixLevels({ globalValue: 'bridge', workspaceValue: 'bridge' }, 'none'), ['global', 'workspace']);
    assert.deepEqual(fixLevels({ globalValue: 'none', workspaceFolderValue: 'bridge' }, 'none'), ['workspaceFolder']);
    assert.deepEqual(fixLevels({}, 'none'), ['global']);
  });
});
