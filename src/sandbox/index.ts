// The sandbox room: Docker engine access, container lifecycle, exec, file operations.
export { DockerEngine } from './engine/docker-engine';
export type { ContainerEngine, ContainerInfo, ImageProgress } from './engine/engine';
export { resolveEngineAddress } from './engine/engine-address';
export type { ExecHooks, ExecRequest, ExecResult } from './exec/exec-types';
export { pruneSandboxes, type PrunedContainer } from './prune';
export { Sandbox, type CommandRun, type SandboxEgressOptions, type SandboxOptions, type SandboxState, type SandboxStatus } from './sandbox';
export { sandboxStatusFields, type StatusField } from './status-fields';
export { shellArgv } from './container-spec';
export { shadowLayout, type ShadowLayout } from './shadow/shadow-volume';
export type { CopyLayer } from './shadow/copy-layer';
export { scanUpper, type EntryStat, type UpperEntry } from './shadow/upper-scan';
export { hostAccess, WorkspaceFs, type WorkspaceAccess as HostAccess } from './workspace-fs';
export { toContainerPath, toWorkspaceRelative, WORKSPACE_MOUNT } from './workspace-path';
export { identifyWorkspace, type WorkspaceIdentity } from './workspace-identity';
export { readSandboxSettings, SANDBOX_NETWORKS, SANDBOX_SETTINGS, WORKSPACE_ACCESS_MODES, type SandboxNetwork, type SandboxSettings, type WorkspaceAccess } from './sandbox-settings';

import { DockerEngine } from './engine/docker-engine';
import { resolveEngineAddress } from './engine/engine-address';
import type { SandboxSettings } from './sandbox-settings';

/** The engine named by the settings (or DOCKER_HOST, or the default socket). */
export function createEngine(settings: Pick<SandboxSettings, 'dockerHost'>, env: NodeJS.ProcessEnv = process.env): DockerEngine {
  return new DockerEngine(resolveEngineAddress(settings.dockerHost, env));
}
export { auditedExec, type AuditSink, type ExecContext } from './audited-exec';
export { ContainerFiles, workspaceFilesFor } from './container-files';
export { gatherSecurityFacts, type SecurityFacts } from './security-input';
