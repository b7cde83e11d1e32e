// Turns a Chat Completions stream into provider-neutral events. Tool calls
// arrive in pieces keyed by `index` and are reported once the choice finishes;
// usage comes in a last chunk with no choices; `data: [DONE]` ends the stream,
// and a stream that ends without it is a failure.
import { randomUUID } from 'node:crypto';
import { ProviderStreamError } from './errors/provider-stream-error';
import { asRecord } from './json-record';
import type { ModelEvent, StopReason, UsageEvent } from './model-provider';
import type { SseEvent } from './sse-parser';
import { isMalformedArguments, normalizeArguments } from './tool-arguments';

interface PartialCall {
  id: string;
  name: string;
  args: string;
}

/** Stateful decoder for one Chat Completions stream. */
export class OpenAiStreamDecoder {
  private readonly calls = new Map<number, PartialCall>();
  private finishReason: string | undefined;
  private refused = false;
  private sawToolCalls = false;
  private usage: UsageEvent | undefined;
  private started = false;
  /** True once `[DONE]` arrived. */
  completed = false;

  constructor(private readonly provider: string, private readonly scrub: (text: string) => string) {}

  decode(sse: SseEvent): ModelEvent[] {
    if (this.completed) return [];
    if (sse.data.trim() === '[DONE]') return this.complete();
    const chunk = this.parse(sse);
    if (chunk.error !== undefined && chunk.error !== null) {
      const error = asRecord(chunk.error);
      const message = typeof error.message === 'string' ? error.message : typeof chunk.error === 'string' ? chunk.error : 'no details';
      throw new ProviderStreamError(this.provider, `the stream reported an error: ${this.scrub(message)}`);
    }
    this.started = true;
    this.readUsage(asRecord(chunk.usage));
    const choices = Array.isArray(chunk.choices) ? chunk.choices.map(asRecord) : [];
    // We ask for one choice; servers that number it differently still send it first.
    const choice = choices.find((c) => c.index === 0) ?? choices[0];
    if (!choice) return [];
    const out: ModelEvent[] = [];
    const delta = asRecord(choice.delta);
    if (typeof delta.content === 'string' && delta.content !== '') out.push({ type: 'text-delta', text: delta.content });
    if (typeof delta.refusal === 'string' && delta.refusal !== '') {
      this.refused = true;
      out.push({ type: 'text-delta', text: delta.refusal });
    }
    if (Array.isArray(delta.tool_calls)) this.collect(delta.tool_calls);
    if (typeof choice.finish_reason === 'string') {
      this.finishReason = choice.finish_reason;
      out.push(...this.flushCalls());
    }
    return out;
  }

  /** The body ended: fine only after `[DONE]`. */
  finish(): void {
    if (this.completed) return;
    throw new ProviderStreamError(
      this.provider,
      this.started ? 'the stream ended before [DONE], so the answer is incomplete' : 'the stream ended before any chunk arrived',
    );
  }

  private collect(toolCalls: unknown[]): void {
    toolCalls.forEach((value, position) => {
      const delta = asRecord(value);
      const index = typeof delta.index === 'number' ? delta.index : position;
      const call = this.calls.get(index) ?? { id: '', name: '', args: '' };
      this.calls.set(index, call);
      this.sawToolCalls = true;
      const fn = asRecord(delta.function);
      // Some servers repeat id and name in every piece; only arguments are split.
      if (typeof delta.id === 'string' && delta.id !== '') call.id = delta.id;
      if (typeof fn.name === 'string' && fn.name !== '') call.name = fn.name;
      if (typeof fn.arguments === 'string') call.args += fn.arguments;
    });
  }

  private flushCalls(): ModelEvent[] {
    const calls = [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
    this.calls.clear();
    return calls.map((call) => {
      const raw = normalizeArguments(call.args);
      // Without an id the tool result could not be matched; local servers sometimes omit it.
      const id = call.id || `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
      return { type: 'tool-call', call: { id, name: call.name, arguments: raw }, malformed: isMalformedArguments(raw) };
    });
  }

  private complete(): ModelEvent[] {
    this.completed = true;
    const out = this.flushCalls();
    if (this.usage) out.push(this.usage);
    const raw = this.finishReason;
    out.push({ type: 'done', stopReason: this.stopReason(), ...(raw === undefined ? {} : { rawStopReason: raw }) });
    return out;
  }

  private stopReason(): StopReason {
    switch (this.finishReason) {
      case 'tool_calls':
      case 'function_call':
        return 'tool_use';
      case 'length':
        return 'max_tokens';
      case 'content_filter':
        return 'refusal';
      case 'stop':
        // Older Ollama builds finish tool calls with "stop"; a refusal also finishes with "stop".
        return this.refused ? 'refusal' : this.sawToolCalls ? 'tool_use' : 'end_turn';
      default:
        return 'other';
    }
  }

  private readUsage(usage: Record<string, unknown>): void {
    if (typeof usage.prompt_tokens !== 'number' && typeof usage.completion_tokens !== 'number') return;
    const cached = asRecord(usage.prompt_tokens_details).cached_tokens;
    this.usage = {
      type: 'usage',
      inputTokens: typeof usage.prompt_tokens === 'number' ? usage.prompt_tokens : 0,
      outputTokens: typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0,
      ...(typeof cached === 'number' ? { cacheReadTokens: cached } : {}),
    };
  }

  private parse(sse: SseEvent): Record<string, unknown> {
    try {
      return asRecord(JSON.parse(sse.data));
    } catch (error) {
      throw new ProviderStreamError(this.provider, 'unreadable chunk (not JSON)', error);
    }
  }
}
