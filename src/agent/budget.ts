// Per-task budgets: a task stops cleanly, with a sentence saying which budget
// ran out and how to give it more, instead of running up turns, calls or cost.
import type { TokenCost } from './providers';
import type { UsageTotals } from './agent-events';

/** Limits for one task (one `runTurn`). */
export interface AgentBudget {
  /** Model requests. */
  readonly maxTurns: number;
  readonly maxToolCalls: number;
  /** Input plus output tokens over all requests. */
  readonly maxTokens: number;
  /** US dollars; only enforced when the provider's prices are known. */
  readonly maxCostUsd?: number;
}

/** Defaults generous enough for real tasks and small enough to stop a runaway. */
export const DEFAULT_BUDGET: AgentBudget = { maxTurns: 40, maxToolCalls: 150, maxTokens: 2_000_000, maxCostUsd: 5 };

/** Counts one task's use against its budget. */
export class BudgetTracker {
  #inputTokens = 0;
  #outputTokens = 0;
  #modelCalls = 0;
  #toolCalls = 0;
  #costUsd: number | undefined;

  constructor(
    private readonly budget: AgentBudget,
    private readonly cost?: TokenCost,
  ) {
    if (cost) this.#costUsd = 0;
  }

  /** A model request is about to go out. */
  recordModelCall(): void {
    this.#modelCalls += 1;
  }

  /** A tool call is about to be handled. */
  recordToolCall(): void {
    this.#toolCalls += 1;
  }

  /** Tokens one request used. */
  recordUsage(inputTokens: number, outputTokens: number): void {
    this.#inputTokens += inputTokens;
    this.#outputTokens += outputTokens;
    if (this.cost && this.#costUsd !== undefined) {
      this.#costUsd += (inputTokens * this.cost.inputPerMillion + outputTokens * this.cost.outputPerMillion) / 1_000_000;
    }
  }

  get totals(): UsageTotals {
    return {
      inputTokens: this.#inputTokens,
      outputTokens: this.#outputTokens,
      modelCalls: this.#modelCalls,
      toolCalls: this.#toolCalls,
      ...(this.#costUsd !== undefined ? { costUsd: this.#costUsd } : {}),
    };
  }

  /** Why the next model request may not go out, or undefined. */
  beforeModelCall(): string | undefined {
    const b = this.budget;
    if (this.#modelCalls >= b.maxTurns) return stop(`it used ${this.#modelCalls} of its ${b.maxTurns} model turns`, 'maxTurns (--max-turns)');
    const tokens = this.#inputTokens + this.#outputTokens;
    if (tokens >= b.maxTokens) return stop(`it used ${tokens} tokens, over its budget of ${b.maxTokens}`, 'maxTokens');
    if (b.maxCostUsd !== undefined && this.#costUsd !== undefined && this.#costUsd >= b.maxCostUsd) {
      return stop(`it cost about $${this.#costUsd.toFixed(2)}, over its budget of $${b.maxCostUsd.toFixed(2)}`, 'maxCostUsd');
    }
    return undefined;
  }

  /** Why the next tool call may not run, or undefined. */
  beforeToolCall(): string | undefined {
    if (this.#toolCalls >= this.budget.maxToolCalls) return stop(`it made ${this.#toolCalls} of its ${this.budget.maxToolCalls} tool calls`, 'maxToolCalls');
    return undefined;
  }
}

function stop(what: string, setting: string): string {
  return `Stopped: the task's budget ran out — ${what}. Continue the session to give it a fresh budget, or raise ${setting}.`;
}
