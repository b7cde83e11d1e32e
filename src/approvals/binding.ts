// An approval binds to exactly what it approves (DESIGN.md, approvals contract):
// a sha256 over the canonical JSON of the bound fields. The executor recomputes
// it from what it is about to run; a different hash means nothing runs.
import { canonicalJson, sha256Hex } from '../core/hash';
import { ApprovalMismatchError } from './approval-mismatch-error';

/** What a command approval binds: the exact exec request and the container it would run in. */
export interface CommandBindingInput {
  readonly argv: readonly string[];
  /** Absolute container path, e.g. `/workspace/src`. */
  readonly cwd: string;
  /** The extra environment the command gets (the sandbox's fixed base env is not the approver's choice). */
  readonly env: Readonly<Record<string, string>>;
  readonly containerId: string;
  readonly imageId: string;
}

/** What an edit approval binds: the file and its content before and after (null: absent). */
export interface EditBindingInput {
  /** Workspace-relative POSIX path. */
  readonly path: string;
  /** sha256 of the file when the edit was proposed; null for a new file. */
  readonly beforeSha256: string | null;
  /** The proposed content (hashed here) … */
  readonly afterContent?: string | null;
  /** … or its sha256; null (or afterContent null) deletes the file. */
  readonly afterSha256?: string | null;
}

/** What approving a read binds (mode `ask-all`): the tool and its normalised arguments. */
export interface ReadBindingInput {
  readonly tool: string;
  readonly args: unknown;
}

/** A binding input tagged with its kind, as `assertBinding` takes it. */
export type BindingInput =
  | ({ readonly kind: 'command' } & CommandBindingInput)
  | ({ readonly kind: 'edit' } & EditBindingInput)
  | ({ readonly kind: 'read' } & ReadBindingInput);

/** The hash a command approval is bound to. */
export function commandBinding(input: CommandBindingInput): string {
  return sha256Hex(canonicalJson(commandFields(input)));
}

/** The hash an edit approval is bound to. */
export function editBinding(input: EditBindingInput): string {
  return sha256Hex(canonicalJson(editFields(input)));
}

/** The hash of a tagged binding input. */
export function bindingOf(input: BindingInput): string {
  return sha256Hex(canonicalJson(fieldsOf(input)));
}

/** The approval side of a check: its hash, and the bound fields when known (to name what changed). */
export interface BoundApproval {
  readonly id: string;
  readonly binding: string;
  readonly bound?: BindingInput;
}

/**
 * Throws ApprovalMismatchError unless `actual` hashes to the approval's binding.
 * Call it right before running or writing; when it throws, nothing may run.
 */
export function assertBinding(approval: BoundApproval, actual: BindingInput): void {
  if (bindingOf(actual) === approval.binding) return;
  throw new ApprovalMismatchError(approval.id, approval.bound ? changedFields(approval.bound, actual) : []);
}

function fieldsOf(input: BindingInput): Record<string, unknown> {
  switch (input.kind) {
    case 'command': return commandFields(input);
    case 'edit': return editFields(input);
    case 'read': return { v: 1, kind: 'read', tool: input.tool, args: input.args };
  }
}

function commandFields(input: CommandBindingInput): Record<string, unknown> {
  return { v: 1, kind: 'command', argv: [...input.argv], cwd: input.cwd, env: { ...input.env }, containerId: input.containerId, imageId: input.imageId };
}

function editFields(input: EditBindingInput): Record<string, unknown> {
  const after = input.afterContent !== undefined ? (input.afterContent === null ? null : sha256Hex(input.afterContent)) : (input.afterSha256 ?? null);
  // A key that is missing and one set to null must hash alike: canonicalJson drops undefined.
  return { v: 1, kind: 'edit', path: input.path, beforeSha256: input.beforeSha256, afterSha256: after };
}

const FIELD_NAMES: Record<string, string> = { beforeSha256: 'before content', afterSha256: 'after content', kind: 'kind' };

function changedFields(bound: BindingInput, actual: BindingInput): string[] {
  if (bound.kind !== actual.kind) return ['kind'];
  const a = fieldsOf(bound);
  const b = fieldsOf(actual);
  return Object.keys(a).filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k])).map((k) => FIELD_NAMES[k] ?? k);
}
