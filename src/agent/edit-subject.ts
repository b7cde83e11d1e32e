// Turns a write_file / edit_file call into the exact change it would make:
// the file as it is now and as it would be, hashed, so the approval binds to
// that change and the write refuses a file that moved on meanwhile.
import { sha256Hex } from '../core/hash';
import type { EditFileArgs, Policy, ToolCall, WriteFileArgs } from '../policy';
import type { AgentFiles } from './agent-services';
import type { EditApprovalSubject } from './approver';
import { applyEdits } from './edit-apply';

/** The change, or why it cannot be made (a result the model can act on). */
export type EditSubjectResult = { readonly ok: true; readonly subject: EditApprovalSubject } | { readonly ok: false; readonly reason: string };

/** Whether a WorkspaceFs error says the file (or a folder on its way) does not exist. */
export function isMissingFileError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' || /^no such file or directory\b/.test(error.message);
}

/** The file's whole text now; null when it does not exist. Binary or too-large files cannot be edited as text. */
async function currentText(files: AgentFiles, path: string): Promise<{ ok: true; text: string | null; sha256: string | null } | { ok: false; reason: string }> {
  try {
    const r = await files.read(path);
    if (r.binary) return { ok: false, reason: `${path} is a binary file; it cannot be changed with the file tools` };
    if (r.truncated) return { ok: false, reason: `${path} is ${r.size} bytes, too large to change with the file tools; use a command` };
    // The hash of the bytes on disk (a BOM the decoder drops still counts): what the write will compare.
    return { ok: true, text: r.content, sha256: r.sha256 };
  } catch (error) {
    if (isMissingFileError(error)) return { ok: true, text: null, sha256: null };
    throw error;
  }
}

/** Builds the change a checked write or edit call would make. */
export async function editSubjectOf(call: ToolCall, files: AgentFiles, policy: Pick<Policy, 'isProtected'>): Promise<EditSubjectResult> {
  const path = call.paths[0]?.relative;
  if (path === undefined || path === '.') return { ok: false, reason: 'the workspace root is a directory, not a file' };
  const now = await currentText(files, path);
  if (!now.ok) return now;
  let after: string;
  if (call.tool === 'edit_file') {
    if (now.text === null) return { ok: false, reason: `${path} does not exist; create it with write_file` };
    const applied = applyEdits(now.text, (call.args as EditFileArgs).edits);
    if (!applied.ok) return applied;
    after = applied.content;
  } else {
    after = (call.args as WriteFileArgs).content;
  }
  if (after === now.text) return { ok: false, reason: `${path} already has exactly this content; nothing to change` };
  return {
    ok: true,
    subject: {
      kind: 'edit',
      path,
      before: now.text,
      beforeSha256: now.sha256,
      after,
      afterSha256: sha256Hex(after),
      protectedPath: policy.isProtected(path),
    },
  };
}
