import type { Sandbox } from '../sandbox';
import type { ApprovalsApi } from './approvals/approvals-api';

/** What `activate` returns: a handle for tests and other extensions (`vscode.extensions.getExtension('clawdock.clawdock').exports`). */
export interface ClawdockApi extends ApprovalsApi {
  /** The sandbox this window made for the workspace folder at `folderPath`, if any command has used it yet. */
  getSandbox(folderPath: string): Sandbox | undefined;
}
