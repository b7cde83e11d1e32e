// What a sandbox's status says, field by field: one list for `clawdock
// sandbox status` and the editor's Show Sandbox Status, so neither shows
// less than the other (the engine, its health, the shadow layer, the network).
import type { SandboxStatus } from './sandbox';

/** One line of the status details; `setting` names the setting that explains or fixes it. */
export interface StatusField {
  readonly label: string;
  readonly value: string;
  readonly warning: boolean;
  readonly setting?: string;
}

/** The status as a list of fields, loosened hardening last and flagged. */
export function sandboxStatusFields(s: SandboxStatus): StatusField[] {
  const fields: StatusField[] = [
    { label: 'State', value: s.state, warning: s.state === 'unreachable' },
    { label: 'Workspace', value: `${s.workspace} → /workspace`, warning: false },
    { label: 'Workspace access', value: s.access === 'rw' ? 'rw (commands write the folder directly)' : s.access, warning: s.access === 'rw', setting: 'clawdock.sandbox.workspaceAccess' },
  ];
  if (s.shadow) fields.push({ label: 'Shadow layer', value: `${s.shadow.upper} (${s.shadow.mount}, volume ${s.shadow.volume})`, warning: false });
  if (s.egress) {
    const proxy = s.egress.proxy ?? 'not running (no network until the next command starts it)';
    fields.push({ label: 'Network', value: `allowlist: ${s.egress.allowed} allowed, ${s.egress.denied} denied domain entries${s.egress.ask ? ', others asked' : ''}; proxy ${proxy}`, warning: false, setting: 'clawdock.sandbox.allowedDomains' });
  }
  fields.push(
    { label: 'Container', value: s.containerId ? `${s.containerName} (${s.containerId.slice(0, 12)})` : s.containerName, warning: false },
    { label: 'Image', value: s.image ?? '—', warning: false, setting: 'clawdock.sandbox.image' },
    { label: 'Engine', value: s.engineDetail ? `${s.engine}: ${s.engineDetail}` : s.engine, warning: s.state === 'unreachable', setting: 'clawdock.sandbox.dockerHost' },
  );
  if (s.health) fields.push({ label: 'Health', value: s.health.detail ? `${s.health.status} (${s.health.detail})` : s.health.status, warning: s.health.status === 'unhealthy' });
  fields.push(
    { label: 'Command runner', value: s.runner, warning: false },
    { label: 'Running commands', value: String(s.runningCommands), warning: false },
  );
  if (s.containerId) fields.push({ label: 'Up to date', value: s.upToDate ? 'yes' : s.state === 'running' ? 'no — recreated at the next command' : 'no', warning: false });
  if (s.detail) fields.push({ label: 'Detail', value: s.detail, warning: s.state === 'unreachable' });
  for (const setting of s.loosened) fields.push({ label: 'Loosened', value: setting, warning: true, setting });
  return fields;
}
