// How Security Audit shows its findings and fixes. Plain Node, tested beside.
import type { SecurityAuditReport, SecurityFinding, SecurityFix, Severity } from '../../audit';

/** The codicon for a severity. */
export const SEVERITY_ICON: Record<Severity, string> = { critical: '$(error)', warn: '$(warning)', info: '$(info)' };

/** "2 critical, 1 warning" — or "no findings". */
export function summarizeReport(report: SecurityAuditReport): string {
  const { critical, warn, info } = report.counts;
  if (critical + warn + info === 0) return 'no findings';
  return [critical && `${critical} critical`, warn && `${warn} warning${warn === 1 ? '' : 's'}`, info && `${info} info`].filter(Boolean).join(', ');
}

/** What a tightening fix does, for the confirmation. */
export function describeFix(fix: SecurityFix): string {
  return fix.kind === 'setting'
    ? `set clawdock.${fix.key} to ${JSON.stringify(fix.value)}`
    : `chmod ${fix.mode.toString(8).padStart(4, '0')} ${fix.path}`;
}

/** The setting a finding's fix names (`clawdock.x.y`), to open it from the list. */
export function settingOf(finding: SecurityFinding, fixes: readonly SecurityFix[]): string | undefined {
  const fix = fixes.find((f) => f.findingId === finding.id && f.kind === 'setting');
  if (fix?.kind === 'setting') return `clawdock.${fix.key}`;
  return /`(clawdock\.[A-Za-z0-9_.]+)`/.exec(finding.fix)?.[1];
}

/** The whole report as a read-only document. */
export function renderSecurityReport(folder: string, report: SecurityAuditReport, at: Date): string {
  const lines = [`# Clawdock security audit — ${folder}`, '', `${at.toISOString()} · ${summarizeReport(report)}`, ''];
  for (const f of report.findings) {
    lines.push(`## [${f.severity.toUpperCase()}] ${f.title}`, '', f.detail, '', `Fix: ${f.fix}`, '');
  }
  if (report.fixes.length > 0) {
    lines.push('## Fixes Clawdock can apply (each only tightens)', '');
    for (const fix of report.fixes) lines.push(`- ${describeFix(fix)}`);
    lines.push('', 'Run `Clawdock: Security Audit` and pick "Apply fixes" to apply them.', '');
  }
  return lines.join('\n');
}

/** The values a setting has at each level VS Code keeps (what `inspect` returns). */
export interface SettingLevels {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/** Where a tightening must be written: every level that holds another value; user settings when none does. */
export function fixLevels(levels: SettingLevels | undefined, tight: unknown): ('global' | 'workspace' | 'workspaceFolder')[] {
  const same = (v: unknown) => JSON.stringify(v) === JSON.stringify(tight);
  const out: ('global' | 'workspace' | 'workspaceFolder')[] = [];
  if (levels?.globalValue !== undefined && !same(levels.globalValue)) out.push('global');
  if (levels?.workspaceValue !== undefined && !same(levels.workspaceValue)) out.push('workspace');
  if (levels?.workspaceFolderValue !== undefined && !same(levels.workspaceFolderValue)) out.push('workspaceFolder');
  return out.length > 0 || levels?.globalValue !== undefined ? out : ['global'];
}
