// The chat panel's palette commands.
import * as vscode from 'vscode';
import type { CommandFactory, CommandTable } from '../commands/command';
import type { Ctx } from '../ctx';
import { selectionTask } from './selection-task';

/** Most characters of a selection sent with "Ask About Selection". */
const SELECTION_CHARS = 20_000;

/** Shows the panel; also in an untrusted workspace, where the panel says why it takes no tasks. */
const openChat: CommandFactory = {
  enabled: (ctx) => () => ctx.runAction('Open Chat', () => ctx.chat.view.reveal()),
  disabled: (ctx) => () => ctx.runAction('Open Chat', () => ctx.chat.view.reveal()),
};

/** The chat commands (package.json `contributes.commands` lists the same ids). */
export const CHAT_COMMANDS: CommandTable = {
  'clawdock.openChat': openChat,
  'clawdock.newTask': {
    enabled: (ctx) => () => ctx.runAction('New Task', () => ctx.chat.focusInput()),
  },
  'clawdock.askAboutSelection': {
    enabled: (ctx) => () => ctx.runAction('Ask About Selection', () => askAboutSelection(ctx)),
  },
  'clawdock.cancelTask': {
    enabled: (ctx) => () => {
      if (!ctx.chat.cancel()) void vscode.window.showInformationMessage('Clawdock: no task is running.');
    },
  },
};

async function askAboutSelection(ctx: Ctx): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Clawdock: select some code first, then ask about it.');
    return;
  }
  const doc = editor.document;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const question = await vscode.window.showInputBox({
    title: 'Clawdock: ask the agent about the selection',
    value: 'Explain this code.',
    valueSelection: [0, 'Explain this code.'.length],
    ignoreFocusOut: true,
  });
  if (question === undefined || question.trim() === '') return;
  const { start, end } = editor.selection;
  const task = selectionTask({
    question,
    path: folder ? vscode.workspace.asRelativePath(doc.uri, false) : doc.uri.fsPath,
    startLine: start.line + 1,
    endLine: end.character === 0 && end.line > start.line ? end.line : end.line + 1,
    languageId: doc.languageId,
    text: doc.getText(editor.selection),
    maxChars: SELECTION_CHARS,
  });
  await ctx.chat.view.reveal(true);
  await ctx.chat.sendTask(task);
}
