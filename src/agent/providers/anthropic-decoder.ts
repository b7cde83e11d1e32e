// Turns the Anthropic Messages stream
// (https://docs.anthropic.com/en/api/messages-streaming) into provider-neutral
// events. Unknown event and block types are skipped, as the API's versioning
// policy asks; a stream that ends before `message_stop` is a failure.
import { ProviderStreamError } from './errors/provider-stream-error';
import { asRecord as record } from './json-record';
import type { ModelEvent, StopReason } from './model-provider';
import type { SseEvent } from './sse-parser';
import { isMalformedArguments, normalizeArguments } from './tool-arguments';

type Block = { readonly kind: 'text' } | { readonly kind: 'tool'; readonly id: string; readonly name: string; json: string; readonly initial: unknown } | { readonly kind: 'other' };

/** Maps Anthropic's stop reasons to ours; `stop_sequence` only happens when asked for, so it ends the turn. */
const STOP_REASONS: Readonly<Record<string, StopReason>> = {
  end_turn: 'end_turn',
  stop_sequence: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  model_context_window_exceeded: 'max_tokens',
  refusal: 'refusal',
};

/** Stateful decoder for one Anthropic stream. */
export class AnthropicStreamDecoder {
  private readonly blocks = new Map<number, Block>();
  private started = false;
  private inputTokens = 0;
  private outputTokens = 0;
  private cacheReadTokens: number | undefined;
  private cacheWriteTokens: number | undefined;
  private stopReason: string | undefined;
  /** True once `message_stop` arrived; later events are ignored. */
  completed = false;

  constructor(private readonly provider: string, private readonly scrub: (text: string) => string) {}

  decode(sse: SseEvent): ModelEvent[] {
    if (this.completed) return [];
    const data = this.parse(sse);
    const type = typeof data.type === 'string' ? data.type : sse.event;
    switch (type) {
      case 'message_start':
        this.started = true;
        this.readUsage(record(record(data.message).usage));
        return [];
      case 'content_block_start':
        return this.startBlock(data);
      case 'content_block_delta':
        return this.delta(data);
      case 'content_block_stop':
        return this.stopBlock(data);
      case 'message_delta':
        this.readUsage(record(data.usage));
        if (typeof record(data.delta).stop_reason === 'string') this.stopReason = record(data.delta).stop_reason as string;
        return [];
      case 'message_stop':
        return this.complete();
      case 'error': {
        const error = record(data.error);
        const kind = typeof error.type === 'string' ? error.type : 'error';
        const message = typeof error.message === 'string' ? error.message : 'no details';
        throw new ProviderStreamError(this.provider, `the stream reported ${kind}: ${this.scrub(message)}`);
      }
      default:
        return []; // ping, and event types newer than this code
    }
  }

  /** The body ended: fine only after `message_stop`. */
  finish(): void {
    if (this.completed) return;
    throw new ProviderStreamError(
      this.provider,
      this.started ? 'the stream ended before message_stop, so the answer is incomplete' : 'the stream ended before the message started',
    );
  }

  private startBlock(data: Record<string, unknown>): ModelEvent[] {
    const index = this.index(data);
    const block = record(data.content_block);
    if (block.type === 'text') {
      this.blocks.set(index, { kind: 'text' });
      return typeof block.text === 'string' && block.text !== '' ? [{ type: 'text-delta', text: block.text }] : [];
    }
    if (block.type === 'tool_use') {
      if (typeof block.id !== 'string' || typeof block.name !== 'string') {
        throw new ProviderStreamError(this.provider, `tool_use block ${index} has no id or name`);
      }
      this.blocks.set(index, { kind: 'tool', id: block.id, name: block.name, json: '', initial: block.input });
      return [];
    }
    // thinking, server tools, …: not requested by us, and nothing the loop can act on.
    this.blocks.set(index, { kind: 'other' });
    return [];
  }

  private delta(data: Record<string, unknown>): ModelEvent[] {
    const block = this.block(data);
    const delta = record(data.delta);
    if (block.kind === 'text' && delta.type === 'text_delta' && typeof delta.text === 'string') {
      return delta.text === '' ? [] : [{ type: 'text-delta', text: delta.text }];
    }
    if (block.kind === 'tool' && delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
      block.json += delta.partial_json;
    }
    return [];
  }

  private stopBlock(data: Record<string, unknown>): ModelEvent[] {
    const index = this.index(data);
    const block = this.block(data);
    this.blocks.delete(index);
    if (block.kind !== 'tool') return [];
    // Without deltas the arguments are whatever content_block_start carried (normally `{}`).
    const raw = block.json === '' && isNonEmptyObject(block.initial) ? JSON.stringify(block.initial) : normalizeArguments(block.json);
    return [{ type: 'tool-call', call: { id: block.id, name: block.name, arguments: raw }, malformed: isMalformedArguments(raw) }];
  }

  private complete(): ModelEvent[] {
    const open = [...this.blocks.values()].find((block) => block.kind === 'tool');
    if (open && open.kind === 'tool') {
      throw new ProviderStreamError(this.provider, `message_stop arrived while tool call ${open.name} was still open`);
    }
    this.completed = true;
    const raw = this.stopReason;
    return [
      {
        type: 'usage',
        inputTokens: this.inputTokens,
        outputTokens: this.outputTokens,
        ...(this.cacheReadTokens === undefined ? {} : { cacheReadTokens: this.cacheReadTokens }),
        ...(this.cacheWriteTokens === undefined ? {} : { cacheWriteTokens: this.cacheWriteTokens }),
      },
      { type: 'done', stopReason: (raw === undefined ? undefined : STOP_REASONS[raw]) ?? 'other', ...(raw === undefined ? {} : { rawStopReason: raw }) },
    ];
  }

  /** Counts in `message_delta` are cumulative, so later values replace earlier ones. */
  private readUsage(usage: Record<string, unknown>): void {
    if (typeof usage.input_tokens === 'number') this.inputTokens = usage.input_tokens;
    if (typeof usage.output_tokens === 'number') this.outputTokens = usage.output_tokens;
    if (typeof usage.cache_read_input_tokens === 'number') this.cacheReadTokens = usage.cache_read_input_tokens;
    if (typeof usage.cache_creation_input_tokens === 'number') this.cacheWriteTokens = usage.cache_creation_input_tokens;
  }

  private parse(sse: SseEvent): Record<string, unknown> {
    try {
      return record(JSON.parse(sse.data));
    } catch (error) {
      throw new ProviderStreamError(this.provider, `unreadable ${sse.event} event (not JSON)`, error);
    }
  }

  private index(data: Record<string, unknown>): number {
    if (typeof data.index !== 'number') throw new ProviderStreamError(this.provider, 'a content block event has no index');
    return data.index;
  }

  private block(data: Record<string, unknown>): Block {
    const index = this.index(data);
    const block = this.blocks.get(index);
    if (!block) throw new ProviderStreamError(this.provider, `content block ${index} was never started`);
    return block;
  }
}

function isNonEmptyObject(value: unknown): boolean {
  return Object.keys(record(value)).length > 0;
}
