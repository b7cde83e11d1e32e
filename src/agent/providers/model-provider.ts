// The provider-neutral contract between the agent loop and a model. Anthropic,
// OpenAI-compatible servers and (in src/extension) `vscode.lm` implement it.
//
// Everything a model produces is untrusted input (DESIGN.md, trust model):
// tool-call arguments stay raw JSON text here; parsing and validating them is
// the policy's job.

/** A tool call as the model made it; `arguments` is the model's raw JSON text, untrusted and possibly malformed. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/** Something the person (or the gateway, on their behalf) said. */
export interface UserTurn {
  readonly role: 'user';
  readonly text: string;
}

/** What the model said in an earlier turn: text and the tool calls it made, in that order. */
export interface AssistantTurn {
  readonly role: 'assistant';
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
}

/** The outcome of one tool call, sent back to the model; `isError` marks refusals and failures. */
export interface ToolResultTurn {
  readonly role: 'tool-result';
  readonly toolCallId: string;
  readonly content: string;
  readonly isError?: boolean;
}

/** One entry of the conversation after the system prompt. */
export type Turn = UserTurn | AssistantTurn | ToolResultTurn;

/** A tool the model may call; `inputSchema` is a JSON Schema object describing its arguments. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

/** Everything a provider needs for one model call. */
export interface ModelRequest {
  readonly system: string;
  readonly turns: readonly Turn[];
  readonly tools: readonly ToolDefinition[];
  /** Overrides the provider's configured output limit for this call. */
  readonly maxTokens?: number;
  readonly temperature?: number;
}

/** Why the model stopped; anything a provider cannot map is `other` (its own word kept in `rawStopReason`). */
export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'refusal' | 'other';

/** A piece of the assistant's text, in order. */
export interface TextDeltaEvent {
  readonly type: 'text-delta';
  readonly text: string;
}

/**
 * A complete tool call. `malformed` is true when the raw arguments are not a JSON
 * object; the call is still reported so the policy can refuse it with a reason
 * the model can read.
 */
export interface ToolCallEvent {
  readonly type: 'tool-call';
  readonly call: ToolCall;
  readonly malformed: boolean;
}

/** Token counts for the whole call, reported once when the provider knows them. */
export interface UsageEvent {
  readonly type: 'usage';
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Input tokens served from a prompt cache, when the provider says. */
  readonly cacheReadTokens?: number;
  /** Input tokens written to a prompt cache, when the provider says. */
  readonly cacheWriteTokens?: number;
}

/** The last event of a successful call; a stream that ends without it has failed. */
export interface DoneEvent {
  readonly type: 'done';
  readonly stopReason: StopReason;
  readonly rawStopReason?: string;
}

/** What `ModelProvider.stream` yields, in order: text and tool calls, usage, then `done`. */
export type ModelEvent = TextDeltaEvent | ToolCallEvent | UsageEvent | DoneEvent;

/** Prices in US dollars per million tokens. */
export interface TokenCost {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/** What the agent and the UI may know about a provider and its model. */
export interface ProviderInfo {
  /** Stable provider id: `anthropic`, `openai`, `vscode-lm`, … */
  readonly id: string;
  /** Human-readable name for messages ("Anthropic", "OpenAI-compatible server at …"). */
  readonly label: string;
  readonly model: string;
  /** The API root requests go to, for HTTP providers (what `clawdock.models.allowed` matches `baseUrl` against). */
  readonly baseUrl?: string;
  /** Input window in tokens, when known. */
  readonly contextWindow?: number;
  /** When known; local servers have none. */
  readonly cost?: TokenCost;
}

/** Per-call options. */
export interface StreamOptions {
  /** Aborting ends the call: the connection is closed and the iteration throws `ProviderAbortedError`. */
  readonly signal?: AbortSignal;
}

/**
 * A model behind some API. `stream` yields events until `done`; every failure
 * (auth, rate limit, HTTP, timeout, a stream cut short, abort) is thrown as a
 * subclass of `ProviderError`, never reported as a partial success.
 */
export interface ModelProvider {
  readonly info: ProviderInfo;
  stream(request: ModelRequest, options?: StreamOptions): AsyncIterable<ModelEvent>;
}
