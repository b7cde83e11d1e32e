// The shadow workspace in the editor (issue 9): the Changes view, change diffs
// with per-file and per-hunk lenses, undo and history. Design rule: every
// decision goes through the folder's ShadowWorkspace (src/changes); this room
// only shows, asks and passes on, binding each decision to what was shown.
export { CHANGE_COMMANDS } from './change-commands';
export { ChangesHost } from './changes-host';
