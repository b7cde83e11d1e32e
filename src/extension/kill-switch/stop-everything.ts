// The kill switch's order of work (issue 4, incident response). Plain Node over
// small interfaces, tested beside.
import type { AuditEventOf } from '../../audit';
import type { Caller } from '../../core/caller';
import type { StopRegistry } from './stop-registry';

/** What the kill switch needs of one folder's sandbox (Sandbox fits). */
export interface StoppableSandbox {
  status(): Promise<{ readonly state: string; readonly runningCommands: number }>;
  killCommands(): Promise<number>;
  pause(): Promise<void>;
}

/** One workspace folder of the window. */
export interface StopFolder {
  /** The folder's path as opened (what approvals and cancellables name). */
  readonly workspace: string;
  readonly name: string;
  /** Its sandbox, or undefined when this window may not contact the engine for it. */
  readonly sandbox: StoppableSandbox | undefined;
}

/** What Stop Everything acts on. */
export interface StopEverythingInput {
  readonly folders: readonly StopFolder[];
  readonly registry: StopRegistry;
  readonly approvals: {
    pending(): readonly { readonly id: string; readonly workspace: string }[];
    cancel(id: string, reason: string): Promise<unknown>;
  };
  /** Writes the folder's `kill-switch` line. */
  readonly record: (workspace: string, event: AuditEventOf<'kill-switch'>) => Promise<unknown>;
  readonly caller: Caller;
  readonly reason: string;
}

/** What happened in one folder. */
export interface FolderStopReport {
  readonly workspace: string;
  readonly name: string;
  readonly cancelledTurns: number;
  readonly rejectedApprovals: number;
  readonly killedCommands: number;
  readonly paused: boolean;
  /** Why the sandbox could not be stopped or paused, if it could not. */
  readonly sandboxError?: string;
  /** Why the kill-switch line could not be written, if it could not. */
  readonly auditError?: string;
}

/**
 * Stops everything, in the order that leaves nothing able to start again:
 * agent turns first (they would queue new work), then pending approvals
 * (cancelled: nothing runs from them), then this window's commands in flight,
 * then every command in each container (whoever started it), then the
 * container is paused for inspection.
 *
 * Unlike other actions, the audit line comes after: stopping is the safe
 * direction, so it must never wait on (or be refused by) a failing audit
 * disk. A line that cannot be written is reported instead.
 */
export async function stopEverything(input: StopEverythingInput): Promise<FolderStopReport[]> {
  const cancelled = input.registry.stopAll(input.reason);
  const rejected = new Map<string, number>();
  for (const item of input.approvals.pending()) {
    try {
      // The queue records no line for a cancellation; the count goes in the kill-switch line.
      if (await input.approvals.cancel(item.id, input.reason)) rejected.set(item.workspace, (rejected.get(item.workspace) ?? 0) + 1);
    } catch {
      // Cancelling is in memory; a failed save still leaves it cancelled for this window.
    }
  }
  return Promise.all(input.folders.map(async (folder) => {
    const turns = cancelled.get(folder.workspace)?.turns ?? 0;
    const aborted = cancelled.get(folder.workspace)?.commands ?? 0;
    const stopped = folder.sandbox ? await stopSandbox(folder.sandbox) : { running: 0, swept: 0, paused: false };
    // Commands this window knew of; processes the sweep killed count only when nothing here knew of any (a CLI run).
    const killed = Math.max(aborted, stopped.running) || stopped.swept;
    const report: FolderStopReport = {
      workspace: folder.workspace, name: folder.name, cancelledTurns: turns, rejectedApprovals: rejected.get(folder.workspace) ?? 0,
      killedCommands: killed, paused: stopped.paused, ...(stopped.error ? { sandboxError: stopped.error } : {}),
    };
    try {
      await input.record(folder.workspace, {
        type: 'kill-switch', caller: { ...input.caller }, action: 'stop',
        cancelledTurns: report.cancelledTurns, rejectedApprovals: report.rejectedApprovals, killedCommands: report.killedCommands, containerPaused: report.paused,
      });
      return report;
    } catch (err) {
      return { ...report, auditError: (err as Error).message };
    }
  }));
}

async function stopSandbox(sandbox: StoppableSandbox): Promise<{ running: number; swept: number; paused: boolean; error?: string }> {
  let running = 0;
  let swept = 0;
  try {
    const status = await sandbox.status();
    running = status.runningCommands;
    if (status.state !== 'running') return { running, swept, paused: status.state === 'paused' };
    swept = await sandbox.killCommands();
    await sandbox.pause();
    return { running, swept, paused: true };
  } catch (err) {
    return { running, swept, paused: false, error: (err as Error).message };
  }
}

/** One line for the notification: what was stopped, across folders. */
export function describeStop(reports: readonly FolderStopReport[]): string {
  const sum = (f: (r: FolderStopReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const parts = [
    `${sum((r) => r.killedCommands)} command(s) killed`,
    `${sum((r) => r.rejectedApprovals)} approval(s) rejected`,
    `${sum((r) => r.cancelledTurns)} agent turn(s) cancelled`,
  ];
  const paused = reports.filter((r) => r.paused).map((r) => r.name);
  const frozen = paused.length === 0 ? 'no sandbox was running' : `paused for inspection: ${paused.join(', ')}`;
  return `Clawdock stopped everything — ${parts.join(', ')}; ${frozen}.`;
}
