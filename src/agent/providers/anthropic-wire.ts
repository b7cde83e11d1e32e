// Builds the body of a Messages API request
// (https://docs.anthropic.com/en/api/messages) from a provider-neutral one.
// The API wants alternating user/assistant messages with non-empty content, and
// tool results as `tool_result` blocks at the start of the next user message.
import type { ModelRequest, ToolCall, Turn } from './model-provider';
import { isMalformedArguments } from './tool-arguments';

type Block = Record<string, unknown>;
interface WireMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

/** Prompt-cache marker; the system prompt, tools and history are re-sent every turn of the loop. */
const CACHE = { type: 'ephemeral' } as const;

/** The JSON body for `POST /v1/messages` with `stream: true`. */
export function anthropicRequestBody(request: ModelRequest, model: string, maxTokens: number): Record<string, unknown> {
  const messages = toMessages(request.turns);
  markLastBlock(messages);
  const body: Record<string, unknown> = { model, max_tokens: request.maxTokens ?? maxTokens, stream: true, messages };
  if (request.system.trim() !== '') body.system = [{ type: 'text', text: request.system, cache_control: CACHE }];
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool, i) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema,
      ...(i === request.tools.length - 1 ? { cache_control: CACHE } : {}),
    }));
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}

function toMessages(turns: readonly Turn[]): WireMessage[] {
  const messages: WireMessage[] = [];
  for (const turn of turns) {
    const role = turn.role === 'assistant' ? 'assistant' : 'user';
    const blocks = toBlocks(turn);
    if (blocks.length === 0) continue;
    const last = messages.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  }
  for (const message of messages) {
    if (message.role === 'user') message.content.sort((a, b) => rank(a) - rank(b));
  }
  return messages;
}

function toBlocks(turn: Turn): Block[] {
  switch (turn.role) {
    case 'user':
      return turn.text.trim() === '' ? [] : [{ type: 'text', text: turn.text }];
    case 'assistant':
      return [
        ...(turn.text.trim() === '' ? [] : [{ type: 'text', text: turn.text }]),
        ...turn.toolCalls.map(toolUseBlock),
      ];
    case 'tool-result':
      return [{
        type: 'tool_result',
        tool_use_id: turn.toolCallId,
        // The API refuses an empty error result; say so in words instead.
        content: turn.content === '' ? '(no output)' : turn.content,
        ...(turn.isError ? { is_error: true } : {}),
      }];
  }
}

/**
 * The API only takes an object as `input`. A malformed call is echoed back as
 * `{}`; the tool result the policy wrote for it tells the model what was wrong.
 * Parsing here only re-encodes the model's own words; nothing trusts them.
 */
function toolUseBlock(call: ToolCall): Block {
  const input = isMalformedArguments(call.arguments) ? {} : (JSON.parse(call.arguments) as unknown);
  return { type: 'tool_use', id: call.id, name: call.name, input };
}

/** Tool results must open the user message that answers a tool use (stable sort keeps their order). */
function rank(block: Block): number {
  return block.type === 'tool_result' ? 0 : 1;
}

/** Caches the conversation so far; the next turn reads it back instead of paying for it again. */
function markLastBlock(messages: WireMessage[]): void {
  const block = messages.at(-1)?.content.at(-1);
  if (block) block.cache_control = CACHE;
}
