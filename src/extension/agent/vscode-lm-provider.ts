// The agent's ModelProvider over VS Code's Language Model API (`vscode.lm`):
// the chat models the editor already has (Copilot and others), no key needed.
// Same contract as the HTTP providers: tool-call arguments stay the model's
// text for the policy to check, every failure is a ProviderError.
import * as vscode from 'vscode';
import type { ModelEvent, ModelProvider, ModelRequest, ProviderInfo, StreamOptions, Turn } from '../../agent';
import { isMalformedArguments, ProviderAbortedError, ProviderError, ProviderStreamError } from '../../agent';

const LABEL = 'VS Code language model';
const JUSTIFICATION = 'Clawdock\'s agent sends the tasks you give it in the Clawdock chat panel to this model; its commands and edits still need your approval.';
const PICK_HINT = 'install or sign in to an extension that provides chat models (e.g. GitHub Copilot Chat), or pick another provider in the Clawdock chat panel (setting `clawdock.agent.provider`)';

/** Picks the model named by `clawdock.agent.model` (an id or a family), or the first one VS Code offers. */
export async function selectLanguageModel(wanted: string): Promise<vscode.LanguageModelChat> {
  const models = await vscode.lm.selectChatModels();
  const model = wanted
    ? models.find((m) => m.id === wanted) ?? models.find((m) => m.family === wanted) ?? models.find((m) => m.name === wanted)
    : models[0];
  if (model) return model;
  const known = models.map((m) => m.id).join(', ');
  throw new ProviderError(LABEL, wanted ? `no chat model "${wanted}" is available${known ? ` (available: ${known})` : ''}` : 'VS Code offers no chat model', {
    hint: wanted ? 'set `clawdock.agent.model` to one of the available ids, or leave it empty for the first' : PICK_HINT,
  });
}

/** A ModelProvider over one `vscode.lm` chat model. */
export class VscodeLmProvider implements ModelProvider {
  readonly info: ProviderInfo;

  constructor(private readonly model: vscode.LanguageModelChat) {
    this.info = { id: 'vscode-lm', label: `${LABEL} ${model.name} (${model.vendor})`, model: model.id, contextWindow: model.maxInputTokens };
  }

  async *stream(request: ModelRequest, options: StreamOptions = {}): AsyncIterable<ModelEvent> {
    const { signal } = options;
    if (signal?.aborted) throw new ProviderAbortedError(this.info.label, signal.reason);
    const cancel = new vscode.CancellationTokenSource();
    const onAbort = () => cancel.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let response: vscode.LanguageModelChatResponse;
      try {
        response = await this.model.sendRequest(toMessages(request), {
          justification: JUSTIFICATION,
          tools: request.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
          toolMode: vscode.LanguageModelChatToolMode.Auto,
        }, cancel.token);
      } catch (error) {
        throw this.requestError(error, signal);
      }
      let calls = 0;
      try {
        for await (const part of response.stream) {
          if (signal?.aborted) throw new ProviderAbortedError(this.info.label, signal.reason);
          if (part instanceof vscode.LanguageModelTextPart) {
            if (part.value) yield { type: 'text-delta', text: part.value };
          } else if (part instanceof vscode.LanguageModelToolCallPart) {
            calls++;
            const args = JSON.stringify(part.input ?? {});
            yield { type: 'tool-call', call: { id: part.callId, name: part.name, arguments: args }, malformed: isMalformedArguments(args) };
          }
        }
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        if (signal?.aborted) throw new ProviderAbortedError(this.info.label, signal.reason);
        throw new ProviderStreamError(this.info.label, `the answer broke off: ${(error as Error).message}`, error);
      }
      if (signal?.aborted) throw new ProviderAbortedError(this.info.label, signal.reason);
      yield { type: 'done', stopReason: calls > 0 ? 'tool_use' : 'end_turn' };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      cancel.dispose();
    }
  }

  private requestError(error: unknown, signal: AbortSignal | undefined): ProviderError {
    if (signal?.aborted || error instanceof vscode.CancellationError) return new ProviderAbortedError(this.info.label, error);
    const message = (error as Error).message ?? String(error);
    if (error instanceof vscode.LanguageModelError) {
      if (error.code === vscode.LanguageModelError.NoPermissions.name) {
        return new ProviderError(this.info.label, `permission to use this model was not given (${message})`, { hint: 'allow Clawdock to use the model when VS Code asks, or pick another provider', cause: error });
      }
      if (error.code === vscode.LanguageModelError.Blocked.name) {
        return new ProviderError(this.info.label, `the model refused the request: quota or policy (${message})`, { hint: 'wait and try again, or pick another provider', cause: error });
      }
      if (error.code === vscode.LanguageModelError.NotFound.name) {
        return new ProviderError(this.info.label, `the model is no longer available (${message})`, { hint: PICK_HINT, cause: error });
      }
    }
    return new ProviderError(this.info.label, `the request failed: ${message}`, { cause: error });
  }
}

/**
 * The conversation as `vscode.lm` messages. The API has no system role (1.100):
 * the system prompt goes first as a user message that says what it is. Tool
 * results that follow one assistant message travel together in one user message.
 */
export function toMessages(request: Pick<ModelRequest, 'system' | 'turns'>): vscode.LanguageModelChatMessage[] {
  const messages: vscode.LanguageModelChatMessage[] = [vscode.LanguageModelChatMessage.User(`<system-instructions>\n${request.system}\n</system-instructions>`)];
  let results: vscode.LanguageModelToolResultPart[] = [];
  const flush = () => {
    if (results.length > 0) messages.push(vscode.LanguageModelChatMessage.User(results));
    results = [];
  };
  for (const turn of request.turns as readonly Turn[]) {
    if (turn.role === 'tool-result') {
      const text = turn.isError ? `Error: ${turn.content}` : turn.content;
      results.push(new vscode.LanguageModelToolResultPart(turn.toolCallId, [new vscode.LanguageModelTextPart(text)]));
      continue;
    }
    flush();
    if (turn.role === 'user') messages.push(vscode.LanguageModelChatMessage.User(turn.text));
    else {
      const parts: (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[] = [];
      if (turn.text) parts.push(new vscode.LanguageModelTextPart(turn.text));
      for (const call of turn.toolCalls) parts.push(new vscode.LanguageModelToolCallPart(call.id, call.name, parseObject(call.arguments)));
      if (parts.length > 0) messages.push(vscode.LanguageModelChatMessage.Assistant(parts));
    }
  }
  flush();
  return messages;
}

/** A past call's arguments as an object (a malformed one was refused then; it is sent back empty). */
function parseObject(raw: string): object {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
