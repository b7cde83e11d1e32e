import * as vscode from 'vscode';
import type { ApprovalItem } from '../../approvals';
import { approvalSummary, proposalFacts, proposalSummary } from '../../approvals';
import { ownerCaller } from '../../core/caller';
import { neutraliseMarkup, visible } from '../../core/display';
import { formatExplanation } from '../../policy';
import type { CommandFactory, CommandTable } from '../commands/command';
import type { Ctx } from '../ctx';
import { pickFolder } from '../folders';
import { approveAlways } from './approve-always';
import { LENS_COMMANDS } from './proposal-lenses';
import { describeStatus } from './proposal-text';
import { parseProposalUri } from './proposal-uri';
import { proposeCommand } from './propose';

/**
 * A command that acts on one approval: its id as lenses pass it, or the proposal
 * document's URI as editor title buttons pass it.
 */
function onApproval(what: string, act: (ctx: Ctx, id: string, rest: unknown[]) => Promise<void>): CommandFactory {
  return {
    enabled: (ctx) => async (arg?: unknown, ...rest: unknown[]) => {
      const id = arg instanceof vscode.Uri ? parseProposalUri(arg)?.id : typeof arg === 'string' ? arg : activeApprovalId();
      if (id === undefined) return;
      // Title buttons pass the URI and an options object after it, not a note.
      if (arg instanceof vscode.Uri) rest = [];
      await ctx.runAction(what, () => act(ctx, id, rest));
    },
  };
}

/** The facts of an item on one line (cwd, env, timeout, who asked), for a picker. */
function factsLine(item: ApprovalItem): string {
  return proposalFacts(item).map((f) => `${f.label} ${neutraliseMarkup(f.value)}`).join(' · ');
}

/** Most characters of a proposal a confirmation dialog shows; a longer one is approved from its document. */
const MODAL_CHARS = 1000;

/** Asks for the optional note told to the agent; undefined when the person backs out (nothing is rejected). */
async function askRejectNote(item: ApprovalItem | undefined): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Reject: ${item ? approvalSummary(item, { plain: true, limit: 200 }) : 'approval'}`,
    prompt: 'Why? (optional; the agent is told.) Enter rejects, Escape keeps it pending.',
    ignoreFocusOut: true,
  });
}

async function reject(ctx: Ctx, id: string, note: unknown): Promise<void> {
  const text = typeof note === 'string' ? note : await askRejectNote(ctx.approvals.queue.get(id));
  if (text === undefined) return;
  await ctx.approvals.reject(id, text);
}

function hunkIndex(rest: unknown[]): number {
  const index = rest[0];
  if (typeof index !== 'number') throw new Error('the hunk to accept or reject is missing');
  return index;
}

/** The oldest pending item, opened; undefined (and said) when none waits. */
async function openNext(ctx: Ctx): Promise<ApprovalItem | undefined> {
  await ctx.approvals.ready;
  const next = ctx.approvals.queue.pending()[0];
  if (!next) {
    void vscode.window.showInformationMessage('Clawdock: no approvals are waiting.');
    return undefined;
  }
  await ctx.approvals.open(next);
  return next;
}

/** The approval of the active proposal document, if one is in front. */
function activeApprovalId(): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const ref = uri ? parseProposalUri(uri) : undefined;
  return ref && ref.view !== 'explain' ? ref.id : undefined;
}

async function pickPending(ctx: Ctx, placeHolder: string): Promise<ApprovalItem | undefined> {
  await ctx.approvals.ready;
  const items = ctx.approvals.queue.pending().map((item) => ({
    // The icon is ours; everything after it is neutralised so a proposal cannot draw icons or links of its own.
    label: `${item.kind === 'command' ? '$(terminal)' : '$(diff)'} ${approvalSummary(item, { plain: true, limit: 200 })}`,
    description: visible(describeStatus(item, Date.now()), { plain: true }),
    detail: `${factsLine(item)} — ${visible(item.decision.reasons[0] ?? item.decision.rule, { plain: true })}`,
    item,
  }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Clawdock: no approvals are waiting.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Clawdock: pending approvals', placeHolder, matchOnDescription: true, matchOnDetail: true }))?.item;
}

/** The approval commands: lens targets (by id) and palette commands. */
export const APPROVAL_COMMANDS: CommandTable = {
  [LENS_COMMANDS.approve]: onApproval('Approve', (ctx, id) => ctx.approvals.approve(id, 'once')),
  [LENS_COMMANDS.approveAlways]: onApproval('Approve always', (ctx, id) => approveAlways(ctx, id)),
  [LENS_COMMANDS.reject]: onApproval('Reject', (ctx, id, rest) => reject(ctx, id, rest[0])),
  [LENS_COMMANDS.explain]: onApproval('Explain', (ctx, id) => ctx.approvals.explain(id)),
  [LENS_COMMANDS.acceptHunk]: onApproval('Accept', (ctx, id, rest) => ctx.approvals.accept(id, [hunkIndex(rest)])),
  [LENS_COMMANDS.rejectHunk]: onApproval('Reject', (ctx, id, rest) => ctx.approvals.rejectHunks(id, [hunkIndex(rest)])),
  [LENS_COMMANDS.acceptAll]: onApproval('Accept all', (ctx, id) => ctx.approvals.accept(id)),
  [LENS_COMMANDS.rejectAll]: onApproval('Reject all', (ctx, id, rest) => reject(ctx, id, rest[0])),

  'clawdock.approveNext': {
    enabled: (ctx) => () => ctx.runAction('Approve Next', async () => {
      const next = await openNext(ctx);
      if (!next) return;
      // Approving from the palette must still show what is approved: the proposal is open, and this names it.
      const verb = next.kind === 'edit' ? 'Accept All' : 'Approve';
      const shown = proposalSummary(next.subject, { limit: MODAL_CHARS, plain: true });
      // Where and how it runs, and who asked, before why the policy asks.
      const detail = [...proposalFacts(next).map((f) => `${f.label}: ${neutraliseMarkup(f.value)}`), '', ...next.decision.reasons.map((r) => visible(r, { plain: true }))].join('\n');
      if (!shown.whole) {
        // Never an Approve button beside a cut: a proposal too long for the dialog is approved from its document.
        void vscode.window.showWarningMessage(`Clawdock: this proposal is too long to show here (${shown.hidden.toLocaleString('en-US')} of ${shown.total.toLocaleString('en-US')} characters would not be shown). Read it whole and approve it in its proposal document, which is open.`, { modal: true, detail });
        return;
      }
      const choice = await vscode.window.showWarningMessage(`Clawdock: ${verb.toLowerCase()} ${shown.text}?`, { modal: true, detail }, verb);
      if (choice !== verb) return;
      await (next.kind === 'edit' ? ctx.approvals.accept(next.id) : ctx.approvals.approve(next.id, 'once'));
    }),
  },
  'clawdock.rejectNext': {
    enabled: (ctx) => () => ctx.runAction('Reject Next', async () => {
      const next = await openNext(ctx);
      if (next) await reject(ctx, next.id, undefined);
    }),
  },
  'clawdock.showPendingApprovals': {
    enabled: (ctx) => () => ctx.runAction('Show Pending Approvals', async () => {
      const item = await pickPending(ctx, 'Pick one to open its proposal');
      if (item) await ctx.approvals.open(item);
    }),
  },
  'clawdock.explainDecision': {
    enabled: (ctx) => () => ctx.runAction('Explain Decision', async () => {
      const id = activeApprovalId() ?? (ctx.approvals.queue.pending().length > 0 ? (await pickPending(ctx, 'Pick one to explain'))?.id : undefined);
      if (id) return ctx.approvals.explain(id);
      const folder = await pickFolder('explain a command for');
      if (!folder) return;
      const line = await vscode.window.showInputBox({ title: 'Explain the policy decision for a command', placeHolder: 'e.g. git push --force origin main', ignoreFocusOut: true });
      if (!line) return;
      const policy = await ctx.approvals.policies.get(folder);
      const text = formatExplanation(policy.explain({ tool: 'run_command', args: { command: line } }, ownerCaller('editor')));
      ctx.approvals.showExplanation(`adhoc-${Date.now().toString(36)}`, text);
    }),
  },
  'clawdock.proposeCommand': {
    enabled: (ctx) => async (arg?: unknown) => {
      const folder = await pickFolder('propose the command in', arg instanceof vscode.Uri ? arg : undefined);
      if (!folder) return;
      const line = typeof arg === 'string' && arg.trim() !== '' ? arg : await vscode.window.showInputBox({
        title: `Propose a command for ${folder.name}`,
        prompt: 'Checked by the policy like an agent\'s command: allowed ones run, risky ones open a proposal to approve, denied ones are refused.',
        placeHolder: 'e.g. rm -rf build',
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Enter a command.' : undefined),
      });
      if (line === undefined) return;
      await ctx.runAction('Propose Command', async () => void (await proposeCommand(ctx, folder, line)));
    },
  },
};
