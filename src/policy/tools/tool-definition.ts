import type { z } from 'zod';
import type { WorkspacePath } from './workspace-path';

/** What a tool does to the workspace: decides which profiles and modes may use it. */
export type ToolKind = 'read' | 'write' | 'exec';

/** One tool the model may call: its name, kind, strict argument schema, and the paths a call touches. */
export interface ToolDefinition<A = unknown> {
  readonly name: string;
  readonly kind: ToolKind;
  /** One line for the model and for people. */
  readonly description: string;
  readonly schema: z.ZodType<A>;
  /** Workspace paths a call reads or writes (for run_command, its cwd), already checked by the schema. */
  paths(args: A): readonly WorkspacePath[];
}

/** A tool call that passed its schema: the arguments are normalised (paths absolute under /workspace). */
export interface ToolCall<A = unknown> {
  readonly tool: string;
  readonly kind: ToolKind;
  readonly args: A;
  readonly paths: readonly WorkspacePath[];
}

/** Helps a definition keep its argument type while living in a list of definitions. */
export function defineTool<A>(definition: ToolDefinition<A>): ToolDefinition<A> {
  return definition;
}
