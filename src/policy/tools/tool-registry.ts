import type { z } from 'zod';
import type { ToolCall, ToolDefinition } from './tool-definition';
import { runCommandTool } from './run-command-tool';
import { readFileTool } from './read-file-tool';
import { writeFileTool } from './write-file-tool';
import { editFileTool } from './edit-file-tool';
import { listFilesTool } from './list-files-tool';
import { searchTool } from './search-tool';

/** The tools every Clawdock agent has. */
export const BUILTIN_TOOLS: readonly ToolDefinition[] = [
  runCommandTool, readFileTool, writeFileTool, editFileTool, listFilesTool, searchTool,
];

/** The outcome of checking a raw tool call against the registry. */
export type ParseToolCallResult = { ok: true; call: ToolCall } | { ok: false; reason: string };

/** The tools a policy knows; a call to any other tool is refused. */
export interface ToolRegistry {
  get(name: string): ToolDefinition | undefined;
  names(): readonly string[];
  /** Checks `{"tool": NAME, "args": {…}}` (an object or its JSON text) strictly. */
  parse(raw: unknown): ParseToolCallResult;
}

const MAX_ISSUES = 5;

/** A registry over the given definitions (the built-in tools by default). Names must be unique. */
export function createToolRegistry(definitions: readonly ToolDefinition[] = BUILTIN_TOOLS): ToolRegistry {
  const byName = new Map<string, ToolDefinition>();
  for (const d of definitions) {
    if (byName.has(d.name)) throw new Error(`tool ${JSON.stringify(d.name)} is defined twice`);
    byName.set(d.name, d);
  }
  const names = [...byName.keys()];
  return {
    get: (name) => byName.get(name),
    names: () => names,
    parse: (raw) => parseWith(byName, names, raw),
  };
}

function parseWith(byName: ReadonlyMap<string, ToolDefinition>, names: readonly string[], raw: unknown): ParseToolCallResult {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, reason: 'the tool call is not valid JSON; send {"tool": NAME, "args": {…}}' };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'a tool call must be an object {"tool": NAME, "args": {…}}' };
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => k !== 'tool' && k !== 'args');
  if (extra.length > 0) return { ok: false, reason: `the tool call has unknown fields ${extra.map((k) => JSON.stringify(k)).join(', ')}; send only "tool" and "args"` };
  if (typeof record.tool !== 'string') return { ok: false, reason: 'the tool call needs "tool": the name of a tool as a string' };
  const definition = byName.get(record.tool);
  if (!definition) {
    return { ok: false, reason: `unknown tool ${JSON.stringify(record.tool.slice(0, 100))}; available tools: ${names.join(', ')}` };
  }
  if (!('args' in record)) return { ok: false, reason: `${definition.name}: the call needs "args": an object of arguments` };
  const parsed = (definition.schema as z.ZodType).safeParse(record.args);
  if (!parsed.success) return { ok: false, reason: `${definition.name}: ${describeIssues(parsed.error.issues)}` };
  return { ok: true, call: { tool: definition.name, kind: definition.kind, args: parsed.data, paths: definition.paths(parsed.data as never) } };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    const where = ['args', ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} — remove them`;
    return `${where}: ${issue.message}`;
  });
  const more = issues.length > MAX_ISSUES ? `; and ${issues.length - MAX_ISSUES} more problem(s)` : '';
  return `${parts.join('; ')}${more}`;
}
