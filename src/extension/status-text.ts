// What the status bar item and `Show Sandbox Status` say about a sandbox.
// Plain Node so it is tested without VS Code.
import type { SandboxStatus } from '../sandbox';

/** What the status bar knows about the folder it shows. */
export type StatusView =
  | { readonly kind: 'status'; readonly status: SandboxStatus }
  | { readonly kind: 'untrusted' }
  | { readonly kind: 'noFolder' }
  /** This window has not used the folder's sandbox yet, so the engine was not asked. */
  | { readonly kind: 'notInUse' }
  | { readonly kind: 'error'; readonly message: string };

/** The status bar item's content; `warning` asks for the warning background. */
export interface StatusBarText {
  readonly text: string;
  readonly tooltip: string;
  readonly warning: boolean;
}

/** Text of the status bar item, e.g. `$(vm) Sandbox: running`; the folder is named in multi-root windows. */
export function statusBarText(view: StatusView, folderName?: string): StatusBarText {
  const label = folderName ? `Sandbox (${folderName})` : 'Sandbox';
  switch (view.kind) {
    case 'untrusted':
      return { text: '$(vm) Sandbox: off', tooltip: 'This workspace is not trusted: Clawdock starts no sandbox and runs no commands here.', warning: false };
    case 'noFolder':
      return { text: '$(vm) Sandbox: no folder', tooltip: 'Open a folder to give it a sandbox.', warning: false };
    case 'notInUse':
      return { text: `$(vm) ${label}`, tooltip: 'Not started from this window yet. Click to ask Docker for its state; a command, a task or Start Sandbox starts it.', warning: false };
    case 'error':
      return { text: `$(vm) ${label}: error`, tooltip: view.message, warning: true };
    case 'status': {
      const s = view.status;
      const icon = s.state === 'unreachable' ? '$(debug-disconnect)' : s.loosened.length > 0 ? '$(warning)' : '$(vm)';
      const lines = [`Sandbox ${s.state} — ${s.workspace}`];
      if (s.state === 'unreachable') lines.push(s.detail ?? `Docker is not reachable at ${s.engine}`);
      if (s.loosened.length > 0) lines.push(`Hardening loosened: ${s.loosened.join(', ')}`);
      if (!s.upToDate && s.state === 'running') lines.push('Settings changed: the container is recreated at the next command.');
      lines.push('Click for details.');
      return { text: `${icon} ${label}: ${s.state}`, tooltip: lines.join('\n'), warning: s.state === 'unreachable' || s.loosened.length > 0 };
    }
  }
}
