// What the loop needs from the rooms below it. Commands go through the
// sandbox's audited exec (exec-start on disk before a command runs), so the
// loop takes the real Sandbox and AuditLog; file tools take the small part of
// WorkspaceFs they use.
import type { AuditLog } from '../audit';
import type { Sandbox } from '../sandbox';
import type { WorkspaceFs } from '../sandbox';

/** The sandbox as the loop uses it. */
export type AgentSandbox = Sandbox;

/**
 * The file operations of the file tools (WorkspaceFs fits; ContainerFiles too, whose
 * writes land in the sandbox's layer and say so with `writesTo`).
 */
export type AgentFiles = Pick<WorkspaceFs, 'read' | 'write' | 'list' | 'search'> & { readonly writesTo?: 'sandbox-layer' };

/** Where the loop records what happens; a rejected append means the action must not happen. `appendBatched`, where there, takes how a command ended (group-committed). */
export type AgentAudit = Pick<AuditLog, 'append'> & Partial<Pick<AuditLog, 'appendBatched'>>;
