import * as vscode from 'vscode';
import { securityAudit, type SecurityAuditReport, type SecurityFinding } from '../../audit';
import type { ConfigSource } from '../../core/config/config-source';
import { createEngine, gatherSecurityFacts } from '../../sandbox';
import type { Cmd, CommandFactory } from '../commands/command';
import { configSource, openSetting, readConfig } from '../config';
import type { Ctx } from '../ctx';
import { pickFolder } from '../folders';
import { readSecretFacts } from '../secrets/granted-secrets-setting';
import { applySecurityFixes } from './apply-fixes';
import { describeFix, renderSecurityReport, settingOf, SEVERITY_ICON, summarizeReport } from './security-report-text';

type Item = vscode.QuickPickItem & { readonly finding?: SecurityFinding; readonly action?: 'fix' | 'report' };

const APPLY = 'Apply';

function userSource(folder: vscode.WorkspaceFolder): ConfigSource {
  const section = vscode.workspace.getConfiguration('clawdock', folder.uri);
  return { get: <T>(key: string) => section.inspect<T>(key)?.globalValue };
}

async function audit(ctx: Ctx, folder: vscode.WorkspaceFolder, withEngine: boolean): Promise<SecurityAuditReport> {
  const expectHead = ctx.audit.expectHead(folder);
  const settings = withEngine ? readConfig(folder).sandbox : undefined;
  const input = await gatherSecurityFacts({
    config: configSource(folder),
    userConfig: userSource(folder),
    ...readSecretFacts(),
    // An untrusted workspace's settings could name any engine: contact none there.
    ...(settings ? { engine: { engine: createEngine(settings), containerName: ctx.sandboxes.get(folder).workspace.containerName } } : {}),
    audit: { dir: ctx.audit.dir(folder), ...(expectHead ? { expectHead } : {}) },
  });
  return securityAudit(input);
}

function items(report: SecurityAuditReport): Item[] {
  const out: Item[] = report.findings.map((f) => ({ label: `${SEVERITY_ICON[f.severity]} ${f.title}`, description: f.severity, detail: `${f.detail} — Fix: ${f.fix}`, finding: f }));
  if (out.length === 0) out.push({ label: '$(pass) No findings', detail: 'The sandbox, policy, redaction, secrets and audit log are as tight as Clawdock knows to check.' });
  out.push({ label: 'Actions', kind: vscode.QuickPickItemKind.Separator });
  if (report.fixes.length > 0) out.push({ label: `$(wrench) Apply ${report.fixes.length} tightening fix(es)…`, detail: report.fixes.map(describeFix).join('; '), action: 'fix' });
  out.push({ label: '$(file) Open the full report', action: 'report' });
  return out;
}

async function fix(ctx: Ctx, folder: vscode.WorkspaceFolder, report: SecurityAuditReport): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    `Apply ${report.fixes.length} fix(es) to ${folder.name}?`,
    { modal: true, detail: `Each one only tightens:\n${report.fixes.map((f) => `• ${describeFix(f)}`).join('\n')}\n\nLoosened settings are reset where they are set (user, workspace or folder settings).` },
    APPLY,
  );
  if (choice !== APPLY) return;
  const { done, failed } = await applySecurityFixes(folder, ctx.audit.dir(folder), report.fixes);
  for (const d of done) ctx.logger.info(`security audit fix: ${d}`);
  if (failed.length > 0) throw new Error(`${failed.length} fix(es) could not be applied: ${failed.join('; ')}`);
  const after = await audit(ctx, folder, ctx.trusted);
  void vscode.window.showInformationMessage(`Clawdock: ${done.length} fix(es) applied; the security audit now finds ${summarizeReport(after)}.`);
}

function run(ctx: Ctx, withEngine: () => boolean): Cmd {
  return async (arg?: unknown) => {
    const folder = await pickFolder('audit the security of', arg);
    if (!folder) return;
    await ctx.runAction('Security Audit', async () => {
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Clawdock: security audit…' }, () => audit(ctx, folder, withEngine()));
      ctx.logger.info(`security audit of ${folder.name}: ${summarizeReport(report)}`);
      const picked = await vscode.window.showQuickPick(items(report), {
        title: `Clawdock security audit — ${folder.name}: ${summarizeReport(report)}`,
        placeHolder: 'Pick a finding to open its setting, or an action',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (picked?.action === 'fix') await fix(ctx, folder, report);
      else if (picked?.action === 'report') await ctx.reports.show(`Security audit — ${folder.name}.md`, renderSecurityReport(folder.name, report, new Date()));
      else if (picked?.finding) {
        const setting = settingOf(picked.finding, report.fixes);
        if (setting) await openSetting(setting);
      }
    });
  };
}

/**
 * `Clawdock: Security Audit` — findings by severity over the effective settings,
 * the engine, the audit folder and its chain, granted secrets and the policy,
 * with the tightening fixes to apply after a confirmation. In an untrusted
 * workspace it runs without contacting the engine.
 */
export const securityAuditCommand: CommandFactory = {
  enabled: (ctx) => run(ctx, () => ctx.trusted),
  disabled: (ctx) => run(ctx, () => false),
};
