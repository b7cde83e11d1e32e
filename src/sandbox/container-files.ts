// The agent's file tools in a shadow workspace: they act on /workspace as the
// sandbox sees it (its own layer over the real folder), through the resident
// executor, confined to /workspace after links are resolved inside the
// container. Nothing written here reaches the real folder: it joins the
// change set the person reviews. Same shapes as WorkspaceFs, so the agent's
// tools take either.
import { sha256Hex } from '../core/hash';
import type { FsRequest } from './exec/exec-types';
import { hostAccess, WorkspaceFs } from './workspace-fs';
import type { ListResult, ReadResult, WriteResult } from './workspace-fs';
import type { Sandbox } from './sandbox';
import type { SearchOptions, SearchResult } from './workspace-search';
import type { EntryType, ListEntry } from './workspace-walk';
import { clampPositive, DEFAULT_LIST_LIMIT, DEFAULT_MAX_READ_BYTES, DEFAULT_MAX_WRITE_BYTES } from './workspace-limits';
import { toContainerPath, toWorkspaceRelative } from './workspace-path';
import { SandboxError } from '../core/errors';

/** Runs a file operation in the container (Sandbox.fs fits). */
export type ContainerFs = (request: FsRequest) => Promise<unknown>;

/** Limits of a ContainerFiles. */
export interface ContainerFilesOptions {
  readonly maxReadBytes?: number;
  readonly maxWriteBytes?: number;
}

/** File operations on the sandbox's view of the workspace. */
export class ContainerFiles {
  /** Where writes land: the sandbox's layer, never the real folder (the audit says so). */
  readonly writesTo = 'sandbox-layer' as const;
  readonly #fs: ContainerFs;
  readonly #maxReadBytes: number;
  readonly #maxWriteBytes: number;

  constructor(fs: ContainerFs, options: ContainerFilesOptions = {}) {
    this.#fs = fs;
    this.#maxReadBytes = clampPositive(options.maxReadBytes, DEFAULT_MAX_READ_BYTES);
    this.#maxWriteBytes = clampPositive(options.maxWriteBytes, DEFAULT_MAX_WRITE_BYTES);
  }

  /** Reads a byte range (default from 0, at most maxReadBytes) of a file as UTF-8. */
  async read(path: string, options: { offset?: number; limit?: number } = {}): Promise<ReadResult> {
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    const limit = Math.min(this.#maxReadBytes, Math.max(1, Math.floor(options.limit ?? this.#maxReadBytes)));
    const r = (await this.#fs({ action: 'read', path: containerPath(path), offset, limit })) as { path: string; data: string; size: number; sha256: string; binary: boolean };
    const bytes = Buffer.from(r.data, 'base64');
    if (r.binary) return { path: r.path, content: '', offset, bytes: 0, size: r.size, truncated: offset + bytes.length < r.size, binary: true, sha256: r.sha256 };
    // Never cut a character in two: a slice that ends inside one stops before it.
    const end = offset + bytes.length < r.size ? completeUtf8(bytes) : bytes.length;
    const text = bytes.subarray(0, end).toString('utf8');
    const binary = text.includes('\ufffd') && !Buffer.from(text, 'utf8').equals(bytes.subarray(0, end));
    return { path: r.path, content: binary ? '' : text, offset, bytes: end, size: r.size, truncated: offset + end < r.size, binary, sha256: r.sha256 };
  }

  /** Replaces (or creates) a file atomically inside the sandbox's layer; `expectedSha256` guards against a changed file (null: must not exist). */
  async write(path: string, content: string | Uint8Array, options: { createParents?: boolean; expectedSha256?: string | null; allowProtected?: boolean } = {}): Promise<WriteResult> {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    if (data.length > this.#maxWriteBytes) throw new SandboxError(`refused to write ${data.length} bytes to ${JSON.stringify(path)}: more than the ${this.#maxWriteBytes}-byte limit`);
    const r = (await this.#fs({
      action: 'write', path: containerPath(path), data: data.toString('base64'), createParents: options.createParents === true,
      ...(options.expectedSha256 !== undefined ? { expectedSha256: options.expectedSha256 } : {}),
    })) as { path: string; bytes: number; sha256: string; created: boolean; beforeSha256: string | null };
    if (r.sha256 !== sha256Hex(data)) throw new SandboxError(`the sandbox wrote other bytes to ${path} than were sent`);
    return { path: r.path, bytes: r.bytes, beforeSha256: r.beforeSha256, afterSha256: r.sha256, created: r.created };
  }

  /** Removes a file, a link (not its target) or an empty directory. */
  async remove(path: string, options: { allowProtected?: boolean } = {}): Promise<{ path: string; type: EntryType }> {
    void options; // held paths are held when the change set is reviewed, not here
    const target = containerPath(path);
    const [entry] = (await this.#fs({ action: 'lstat', paths: [target] })) as ({ type: EntryType } | null)[];
    if (!entry) throw new SandboxError(`no such file or directory: ${target}`, { cause: Object.assign(new Error('ENOENT'), { code: 'ENOENT' }) });
    await this.#fs({ action: 'remove', path: target });
    return { path: toWorkspaceRelative(path), type: entry.type };
  }

  /** Lists a directory, sorted by name; recursion never follows links and skips `.git` unless includeGit. */
  async list(path = '.', options: { recursive?: boolean; limit?: number; includeGit?: boolean } = {}): Promise<ListResult> {
    const limit = clampPositive(options.limit, DEFAULT_LIST_LIMIT);
    const r = (await this.#fs({ action: 'list', path: containerPath(path), recursive: options.recursive === true, limit, includeGit: options.includeGit === true })) as { path: string; entries: ListEntry[]; truncated: boolean };
    return { path: r.path, entries: r.entries.map((e) => ({ path: e.path, type: e.type, size: e.size })), truncated: r.truncated };
  }

  /** Text search inside the sandbox (ripgrep when the image has it). */
  async search(pattern: string, options: SearchOptions = {}): Promise<SearchResult> {
    const r = (await this.#fs({
      action: 'search', path: containerPath(options.path ?? '.'), pattern, regex: options.regex === true, ignoreCase: options.ignoreCase === true,
      limit: options.limit ?? 200, maxBytes: this.#maxReadBytes, timeoutSeconds: Math.max(1, Math.round((options.timeoutMs ?? 10_000) / 1000)),
      ...(options.glob !== undefined ? { glob: options.glob } : {}),
    })) as { matches: { path: string; line: number; column?: number; text: string }[]; truncated: boolean };
    return { matches: r.matches.map((m) => ({ path: m.path, line: m.line, column: m.column ?? 0, text: m.text })), truncated: r.truncated, filesSearched: 0, filesSkipped: 0 };
  }
}

function containerPath(path: string): string {
  return toContainerPath(toWorkspaceRelative(path));
}

/** Bytes up to the last complete UTF-8 character. */
function completeUtf8(bytes: Buffer): number {
  const i = bytes.length;
  // Step back over at most 3 continuation bytes to the lead byte of the last character.
  let k = i - 1;
  while (k >= 0 && k >= i - 4 && ((bytes[k] as number) & 0xc0) === 0x80) k--;
  if (k < 0) return i;
  const lead = bytes[k] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i - k < need ? k : i;
}

/** The agent's and the edit review's files for a sandbox's access mode: the container's view when shadowed, else the host-side guard. */
export function workspaceFilesFor(sandbox: Pick<Sandbox, 'fs' | 'currentSettings' | 'workspace'>): ContainerFiles | WorkspaceFs {
  const s = sandbox.currentSettings;
  if (s.workspaceAccess === 'shadow') return new ContainerFiles((request) => sandbox.fs(request));
  return new WorkspaceFs({ root: sandbox.workspace.realPath, access: hostAccess(s.workspaceAccess), protectedPaths: s.protectedPaths });
}
