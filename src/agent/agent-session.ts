// The agent loop of one session: a task goes to the model with the tools; each
// tool call the model makes goes through ToolCallRunner; results go back; the
// turn ends when the model answers without tool calls, a limit or budget stops
// it, the model refuses, something below fails, or the person cancels. Every
// tool call in the transcript has its result, whatever way the turn ends.
import type { Redactor } from '../audit';
import type { Caller } from '../core/caller';
import { ClawdockError } from '../core/errors';
import type { Event } from '../core/event';
import { Emitter } from '../core/event';
import { canonicalJson, sha256Hex } from '../core/hash';
import type { Policy, ToolDefinition as PolicyToolDefinition } from '../policy';
import { BUILTIN_TOOLS, createToolRegistry } from '../policy';
import type { AgentEvent, ToolCallStatus, TurnStop, TurnStopReason, UsageTotals, Violation } from './agent-events';
import type { AgentAudit, AgentFiles, AgentSandbox } from './agent-services';
import type { Approver } from './approver';
import type { AgentBudget } from './budget';
import { BudgetTracker, DEFAULT_BUDGET } from './budget';
import { limitNumbers } from './limit-numbers';
import { DEFAULT_KEEP_LAST_ROUNDS, estimateTextTokens, trimContext } from './context-trim';
import { toModelTools } from './model-tools';
import type { ModelProvider, ToolCall, ToolDefinition, ToolResultTurn, Turn } from './providers';
import { ProviderAbortedError } from './providers';
import { buildSystemPrompt } from './system-prompt';
import type { TaintOptions } from './taint';
import { TaintTracker } from './taint';
import { DEFAULT_RESULT_CHARS, oneLine } from './tool-output';
import { ToolCallRunner } from './tool-call-runner';
import type { TranscriptEntry } from './transcript';
import { newSessionId, readTranscript, TranscriptWriter } from './transcript';
import type { AgentChanges } from './change-summary';
import { checkModelAllowed, type ModelAllowlist } from './model-allowlist';

/** Everything a session is built from. */
export interface AgentSessionOptions {
  readonly provider: ModelProvider;
  readonly policy: Policy;
  readonly sandbox: AgentSandbox;
  readonly files: AgentFiles;
  /** A shadowed workspace's change set: looked at after each command and write, so the model knows what waits for review. */
  readonly changes?: AgentChanges;
  readonly audit: AgentAudit;
  /** The one redactor: tool output is masked with it before the model sees it. */
  readonly redactor: Redactor;
  readonly approver: Approver;
  /** Host path of the workspace folder. */
  readonly workspace: string;
  /** Folder of this workspace's transcripts; without it nothing is persisted. */
  readonly sessionsDir?: string;
  /** Continue this saved session (needs sessionsDir). */
  readonly resume?: string;
  /** Per-task budget; unset fields take DEFAULT_BUDGET's. */
  readonly budget?: Partial<AgentBudget>;
  readonly taint?: TaintOptions;
  /** The owner's extra instructions for the system prompt. */
  readonly instructions?: string;
  /** The tools offered (default: the six built-in ones; the policy must know them all). */
  readonly tools?: readonly PolicyToolDefinition[];
  /** Most characters of one tool result sent to the model (default 20 000). */
  readonly maxResultChars?: number;
  /** Context window in tokens (default: the provider's, else 128 000). */
  readonly contextWindow?: number;
  /** Output tokens to leave room for in the window (default 8 192). */
  readonly outputReserve?: number;
  /** Rounds kept whole when trimming (default 6). */
  readonly keepLastRounds?: number;
  /**
   * `clawdock.models.allowed`, every layer (model-allowlist.ts), or a reader of
   * its current value. Required, so no host can open a session that skips it:
   * the provider is checked when the session opens and before every request.
   */
  readonly models: ModelAllowlist | (() => ModelAllowlist);
}

/** One task for the agent. */
export interface AgentTask {
  readonly text: string;
  readonly caller: Caller;
  /** Set when the task text itself comes from outside (a forwarded message, a web page): the turn starts tainted. */
  readonly untrustedOrigin?: string;
  /**
   * What a denied or invalid tool call does to the run: `continue` (the model is
   * told and may try another way) or `halt` (the run ends there). Default: `halt`
   * for every caller but the owner (issue 12: a stranger's words get one strike).
   */
  readonly onViolation?: 'continue' | 'halt';
}

/** How a turn went. */
export interface TurnResult {
  readonly stop: TurnStop;
  readonly totals: UsageTotals;
  /** The model's last text in this turn. */
  readonly text: string;
}

const DEFAULT_CONTEXT_WINDOW = 128_000;
const DEFAULT_OUTPUT_RESERVE = 8_192;

/** Opens a new session, or the saved one named by `options.resume`. */
export async function openAgentSession(options: AgentSessionOptions): Promise<AgentSession> {
  // Before anything else: a model this workspace may not use gets no session, no transcript, no request.
  await checkModelAllowed(options.provider.info, allowlistOf(options), options.audit);
  let turns: Turn[] = [];
  let id: string;
  let writer: TranscriptWriter | undefined;
  if (options.resume !== undefined) {
    if (!options.sessionsDir) throw new ClawdockError('a session can only be resumed from a sessions folder');
    const loaded = await readTranscript(options.sessionsDir, options.resume);
    id = loaded.header.id;
    turns = closeDanglingCalls([...loaded.turns]);
    writer = await TranscriptWriter.open(options.sessionsDir, id);
  } else {
    id = newSessionId();
    if (options.sessionsDir) {
      writer = await TranscriptWriter.create(options.sessionsDir, {
        v: 1, type: 'session', id, createdAt: new Date().toISOString(), workspace: options.workspace,
        provider: options.provider.info.id, model: options.provider.info.model,
      });
    }
  }
  await options.audit.append({
    type: 'session-start', sessionId: id, workspace: options.workspace.slice(0, 4096),
    provider: options.provider.info.id.slice(0, 1000), model: options.provider.info.model.slice(0, 1000),
  });
  return new AgentSession(options, id, turns, writer);
}

/** A conversation with the agent in one workspace; one turn at a time. */
export class AgentSession {
  private readonly _onEvent = new Emitter<AgentEvent>();
  /** Everything that happens, in order: the chat panel and `--json` consume this. */
  readonly onEvent: Event<AgentEvent> = this._onEvent.event;

  readonly #options: AgentSessionOptions;
  readonly #turns: Turn[];
  readonly #writer: TranscriptWriter | undefined;
  readonly #runner: ToolCallRunner;
  readonly #tools: readonly ToolDefinition[];
  readonly #taint: TaintTracker;
  #running = false;
  #lastStop: TurnStopReason | undefined;
  #started = Date.now();
  #lastTrimNote: string | undefined;

  constructor(options: AgentSessionOptions, readonly id: string, turns: Turn[], writer: TranscriptWriter | undefined) {
    this.#options = options;
    this.#turns = turns;
    this.#writer = writer;
    const tools = options.tools ?? BUILTIN_TOOLS;
    this.#tools = toModelTools(tools);
    this.#taint = new TaintTracker(options.taint);
    this.#runner = new ToolCallRunner({
      policy: options.policy, registry: createToolRegistry(tools), sandbox: options.sandbox, files: options.files, audit: options.audit,
      redactor: options.redactor, approver: options.approver, workspace: options.workspace, sessionId: id,
      maxResultChars: options.maxResultChars ?? DEFAULT_RESULT_CHARS, ...(options.changes ? { changes: options.changes } : {}),
    });
  }

  /** The conversation so far (as persisted; requests may send a trimmed view). */
  get turns(): readonly Turn[] {
    return this.#turns;
  }

  /**
   * Marks the current turn as holding untrusted content (the hook for sources
   * the loop cannot see, e.g. a gateway message added mid-turn): automatic
   * approvals stop until the turn ends.
   */
  taint(reason: string): void {
    const r = this.#taint.mark(reason);
    if (r) this.#emit({ type: 'tainted', reason: r });
  }

  /** Runs one task to its end. Abort `signal` to cancel: pending approvals are cancelled and a running command is killed. */
  async runTurn(task: AgentTask, options: { readonly signal?: AbortSignal } = {}): Promise<TurnResult> {
    if (this.#running) throw new ClawdockError('the agent is already working on a task in this session', { hint: 'wait for it or cancel it' });
    this.#running = true;
    const signal = options.signal ?? new AbortController().signal;
    const provider = this.#options.provider;
    const budget = new BudgetTracker({ ...DEFAULT_BUDGET, ...this.#options.budget }, provider.info.cost);
    let lastText = '';
    let lastStatus: ToolCallStatus | undefined;
    const end = async (reason: TurnStopReason, message: string, violation?: Violation): Promise<TurnResult> => {
      const stop: TurnStop = { reason, message, endedAfterRefusal: lastStatus === 'refused' || lastStatus === 'rejected' || lastStatus === 'expired', ...(violation ? { violation } : {}) };
      this.#lastStop = reason;
      await this.#save({ type: 'stop', at: new Date().toISOString(), reason, message }).catch(() => undefined);
      this.#emit({ type: 'turn-finished', stop, totals: budget.totals });
      return { stop, totals: budget.totals, text: lastText };
    };

    try {
      const tainted = this.#taint.beginTurn(task.caller, task.untrustedOrigin);
      this.#emit({ type: 'turn-started', sessionId: this.id, task: task.text, caller: task.caller });
      if (tainted) this.#emit({ type: 'tainted', reason: tainted });
      await this.#save({ type: 'task', at: new Date().toISOString(), caller: task.caller, text: task.text });
      await this.#push({ role: 'user', text: task.text });

      for (let index = 0; ; index++) {
        if (signal.aborted) return await end('cancelled', 'Cancelled by the person.');
        const over = budget.beforeModelCall();
        if (over) return await end('budget', over);
        const trip = this.#options.policy.limits.beforeModelCall();
        if (trip) {
          await this.#record(task.caller, { type: 'limit-tripped', limit: trip.limit, ...limitNumbers(trip), action: 'paused' });
          return await end('limit', trip.message);
        }

        const system = buildSystemPrompt({ profile: task.caller.profile, dryRun: this.#options.policy.mode === 'dry-run', ...(this.#options.instructions ? { extra: this.#options.instructions } : {}) });
        const context = this.#context(system);
        if (!context.fits) return await end('budget', 'Stopped: the conversation no longer fits the model\'s context window, even after trimming. Start a new session, or use a model with a larger window.');
        const request = { system, turns: context.turns, tools: this.#tools };
        // The settings may have narrowed since the session opened: refused (and audited) before a byte is sent.
        await checkModelAllowed(provider.info, allowlistOf(this.#options), this.#options.audit, { sessionId: this.id, caller: task.caller });
        const promptSha256 = sha256Hex(canonicalJson(request));
        await this.#record(task.caller, { type: 'model-request', provider: provider.info.id, model: provider.info.model, inputTokens: context.tokens, outputTokens: 0, promptSha256 });
        this.#options.policy.limits.recordModelCall();
        budget.recordModelCall();
        this.#emit({ type: 'model-request', index, contextTokens: context.tokens });

        const started = performance.now();
        const answer = await this.#stream(request, signal);
        const durationMs = performance.now() - started;
        const usage = answer.usage ?? { inputTokens: context.tokens, outputTokens: Math.ceil((answer.text.length + answer.calls.reduce((n, c) => n + c.call.arguments.length, 0)) / 4) };
        await this.#record(task.caller, {
          type: 'model-request', provider: provider.info.id, model: provider.info.model, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens,
          promptSha256, durationMs, ...(answer.error ? { error: answer.error.message.slice(0, 1000) } : {}),
        });
        budget.recordUsage(usage.inputTokens, usage.outputTokens);
        this.#emit({ type: 'usage', inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totals: budget.totals });

        if (answer.text !== '' || answer.calls.length > 0) {
          await this.#push({ role: 'assistant', text: answer.text, toolCalls: answer.calls.map((c) => c.call) });
          lastText = answer.text;
        }
        if (answer.error) {
          if (signal.aborted || answer.error instanceof ProviderAbortedError) return await end('cancelled', 'Cancelled by the person.');
          return await end('error', `The model provider failed: ${answer.error.message}`);
        }
        if (answer.stopReason === 'refusal') return await end('refused', `The model refused the task${answer.text ? `: ${answer.text.slice(0, 500)}` : '.'}`);
        if (answer.calls.length === 0) {
          if (answer.stopReason === 'max_tokens') return await end('max-tokens', 'Stopped: the model\'s answer hit its output limit. Ask it to continue, or raise the provider\'s max tokens.');
          return await end('finished', answer.text.trim() === '' ? 'The agent finished.' : answer.text.trim());
        }

        let stop: { reason: TurnStopReason; message: string; violation?: Violation } | undefined;
        for (const { call, malformed } of answer.calls) {
          if (stop || signal.aborted) {
            const why = signal.aborted ? 'the person cancelled the task' : stop?.message ?? '';
            await this.#push(skipped(call, `Not run: ${why}.`));
            continue;
          }
          const over = budget.beforeToolCall();
          if (over) {
            stop = { reason: 'budget', message: over };
            await this.#push(skipped(call, `Not run: ${over}`));
            continue;
          }
          budget.recordToolCall();
          const outcome = await this.#runner.run(call, malformed, { caller: task.caller, signal, taint: this.#taint, emit: (e) => this.#emit(e) });
          lastStatus = outcome.status;
          await this.#push(outcome.result);
          if (outcome.violation && (task.onViolation ?? (task.caller.profile === 'owner' ? 'continue' : 'halt')) === 'halt') {
            const v = outcome.violation;
            // On disk before the turn ends: the audit says which call and which rule ended the run.
            await this.#record(task.caller, { type: 'run-halted', callId: v.callId, tool: v.tool, rule: v.rule.slice(0, 1000), sourceLayer: v.source, reason: v.reason });
            stop = { reason: 'halted', violation: v, message: `Halted on a policy violation: ${task.caller.id}'s run proposed \`${v.summary}\` [${v.callId}], refused by rule ${v.rule} (${v.source}): ${oneLine(v.reason, 300)}. The run ended there; the model gets no second try.` };
          }
          if (outcome.pause) stop = { reason: 'limit', message: outcome.pause };
          if (outcome.fatal) stop = { reason: 'error', message: `Stopped: ${(outcome.fatal as Error).message}` };
        }
        if (signal.aborted) return await end('cancelled', 'Cancelled by the person.');
        if (stop) return await end(stop.reason, stop.message, stop.violation);
      }
    } catch (error) {
      if (signal.aborted) return await end('cancelled', 'Cancelled by the person.');
      return await end('error', `Stopped: ${(error as Error).message}`);
    } finally {
      this.#running = false;
    }
  }

  /** Records the end of the session and closes its transcript. */
  async close(): Promise<void> {
    const last = this.#lastStop;
    const reason = last === 'cancelled' || last === 'error' || last === 'halted' ? last : last === 'limit' || last === 'budget' ? 'limit' : 'completed';
    try {
      await this.#options.audit.append({ type: 'session-end', sessionId: this.id, reason, durationMs: Date.now() - this.#started });
    } finally {
      await this.#writer?.close();
      this._onEvent.dispose();
    }
  }

  #emit(event: AgentEvent): void {
    try {
      this._onEvent.fire(event);
    } catch {
      // A failing view must not break the loop.
    }
  }

  #record(caller: Caller, event: Parameters<AgentAudit['append']>[0]): Promise<unknown> {
    return this.#options.audit.append({ ...event, sessionId: this.id, caller: { ...caller } });
  }

  async #save(entry: TranscriptEntry): Promise<void> {
    await this.#writer?.append(entry);
  }

  async #push(turn: Turn): Promise<void> {
    this.#turns.push(turn);
    await this.#save({ type: 'turn', at: new Date().toISOString(), turn });
  }

  #context(system: string): { turns: readonly Turn[]; tokens: number; fits: boolean } {
    const info = this.#options.provider.info;
    // An explicit setting wins over what the provider's table says.
    const window = this.#options.contextWindow ?? info.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
    const fixed = estimateTextTokens(system) + estimateTextTokens(JSON.stringify(this.#tools));
    const budgetTokens = window - fixed - (this.#options.outputReserve ?? DEFAULT_OUTPUT_RESERVE);
    const r = trimContext(this.#turns, { budgetTokens, keepLastRounds: this.#options.keepLastRounds ?? DEFAULT_KEEP_LAST_ROUNDS });
    if (r.note && r.note !== this.#lastTrimNote) this.#emit({ type: 'context-trimmed', note: r.note, droppedTurns: r.droppedTurns, clearedResults: r.clearedResults });
    this.#lastTrimNote = r.note;
    return { turns: r.turns, tokens: r.estimatedTokens + fixed, fits: r.fits };
  }

  async #stream(request: Parameters<ModelProvider['stream']>[0], signal: AbortSignal): Promise<ModelAnswer> {
    const answer: ModelAnswer = { text: '', calls: [], stopReason: undefined, usage: undefined, error: undefined };
    try {
      for await (const event of this.#options.provider.stream(request, { signal })) {
        switch (event.type) {
          case 'text-delta':
            answer.text += event.text;
            this.#emit({ type: 'text-delta', text: event.text });
            break;
          case 'tool-call':
            answer.calls.push({ call: event.call, malformed: event.malformed });
            break;
          case 'usage':
            answer.usage = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
            break;
          case 'done':
            answer.stopReason = event.stopReason;
            break;
        }
      }
    } catch (error) {
      if (!(error instanceof ClawdockError) && !signal.aborted) throw error;
      answer.error = error as Error;
      // A call cut short: its tool calls are incomplete and never run; the text so far is kept.
      answer.calls = [];
    }
    return answer;
  }
}

function allowlistOf(options: AgentSessionOptions): ModelAllowlist {
  return typeof options.models === 'function' ? options.models() : options.models;
}

interface ModelAnswer {
  text: string;
  calls: { call: ToolCall; malformed: boolean }[];
  stopReason: string | undefined;
  usage: { inputTokens: number; outputTokens: number } | undefined;
  error: Error | undefined;
}

function skipped(call: ToolCall, content: string): ToolResultTurn {
  return { role: 'tool-result', toolCallId: call.id, content, isError: true };
}

/** A transcript cut off mid-turn (a crash) may end in tool calls without results: answer them so the model API accepts it. */
function closeDanglingCalls(turns: Turn[]): Turn[] {
  const answered = new Set(turns.flatMap((t) => (t.role === 'tool-result' ? [t.toolCallId] : [])));
  const out: Turn[] = [];
  for (const t of turns) {
    out.push(t);
    if (t.role !== 'assistant') continue;
    for (const c of t.toolCalls) if (!answered.has(c.id)) out.push(skipped(c, 'Not run: the session ended before this call was handled.'));
  }
  return out;
}
