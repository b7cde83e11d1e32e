// Builds package.json's `contributes.configuration.properties` from the typed
// setting tables, so defaults and descriptions have one source.
import { APPROVAL_SETTINGS } from '../src/approvals/approval-settings';
import { REDACTION_SETTINGS } from '../src/audit/redact/redaction-settings';
import type { SettingSpec } from '../src/core/config/setting-spec';
import { POLICY_SETTINGS } from '../src/policy';
import { AGENT_SETTINGS } from '../src/agent/agent-settings';
import { SANDBOX_SETTINGS } from '../src/sandbox/sandbox-settings';
import { OPENCLAW_SETTINGS } from '../src/gateway/openclaw/openclaw-settings';

/** Every setting table that is contributed to VS Code, in the order the Settings editor shows them. */
export async function allSettingSpecs(): Promise<SettingSpec[]> {
  return [...SANDBOX_SETTINGS, ...POLICY_SETTINGS, ...APPROVAL_SETTINGS, ...REDACTION_SETTINGS, ...AGENT_SETTINGS, ...OPENCLAW_SETTINGS];
}

/** The `properties` object for package.json. */
export function toContributions(specs: readonly SettingSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of specs) {
    const prop: Record<string, unknown> = { type: s.type, default: s.default, markdownDescription: s.description + (s.restart ? ' _Applies to a new sandbox container._' : '') };
    if (s.enum) prop.enum = [...s.enum];
    if (s.minimum !== undefined) prop.minimum = s.minimum;
    if (s.maximum !== undefined) prop.maximum = s.maximum;
    if (s.type === 'array') prop.items = { type: s.items ?? 'string' };
    prop.scope = s.scope ?? 'resource';
    if (s.restricted) prop.restricted = true;
    out[`clawdock.${s.key}`] = prop;
  }
  return out;
}

/** The README's settings table. */
export function toMarkdownTable(specs: readonly SettingSpec[]): string {
  const rows = specs.map((s) => `| \`clawdock.${s.key}\` | \`${JSON.stringify(s.default)}\` | ${s.description.replace(/\|/g, '\\|')}${s.scope === 'machine' ? ' (user settings only)' : ''} |`);
  return ['| Setting | Default | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}
