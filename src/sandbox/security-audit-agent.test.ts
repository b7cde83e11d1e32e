import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { configFromObject } from '../core/config/config-source';
import { gatherSecurityFacts } from './security-input';
import { securityAudit } from '../audit';

const ids = (input: Parameters<typeof securityAudit>[0]) => securityAudit(input).findings.map((f) => f.id);

describe('security audit: halt on violation and the models a workspace may use (issue 15)', () => {
  it('notes onViolation report and an empty models.allowed, naming the setting to change', () => {
    const report = securityAudit({ agent: { onViolation: 'report', allowedModels: 0 } });
    assert.deepEqual(report.findings.map((f) => [f.id, f.severity]), [['models.allowed', 'info'], ['policy.onViolation', 'info']]);
    assert.match(report.findings.find((f) => f.id === 'policy.onViolation')?.fix ?? '', /clawdock\.policy\.onViolation.*"halt"/);
    assert.match(report.findings.find((f) => f.id === 'models.allowed')?.fix ?? '', /clawdock\.models\.allowed/);
  });

  it('is quiet once runs halt and the models are narrowed', () => {
    assert.deepEqual(ids({ agent: { onViolation: 'halt', allowedModels: 1 } }), []);
  });

  it('gathers both from the settings: a workspace\'s halt counts, a list in either layer counts', async () => {
    const input = await gatherSecurityFacts({
      config: configFromObject({ 'policy.onViolation': 'halt' }), userConfig: configFromObject({ 'models.allowed': [{ baseUrl: 'http://127.0.0.1:*/**' }] }), grantedSecrets: [],
    });
    assert.deepEqual(input.agent, { onViolation: 'halt', allowedModels: 1 });
    const defaults = await gatherSecurityFacts({ config: configFromObject({}), userConfig: configFromObject({}), grantedSecrets: [] });
    assert.deepEqual(ids(defaults).filter((id) => id === 'policy.onViolation' || id === 'models.allowed').sort(), ['models.allowed', 'policy.onViolation']);
  });
});
