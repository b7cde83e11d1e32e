// Claude through the Anthropic Messages API, streamed.
import { AnthropicStreamDecoder } from './anthropic-decoder';
import { anthropicRequestBody } from './anthropic-wire';
import { ProviderAuthError } from './errors/provider-auth-error';
import { joinUrl, readBaseUrl, resolveApiKey, type HttpProviderOptions } from './http-provider-options';
import { lookUpModel } from './known-models';
import type { ModelEvent, ModelProvider, ModelRequest, ProviderInfo, StreamOptions } from './model-provider';
import { scrubSecrets } from './secret-scrub';
import { streamDecoded } from './decoded-stream';

/** Where the Messages API lives unless a setting says otherwise (a proxy, a gateway, the test server). */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The API version this code speaks. */
export const ANTHROPIC_VERSION = '2023-06-01';
/** Output limit when the settings name none; the API requires one. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 8192;

/** `ModelProvider` for the Anthropic Messages API. */
export class AnthropicProvider implements ModelProvider {
  readonly info: ProviderInfo;
  private readonly baseUrl: string;

  constructor(private readonly options: HttpProviderOptions) {
    this.baseUrl = readBaseUrl(options.baseUrl, ANTHROPIC_DEFAULT_BASE_URL);
    const known = lookUpModel(options.model);
    const contextWindow = options.contextWindow ?? known?.contextWindow;
    const cost = options.cost ?? known?.cost;
    this.info = {
      id: 'anthropic',
      label: 'Anthropic',
      model: options.model,
      baseUrl: this.baseUrl,
      ...(contextWindow === undefined ? {} : { contextWindow }),
      ...(cost === undefined ? {} : { cost }),
    };
  }

  async *stream(request: ModelRequest, streamOptions: StreamOptions = {}): AsyncGenerator<ModelEvent, void, undefined> {
    const { label } = this.info;
    const key = await resolveApiKey(this.options.apiKey);
    if (key === undefined) throw new ProviderAuthError(label, 'no API key is set');
    const scrub = (text: string): string => scrubSecrets(text, [key]);
    const decoder = new AnthropicStreamDecoder(label, scrub);
    yield* streamDecoded(
      this.options,
      {
        provider: label,
        url: joinUrl(this.baseUrl, '/v1/messages'),
        headers: { 'x-api-key': key, 'anthropic-version': ANTHROPIC_VERSION },
        body: anthropicRequestBody(request, this.options.model, this.options.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS),
        key,
      },
      decoder,
      streamOptions,
    );
  }
}
