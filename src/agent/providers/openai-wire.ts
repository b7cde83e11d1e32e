// Builds the body of a Chat Completions request
// (https://platform.openai.com/docs/api-reference/chat/create), the dialect
// that Ollama, LM Studio, vLLM and llama.cpp servers also speak.
import type { ModelRequest, Turn } from './model-provider';

/** Which field carries the output limit: OpenAI's newer models only take `max_completion_tokens`, most local servers only `max_tokens`. */
export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

/** Wire choices that differ between OpenAI itself and compatible servers. */
export interface OpenAiWireOptions {
  readonly model: string;
  readonly maxTokens: number | undefined;
  readonly maxTokensField: MaxTokensField;
  readonly includeUsage: boolean;
}

/** The JSON body for `POST /chat/completions` with `stream: true`. */
export function openAiRequestBody(request: ModelRequest, options: OpenAiWireOptions): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  if (request.system.trim() !== '') messages.push({ role: 'system', content: request.system });
  for (const turn of request.turns) {
    const message = toMessage(turn);
    if (message) messages.push(message);
  }
  const body: Record<string, unknown> = { model: options.model, stream: true, messages };
  if (options.includeUsage) body.stream_options = { include_usage: true };
  const maxTokens = request.maxTokens ?? options.maxTokens;
  if (maxTokens !== undefined) body[options.maxTokensField] = maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    }));
  }
  return body;
}

function toMessage(turn: Turn): Record<string, unknown> | undefined {
  switch (turn.role) {
    case 'user':
      return { role: 'user', content: turn.text };
    case 'assistant':
      if (turn.text === '' && turn.toolCalls.length === 0) return undefined;
      return {
        role: 'assistant',
        content: turn.text === '' ? null : turn.text,
        ...(turn.toolCalls.length === 0 ? {} : {
          // Echoed verbatim, malformed or not: the model sees exactly what it said.
          tool_calls: turn.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
        }),
      };
    case 'tool-result':
      // The format has no error flag; the words carry it.
      return { role: 'tool', tool_call_id: turn.toolCallId, content: turn.isError ? `Error: ${turn.content}` : turn.content };
  }
}
