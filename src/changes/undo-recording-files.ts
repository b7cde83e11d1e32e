// In `rw` access the agent's approved edits write the real folder directly;
// this wrapper records each one in the undo history first (what the file held
// before, as a blob), so `Undo Last Applied Change` covers them too.
import { workspaceFilesFor, WorkspaceFs, type ContainerFiles, type Sandbox } from '../sandbox';
import { captureReal, undoFiles } from './real-folder';
import { undoHistoryFor, type UndoHistory } from './undo-history';

/** The file operations the agent and the edit review use. */
export type EditableFiles = Pick<WorkspaceFs, 'read' | 'write' | 'remove' | 'list' | 'search'>;

/** `fs`, with every write and remove recorded in `history` as an applied edit. */
export function undoRecordingFiles(fs: WorkspaceFs, root: string, history: UndoHistory): EditableFiles {
  return {
    read: (...args) => fs.read(...args),
    list: (...args) => fs.list(...args),
    search: (...args) => fs.search(...args),
    async write(path, content, options) {
      const before = await captureReal(fs, root, path, history);
      const result = await fs.write(path, content, options);
      history.record('edit', undoFiles(before.states, root, new Map([[result.path, result.afterSha256]])), before.bytes + result.bytes);
      return result;
    },
    async remove(path, options) {
      const before = await captureReal(fs, root, path, history);
      const result = await fs.remove(path, options);
      history.record('edit', undoFiles(before.states, root, new Map()), before.bytes);
      return result;
    },
  };
}

/**
 * The files the agent and the edit review write for a sandbox: the sandbox's
 * own view when shadowed (changes then come back as a change set), else the
 * host-side guard with every write recorded for undo.
 */
export function editableFilesFor(sandbox: Pick<Sandbox, 'fs' | 'currentSettings' | 'workspace'>, stateRoot: string): ContainerFiles | EditableFiles {
  const files = workspaceFilesFor(sandbox);
  if (!(files instanceof WorkspaceFs)) return files;
  return undoRecordingFiles(files, sandbox.workspace.realPath, undoHistoryFor(stateRoot, sandbox.workspace.realPath, sandbox.currentSettings.undoHistoryMb));
}
