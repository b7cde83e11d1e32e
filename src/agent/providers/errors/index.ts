export { ProviderError } from './provider-error';
export { ProviderAbortedError } from './provider-aborted-error';
export { ProviderAuthError, SET_API_KEY_COMMAND } from './provider-auth-error';
export { ProviderHttpError } from './provider-http-error';
export { ProviderRateLimitError } from './provider-rate-limit-error';
export { ProviderStreamError } from './provider-stream-error';
export { ProviderTimeoutError, type TimeoutPhase } from './provider-timeout-error';
export { ProviderUnreachableError } from './provider-unreachable-error';
