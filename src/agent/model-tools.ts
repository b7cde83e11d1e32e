// The tool list the model sees, derived from the policy's own zod schemas so
// what the model is told and what the policy checks cannot drift apart.
import { z } from 'zod';
import type { ToolDefinition as PolicyToolDefinition } from '../policy';
import type { ToolDefinition } from './providers';

/** Model-facing definitions (JSON Schema of each tool's input) for policy tool definitions. */
export function toModelTools(definitions: readonly PolicyToolDefinition[]): ToolDefinition[] {
  return definitions.map((d) => {
    // `input`: path arguments transform to absolute paths; the model writes the input side.
    const { $schema: _ignored, ...schema } = z.toJSONSchema(d.schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return { name: d.name, description: d.description, inputSchema: schema };
  });
}
