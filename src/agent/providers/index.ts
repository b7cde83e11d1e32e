// The model providers: one neutral interface, two HTTP dialects. The `vscode.lm`
// provider lives in src/extension and implements the same interface.
export type * from './model-provider';
export * from './errors/index';
export { AnthropicProvider, ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_DEFAULT_MAX_TOKENS, ANTHROPIC_VERSION } from './anthropic';
export { OpenAiProvider, OPENAI_DEFAULT_BASE_URL, type OpenAiProviderOptions } from './openai';
export type { MaxTokensField } from './openai-wire';
export type { ApiKeySource, HttpProviderOptions } from './http-provider-options';
export { DEFAULT_RETRY, type RetryOptions } from './retry-policy';
export { DEFAULT_TIMEOUTS, type TimeoutOptions } from './sse-request';
export { isMalformedArguments } from './tool-arguments';
export { lookUpModel, type KnownModel } from './known-models';
