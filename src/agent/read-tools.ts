// read_file, list_files and search through the host-side guard (WorkspaceFs),
// formatted for the model. Paths in results are workspace-relative, as the
// model writes them.
import type { ListFilesArgs, Policy, ReadFileArgs, SearchArgs, ToolCall } from '../policy';
import type { AgentFiles } from './agent-services';

/** A read tool's answer and the workspace files whose content it carries (for taint). */
export interface ReadToolResult {
  readonly content: string;
  readonly paths: readonly string[];
}

const LIST_LIMIT = 500;
const SEARCH_LIMIT = 200;

/** Runs one checked read-kind call. */
export async function runReadTool(call: ToolCall, files: AgentFiles, policy: Pick<Policy, 'isReadDenied'>, maxChars: number): Promise<ReadToolResult> {
  const path = call.paths[0]?.relative ?? '.';
  switch (call.tool) {
    case 'read_file':
      return readFile(files, path, call.args as ReadFileArgs, maxChars);
    case 'list_files':
      return listFiles(files, path, call.args as ListFilesArgs, policy);
    case 'search':
      return search(files, path, call.args as SearchArgs, policy);
    default:
      throw new Error(`internal: ${call.tool} is not a read tool`);
  }
}

async function readFile(files: AgentFiles, path: string, args: ReadFileArgs, maxChars: number): Promise<ReadToolResult> {
  const r = await files.read(path);
  if (r.binary) return { content: `${path} is a binary file (${r.size} bytes); not shown`, paths: [path] };
  const lines = r.content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const from = Math.min(args.offset ?? 0, lines.length);
  let to = args.limit !== undefined ? Math.min(lines.length, from + args.limit) : lines.length;
  // Without a limit, stop at whole lines that fit rather than let the cap cut the middle out.
  let chars = 0;
  for (let i = from; i < to; i++) {
    chars += (lines[i]?.length ?? 0) + 1;
    if (chars > maxChars - 400 && i > from) {
      to = i;
      break;
    }
  }
  const partial = from > 0 || to < lines.length || r.truncated;
  const header = partial
    ? `[${path}: lines ${from + 1}–${to} of ${lines.length}${r.truncated ? ` read so far (the file is ${r.size} bytes; only its first ${r.bytes} were read)` : ''}${to < lines.length ? `; read on with offset ${to}` : ''}]\n`
    : '';
  return { content: header + lines.slice(from, to).join('\n'), paths: [path] };
}

async function listFiles(files: AgentFiles, path: string, args: ListFilesArgs, policy: Pick<Policy, 'isReadDenied'>): Promise<ReadToolResult> {
  const r = await files.list(path, { recursive: args.recursive ?? false, limit: LIST_LIMIT });
  const lines = r.entries.map((e) => {
    const name = e.type === 'dir' ? `${e.path}/` : e.type === 'symlink' ? `${e.path} (symlink)` : e.type === 'other' ? `${e.path} (special file)` : `${e.path} (${e.size} bytes)`;
    return policy.isReadDenied(e.path) ? `${name} [read-denied]` : name;
  });
  if (lines.length === 0) lines.push('(empty directory)');
  if (r.truncated) lines.push(`[listing stopped after ${LIST_LIMIT} entries; list a subdirectory]`);
  return { content: lines.join('\n'), paths: [] };
}

async function search(files: AgentFiles, path: string, args: SearchArgs, policy: Pick<Policy, 'isReadDenied'>): Promise<ReadToolResult> {
  const r = await files.search(args.pattern, { path, regex: true, limit: SEARCH_LIMIT, ...(args.glob !== undefined ? { glob: args.glob } : {}) });
  // Secrets stay out of the context: matches in read-denied files are dropped, and said to be.
  const shown = r.matches.filter((m) => !policy.isReadDenied(m.path));
  const hidden = r.matches.length - shown.length;
  const lines = shown.map((m) => `${m.path}:${m.line}: ${m.text}`);
  if (lines.length === 0) lines.push('no matches');
  if (hidden > 0) lines.push(`[${hidden} match(es) in read-denied files not shown]`);
  if (r.truncated) lines.push('[search stopped early (match, file or time limit); narrow the path or glob]');
  return { content: lines.join('\n'), paths: [...new Set(shown.map((m) => m.path))] };
}
