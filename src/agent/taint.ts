// Taint: once content from outside the workspace's own sources is in the
// context (a message from someone other than the owner, a file marked
// untrusted, web output), the model may be acting on someone else's words.
// From then until the turn ends, nothing that changes or runs anything is
// approved automatically: each `allow` for a write or exec tool becomes `ask`,
// with the reason shown in the approval.
import { minimatch } from 'minimatch';
import type { Caller } from '../core/caller';
import type { ToolKind } from '../policy';

/** Where untrusted content can come from, besides non-owner callers (always untrusted). */
export interface TaintOptions {
  /** Globs (workspace-relative) of files whose content is untrusted: vendored code, downloads, issue dumps. */
  readonly untrustedPaths?: readonly string[];
  /** Tools whose results come from outside the workspace (e.g. a web fetch tool). */
  readonly untrustedTools?: readonly string[];
  /** Treat all command output as untrusted (set when the sandbox has network access). */
  readonly commandOutput?: boolean;
}

/** Tracks whether the current turn's context holds untrusted content. */
export class TaintTracker {
  #reason: string | undefined;
  readonly #options: TaintOptions;

  constructor(options: TaintOptions = {}) {
    this.#options = options;
  }

  /** Why auto-approval is suspended in this turn, or undefined when it is not. */
  get reason(): string | undefined {
    return this.#reason;
  }

  /** Starts a turn for `caller`; returns the reason when the task itself is untrusted. */
  beginTurn(caller: Caller, origin?: string): string | undefined {
    this.#reason = undefined;
    if (origin) return this.mark(origin);
    if (caller.profile !== 'owner') return this.mark(`the task came from ${caller.id} (${caller.profile}, via ${caller.surface}), not from the owner`);
    return undefined;
  }

  /** Marks the turn tainted (the first reason is kept); returns the reason when this call tainted it. */
  mark(reason: string): string | undefined {
    if (this.#reason !== undefined) return undefined;
    this.#reason = `untrusted content is in the context (${reason}); automatic approvals are suspended for the rest of this turn`;
    return this.#reason;
  }

  /** Whether content of this workspace-relative path is untrusted. */
  isUntrustedPath(relative: string): boolean {
    return (this.#options.untrustedPaths ?? []).some((glob) => minimatch(relative, glob, { dot: true, matchBase: !glob.includes('/') }));
  }

  /** Looks at a tool result before it reaches the model; `paths` are the workspace files whose content it carries. */
  noteResult(tool: string, kind: ToolKind, paths: readonly string[]): string | undefined {
    if ((this.#options.untrustedTools ?? []).includes(tool)) return this.mark(`output of ${tool}`);
    if (kind === 'exec' && this.#options.commandOutput) return this.mark('command output from a sandbox with network access');
    const hit = paths.find((p) => this.isUntrustedPath(p));
    return hit === undefined ? undefined : this.mark(`${hit} is marked untrusted`);
  }

  /** The verdict after taint: `allow` for a write or exec tool becomes `ask` while tainted. */
  escalates(kind: ToolKind, decision: string): boolean {
    return this.#reason !== undefined && decision === 'allow' && kind !== 'read';
  }
}
