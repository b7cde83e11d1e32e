import path from 'node:path';
import * as vscode from 'vscode';
import { readConfig } from '../config';
import { DisposableStore } from '../../core/disposable';
import type { ConfigSource } from '../../core/config/config-source';
import type { Logger } from '../../core/logger';
import { createPolicy, loadBashParser, readPolicyLayer } from '../../policy';
import type { BashParser, Policy, PolicyLayer, RuleSpec } from '../../policy';

/**
 * Each folder's policy, built on first use from the settings layers (user and
 * workspace, the latter ignored while the workspace is untrusted) and rebuilt
 * after a policy setting or the trust changes. The bash parser loads once.
 */
export class FolderPolicies implements vscode.Disposable {
  private readonly policies = new Map<string, Promise<Policy>>();
  private parser: Promise<BashParser> | undefined;
  private readonly subscriptions = new DisposableStore();

  constructor(
    private readonly wasmDir: string,
    private readonly logger: Logger,
  ) {
    this.subscriptions.add(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('clawdock.policy') || e.affectsConfiguration('clawdock.sandbox.protectedPaths') || e.affectsConfiguration('clawdock.sandbox.workspaceAccess')) this.policies.clear();
    }));
    this.subscriptions.add(vscode.workspace.onDidGrantWorkspaceTrust(() => this.policies.clear()));
  }

  /** The folder's policy; throws PolicyLoadError or ConfigError when the settings cannot make one. */
  get(folder: vscode.WorkspaceFolder): Promise<Policy> {
    const key = folder.uri.toString();
    let policy = this.policies.get(key);
    if (!policy) {
      policy = this.build(folder);
      // A failed build is not cached: the next call reports the (maybe fixed) settings again.
      policy.catch(() => this.policies.delete(key));
      this.policies.set(key, policy);
    }
    return policy;
  }

  /** Builds the folder's policy with `extraUserRules` added, to check rules before they are saved. */
  async withUserRules(folder: vscode.WorkspaceFolder, extraUserRules: readonly RuleSpec[]): Promise<Policy> {
    const { user, workspace } = layers(folder);
    return createPolicy({ parser: await this.loadParser(), user: { ...user, rules: [...(user?.rules ?? []), ...extraUserRules] }, workspace, workspaceTrusted: vscode.workspace.isTrusted, workspaceAccess: readConfig(folder).sandbox.workspaceAccess });
  }

  private async build(folder: vscode.WorkspaceFolder): Promise<Policy> {
    const { user, workspace } = layers(folder);
    const policy = await createPolicy({ parser: await this.loadParser(), user, workspace, workspaceTrusted: vscode.workspace.isTrusted, workspaceAccess: readConfig(folder).sandbox.workspaceAccess });
    for (const notice of policy.notices) this.logger.info(`[${folder.name}] policy: ${notice}`);
    return policy;
  }

  private loadParser(): Promise<BashParser> {
    this.parser ??= loadBashParser({ wasmDir: this.wasmDir }).catch((err: unknown) => {
      this.parser = undefined;
      throw err;
    });
    return this.parser;
  }

  dispose(): void {
    this.subscriptions.dispose();
    this.policies.clear();
  }
}

/** Where the bundle keeps the bash grammar (`dist/`, next to extension.js). */
export function bundledWasmDir(extensionPath: string): string {
  return path.join(extensionPath, 'dist');
}

function layers(folder: vscode.WorkspaceFolder): { user: PolicyLayer | undefined; workspace: PolicyLayer | undefined } {
  const section = vscode.workspace.getConfiguration('clawdock', folder.uri);
  const userSource: ConfigSource = { get: <T>(key: string) => section.inspect<T>(key)?.globalValue };
  const workspaceSource: ConfigSource = {
    get: <T>(key: string) => {
      const i = section.inspect<T>(key);
      return i?.workspaceFolderValue ?? i?.workspaceValue;
    },
  };
  return { user: readPolicyLayer(userSource), workspace: readPolicyLayer(workspaceSource) };
}
