// Error bodies differ by server: Anthropic `{type:"error", error:{type, message}}`,
// OpenAI `{error:{message, type, code}}`, Ollama `{error:"…"}`, proxies plain
// text or HTML. We keep one readable sentence, bounded.

const MAX_LENGTH = 500;

/** The server's own explanation from an error body, shortened; empty when there is none. */
export function errorBodyMessage(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') return '';
  try {
    return shorten(messageFrom(JSON.parse(trimmed) as unknown) ?? trimmed);
  } catch {
    return shorten(trimmed.startsWith('<') ? 'the server answered with an HTML page' : trimmed);
  }
}

/** The `type`/`code` word of a JSON error body (`rate_limit_error`, `insufficient_quota`, …), if any. */
export function errorBodyType(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    const error = isRecord(parsed) ? parsed.error : undefined;
    if (!isRecord(error)) return undefined;
    const word = typeof error.code === 'string' ? error.code : error.type;
    return typeof word === 'string' ? word : undefined;
  } catch {
    return undefined;
  }
}

function messageFrom(parsed: unknown): string | undefined {
  if (!isRecord(parsed)) return undefined;
  const error = parsed.error;
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  if (typeof parsed.message === 'string') return parsed.message;
  return undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > MAX_LENGTH ? `${oneLine.slice(0, MAX_LENGTH)}…` : oneLine;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
