// Approvals for the headless agent, answered by the owner alone in their own
// DM: `/approve CODE` or `/deny CODE [note]`, when the provider's
// `ownerApprovals` is on. Without it (and with no VS Code window connected)
// nobody can approve, so everything that asks is refused. Each request and
// answer is audited like the editor's; an unanswered one expires and fails closed.
import type { AgentAudit, ApprovalOutcome, ApprovalRequest, Approver } from '../../agent';
import { bindingSha256, describeSubject, recordingApprover } from '../../agent';
import { visible } from '../../policy';
import { newPairingCode } from './access/pairing-code';

/** The owner's DM on one provider. */
export interface OwnerChannel {
  send(text: string): Promise<void>;
}

/** Options of the owner's approvals. */
export interface OwnerApprovalsOptions {
  /** Where to ask; undefined when DM approvals are off. */
  readonly channel?: OwnerChannel;
  readonly audit: AgentAudit;
  /** 0 = never expires. */
  readonly timeoutMs: number;
}

interface Waiting {
  readonly approvalId: string;
  readonly resolve: (answer: { verdict: 'approve' | 'reject'; note?: string } | 'expired' | 'cancelled' | 'undelivered') => void;
}

/** The pending approvals of the headless agent. */
export class OwnerApprovals {
  readonly #waiting = new Map<string, Waiting>();

  constructor(private readonly options: OwnerApprovalsOptions) {}

  /** Whether the owner can answer from their DM. */
  get enabled(): boolean {
    return this.options.channel !== undefined;
  }

  /** The Approver the headless agent uses. */
  approver(): Approver {
    const channel = this.options.channel;
    if (!channel) {
      return recordingApprover(async () => ({
        verdict: 'reject',
        note: 'nobody can approve this here: connect the VS Code window (approvals in the editor) or turn on ownerApprovals for the owner\'s DM',
      }), this.options.audit, { by: 'gateway', surface: 'gateway' });
    }
    return { requestApproval: (request, signal) => this.#ask(channel, request, signal) };
  }

  /** The owner's `/approve CODE` or `/deny CODE note`: the reply for the owner. */
  answer(verb: 'approve' | 'deny', typed: string, note?: string): string {
    const code = typed.trim().toUpperCase();
    const waiting = this.#waiting.get(code);
    if (!waiting) return `There is no pending approval ${visible(code)} (it may have expired or been answered).`;
    this.#waiting.delete(code);
    waiting.resolve({ verdict: verb === 'approve' ? 'approve' : 'reject', ...(note ? { note } : {}) });
    return verb === 'approve' ? `Approved ${code}.` : `Denied ${code}.`;
  }

  /** Cancels every pending approval (shutdown). */
  cancelAll(): void {
    for (const w of this.#waiting.values()) w.resolve('cancelled');
    this.#waiting.clear();
  }

  async #ask(channel: OwnerChannel, request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalOutcome> {
    const code = newPairingCode(new Set(this.#waiting.keys())).slice(0, 6);
    const approvalId = `gw-${code}`;
    const { audit, timeoutMs } = this.options;
    const summary = describeSubject(request.subject);
    const binding = bindingSha256(request.subject);
    // The owner is shown this subject; what runs must be exactly it.
    if (request.bindingSha256 !== undefined && request.bindingSha256 !== binding) return { status: 'cancelled', reason: 'the approval could not be bound to what would run; nothing was asked or run' };
    const session = request.sessionId !== undefined ? { sessionId: request.sessionId } : {};
    await audit.append({
      type: 'approval-requested', approvalId, ...(request.callId !== undefined ? { callId: request.callId.slice(0, 200) } : {}), ...session, caller: { ...request.caller },
      kind: request.subject.kind === 'read' ? 'other' : request.subject.kind, bindingSha256: binding, summary: summary.slice(0, 4000),
      ...(timeoutMs > 0 ? { expiresAt: new Date(Date.now() + timeoutMs).toISOString() } : {}),
    });
    const started = Date.now();
    const answer = await new Promise<Parameters<Waiting['resolve']>[0]>((resolve) => {
      const timer = timeoutMs > 0 ? setTimeout(() => finish('expired'), timeoutMs) : undefined;
      const onAbort = () => finish('cancelled');
      const finish = (a: Parameters<Waiting['resolve']>[0]) => {
        if (timer) clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiting.delete(code);
        resolve(a);
      };
      this.#waiting.set(code, { approvalId, resolve: finish });
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) return finish('cancelled');
      const why = request.decision.reasons.map(visible).join('; ');
      const text = [
        `Approval ${code}: ${visible(request.caller.id)} (${request.caller.profile}) — the agent wants to ${summary}.`,
        why ? `Why it asks: ${why}` : '',
        request.taint ? `Note: ${visible(request.taint)}` : '',
        `Reply /approve ${code} or /deny ${code}${timeoutMs > 0 ? ` within ${Math.round(timeoutMs / 60_000) || 1} min` : ''}.`,
      ].filter(Boolean).join('\n');
      // A DM that cannot be sent is a rejection, not a wait that nobody sees.
      channel.send(text).catch(() => finish('undelivered'));
    });
    if (answer === 'cancelled') return { status: 'cancelled', reason: 'the task was cancelled before the owner answered' };
    if (answer === 'undelivered') return { status: 'cancelled', reason: 'the approval request could not be delivered to the owner\'s DM' };
    if (answer === 'expired') {
      await audit.append({ type: 'approval-expired', approvalId, ...session, afterMs: Date.now() - started });
      return { status: 'expired', afterMs: Date.now() - started };
    }
    await audit.append({ type: 'approval-answered', approvalId, ...session, answer: answer.verdict === 'approve' ? 'approved' : 'rejected', by: 'owner', surface: 'gateway' });
    const note = answer.note ? { note: answer.note } : {};
    return answer.verdict === 'approve'
      ? { status: 'approved', by: 'owner', surface: 'gateway', approvalId, ...note }
      : { status: 'rejected', by: 'owner', surface: 'gateway', approvalId, ...note };
  }
}
