// GPT models and every server that speaks the Chat Completions dialect
// (Ollama, LM Studio, vLLM, llama.cpp), streamed.
import { ProviderAuthError } from './errors/provider-auth-error';
import { joinUrl, readBaseUrl, resolveApiKey, type HttpProviderOptions } from './http-provider-options';
import { lookUpModel } from './known-models';
import type { ModelEvent, ModelProvider, ModelRequest, ProviderInfo, StreamOptions } from './model-provider';
import { OpenAiStreamDecoder } from './openai-decoder';
import { openAiRequestBody, type MaxTokensField } from './openai-wire';
import { displayUrl, scrubSecrets } from './secret-scrub';
import { streamDecoded } from './decoded-stream';

/** OpenAI's own API root; any other base URL is treated as a compatible server. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Options of the OpenAI-compatible provider. */
export interface OpenAiProviderOptions extends HttpProviderOptions {
  /** Default: `max_completion_tokens` for OpenAI itself, `max_tokens` for other servers. */
  readonly maxTokensField?: MaxTokensField;
  /** Ask for a usage chunk (`stream_options.include_usage`); turn off for servers that refuse the field. */
  readonly includeUsage?: boolean;
  /** Names the server in messages; default "OpenAI" or "OpenAI-compatible server at <url>". */
  readonly label?: string;
}

/** `ModelProvider` for the Chat Completions API; the key is optional except for OpenAI itself. */
export class OpenAiProvider implements ModelProvider {
  readonly info: ProviderInfo;
  private readonly baseUrl: string;
  private readonly isOpenAi: boolean;

  constructor(private readonly options: OpenAiProviderOptions) {
    this.baseUrl = readBaseUrl(options.baseUrl, OPENAI_DEFAULT_BASE_URL);
    this.isOpenAi = hostOf(this.baseUrl) === 'api.openai.com';
    const known = this.isOpenAi ? lookUpModel(options.model) : undefined;
    const contextWindow = options.contextWindow ?? known?.contextWindow;
    const cost = options.cost ?? known?.cost;
    this.info = {
      id: 'openai',
      label: options.label ?? (this.isOpenAi ? 'OpenAI' : `OpenAI-compatible server at ${displayUrl(this.baseUrl)}`),
      model: options.model,
      baseUrl: this.baseUrl,
      ...(contextWindow === undefined ? {} : { contextWindow }),
      ...(cost === undefined ? {} : { cost }),
    };
  }

  async *stream(request: ModelRequest, streamOptions: StreamOptions = {}): AsyncGenerator<ModelEvent, void, undefined> {
    const { label } = this.info;
    const key = await resolveApiKey(this.options.apiKey);
    // Local servers need no key; OpenAI itself always does, so say so before a round trip.
    if (key === undefined && this.isOpenAi) throw new ProviderAuthError(label, 'no API key is set');
    const scrub = (text: string): string => scrubSecrets(text, [key]);
    const decoder = new OpenAiStreamDecoder(label, scrub);
    yield* streamDecoded(
      this.options,
      {
        provider: label,
        url: joinUrl(this.baseUrl, '/chat/completions'),
        headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
        body: openAiRequestBody(request, {
          model: this.options.model,
          maxTokens: this.options.maxTokens,
          maxTokensField: this.options.maxTokensField ?? (this.isOpenAi ? 'max_completion_tokens' : 'max_tokens'),
          includeUsage: this.options.includeUsage ?? true,
        }),
        key,
      },
      decoder,
      streamOptions,
    );
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
