// The two agent settings a workspace may only tighten, read per layer (VS Code's
// merged value would let a workspace's list replace the user's): the user's,
// the workspace's and the folder's values, each checked on its own.
import * as vscode from 'vscode';
import { MODELS_ALLOWED_KEY, readModelAllowLayer, type ModelAllowLayer, type ModelAllowlist } from '../../agent/model-allowlist';
import { effectiveOnViolation, ON_VIOLATION_KEY, readOnViolation, type OnViolation } from '../../agent/violation-setting';
import { configFromObject } from '../../core/config/config-source';

/** `clawdock.models.allowed` as every layer sets it for a folder (or the window). */
export function readEditorModelAllowlist(folder?: vscode.WorkspaceFolder): ModelAllowlist {
  const i = vscode.workspace.getConfiguration('clawdock', folder?.uri).inspect<unknown>(MODELS_ALLOWED_KEY);
  const layers = [
    readModelAllowLayer(i?.globalValue, 'user settings'),
    readModelAllowLayer(i?.workspaceValue, 'workspace settings'),
    readModelAllowLayer(i?.workspaceFolderValue, `the folder settings of ${folder?.name ?? 'this folder'}`),
  ];
  return layers.filter((l): l is ModelAllowLayer => l !== undefined);
}

/** `clawdock.policy.onViolation` for a folder: `halt` when any layer asks for it. */
export function readEditorOnViolation(folder?: vscode.WorkspaceFolder): OnViolation {
  const i = vscode.workspace.getConfiguration('clawdock', folder?.uri).inspect<unknown>(ON_VIOLATION_KEY);
  const layer = (value: unknown) => readOnViolation(configFromObject({ [ON_VIOLATION_KEY]: value }));
  return effectiveOnViolation(layer(i?.globalValue), layer(i?.workspaceValue), layer(i?.workspaceFolderValue));
}
