import * as vscode from 'vscode';
import { suggestAlwaysRule } from '../../approvals';
import { ClawdockError } from '../../core/errors';
import { visible } from '../../policy';
import type { Ctx } from '../ctx';

const SAVE = 'Save Rule and Approve';
const ONCE = 'Approve Once';

/**
 * `Approve always`: shows the allow rule(s) that would have let the command
 * through — never wider than the program's grammar proves safe (the exact argv
 * for programs that can run others), with two commands each allows and two it
 * does not — and only after the person agrees checks them against the policy
 * (their examples must hold), appends exactly those rules to the user's
 * `clawdock.policy.rules`, and approves. Offers to approve once when no rule can help.
 */
export async function approveAlways(ctx: Ctx, id: string): Promise<void> {
  const item = ctx.approvals.queue.get(id);
  if (!item) throw new ClawdockError(`there is no approval ${id}`);
  const suggestion = suggestAlwaysRule(item.toolCall, item.decision);
  if (!suggestion.ok) {
    const choice = await vscode.window.showWarningMessage('Clawdock: Approve always is not available for this command.', { modal: true, detail: visible(suggestion.reason) }, ONCE);
    if (choice === ONCE) await ctx.approvals.approve(id, 'once');
    return;
  }
  // The JSON shown is the object saved below, examples included.
  const detail = `${suggestion.text}\n\nSaved as:\n${visible(JSON.stringify(suggestion.rules, null, 2))}`;
  const choice = await vscode.window.showInformationMessage('Clawdock: approve this command always?', { modal: true, detail }, SAVE, ONCE);
  if (choice === ONCE) return ctx.approvals.approve(id, 'once');
  if (choice !== SAVE) return;
  // A rule whose examples fail would stop the policy from loading at all: check before saving.
  await ctx.approvals.policies.withUserRules(ctx.approvals.folderOf(item), suggestion.rules);
  const config = vscode.workspace.getConfiguration('clawdock');
  const current = config.inspect<unknown[]>('policy.rules')?.globalValue ?? [];
  await config.update('policy.rules', [...current, ...suggestion.rules], vscode.ConfigurationTarget.Global);
  ctx.logger.info(`approve always: added ${suggestion.rules.map((r) => r.id).join(', ')} to clawdock.policy.rules`);
  await ctx.approvals.approve(id, 'always');
}
