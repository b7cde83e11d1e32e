import { createToolRegistry } from './tool-registry';
import type { ParseToolCallResult, ToolRegistry } from './tool-registry';

const builtinRegistry = createToolRegistry();

/**
 * Checks a raw tool call from the model (an object or its JSON text) against the
 * strict schema of its tool. Anything unknown, missing, extra, mistyped, oversize
 * or pointing outside /workspace rejects the whole call with a reason the model can act on.
 */
export function parseToolCall(raw: unknown, registry: ToolRegistry = builtinRegistry): ParseToolCallResult {
  return registry.parse(raw);
}
