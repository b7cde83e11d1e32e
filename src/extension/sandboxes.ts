import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposable';
import type { Logger } from '../core/logger';
import { createEngine, Sandbox, type SandboxState } from '../sandbox';
import type { SandboxEgressOptions } from '../sandbox';
import { readConfig, type Config } from './config';
import { changedSandboxSettings, type ChangedSetting } from './settings-diff';

/** A folder's sandbox changed state (came up, stopped, went away). */
export interface SandboxStateChange {
  readonly folder: vscode.WorkspaceFolder;
  readonly state: SandboxState;
}

/** Settings that changed for a folder whose sandbox exists in this window. */
export interface SandboxReconfigured {
  readonly folder: vscode.WorkspaceFolder;
  readonly changed: readonly ChangedSetting[];
}

/** One folder's sandbox session: the Sandbox, the config it was made from, and its subscriptions. */
class SandboxSession implements vscode.Disposable {
  private readonly store = new DisposableStore();

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly sandbox: Sandbox,
    public config: Config,
  ) {
    this.store.add(sandbox);
  }

  track(subscription: vscode.Disposable): void {
    this.store.add(subscription);
  }

  /** Subscriptions first (last added first), the Sandbox last. */
  dispose(): void {
    this.store.dispose();
  }
}

/**
 * One Sandbox per workspace folder, created on first use (that is when the
 * engine is first contacted) and disposed when the folder leaves the window or
 * the extension deactivates. Disposing ends this window's use of the container;
 * the container itself stops when idle.
 */
export class SandboxRegistry implements vscode.Disposable {
  private readonly sessions = new Map<string, SandboxSession>();
  private readonly _onDidChangeState = new vscode.EventEmitter<SandboxStateChange>();
  /** Fires when any folder's sandbox changes state. */
  readonly onDidChangeState: vscode.Event<SandboxStateChange> = this._onDidChangeState.event;
  private readonly _onDidChangeSessions = new vscode.EventEmitter<void>();
  /** Fires when a folder's sandbox comes into use in this window or leaves it (what the status bars may ask the engine about). */
  readonly onDidChangeSessions: vscode.Event<void> = this._onDidChangeSessions.event;

  constructor(
    private readonly logger: Logger,
    /** The secrets granted to every sandbox, as environment variables (SandboxOptions.grantedEnv). */
    private readonly grantedEnv?: () => Promise<Readonly<Record<string, string>>>,
    /** What a folder's sandbox needs for an allowlist network (src/extension/sandbox-egress.ts). */
    private readonly egressFor?: (folder: vscode.WorkspaceFolder) => SandboxEgressOptions,
  ) {}

  /** The folder's sandbox, created with the folder's settings when it has none yet. Throws a ConfigError for unusable settings. */
  get(folder: vscode.WorkspaceFolder): Sandbox {
    return (this.sessions.get(key(folder)) ?? this.create(folder, readConfig(folder))).sandbox;
  }

  /** The folder's sandbox if this window made one. */
  peek(folder: vscode.WorkspaceFolder): Sandbox | undefined {
    return this.sessions.get(key(folder))?.sandbox;
  }

  /** Every folder's sandbox this window made, with its folder. */
  all(): { readonly folder: vscode.WorkspaceFolder; readonly sandbox: Sandbox }[] {
    return [...this.sessions.values()].map((s) => ({ folder: s.folder, sandbox: s.sandbox }));
  }

  /** The sandbox of the folder at `folderPath` (the path as opened, or its real path), for the extension's API. */
  findByPath(folderPath: string): Sandbox | undefined {
    const wanted = resolve(folderPath);
    const real = realPath(wanted);
    for (const session of this.sessions.values()) {
      if (resolve(session.folder.uri.fsPath) === wanted || session.sandbox.workspace.realPath === real) return session.sandbox;
    }
    return undefined;
  }

  private create(folder: vscode.WorkspaceFolder, config: Config): SandboxSession {
    const engine = createEngine(config.sandbox);
    const sandbox = new Sandbox({
      workspace: folder.uri.fsPath, settings: config.sandbox, engine, logger: this.logger,
      ...(this.grantedEnv ? { grantedEnv: this.grantedEnv } : {}), ...(this.egressFor ? { egress: this.egressFor(folder) } : {}),
    });
    const session = new SandboxSession(folder, sandbox, config);
    session.track(sandbox.onDidChangeState((state) => this._onDidChangeState.fire({ folder, state })));
    session.track(sandbox.onDidProgress((p) => this.logger.info(`[${folder.name}] ${p.message}`)));
    this.sessions.set(key(folder), session);
    this.logger.info(`sandbox session for ${folder.uri.fsPath} (engine ${engine.address})`);
    this._onDidChangeSessions.fire();
    return session;
  }

  /**
   * Re-reads the settings of every folder `affects` says changed and hands them
   * to its sandbox. A new engine address needs a new Sandbox (the old one stays
   * bound to its engine), so that session is replaced. Throws the first
   * ConfigError after applying what it could.
   */
  reconfigure(affects: (folder: vscode.WorkspaceFolder) => boolean): SandboxReconfigured[] {
    const result: SandboxReconfigured[] = [];
    let firstError: unknown;
    for (const session of [...this.sessions.values()]) {
      if (!affects(session.folder)) continue;
      try {
        const config = readConfig(session.folder);
        const changed = changedSandboxSettings(session.config.sandbox, config.sandbox);
        if (changed.length === 0) continue;
        if (config.sandbox.dockerHost !== session.config.sandbox.dockerHost) {
          this.release(session.folder);
          this.create(session.folder, config);
        } else {
          session.sandbox.updateSettings(config.sandbox);
          session.sandbox.updateEgressSettings();
          session.config = config;
        }
        result.push({ folder: session.folder, changed });
      } catch (err) {
        firstError ??= err;
      }
    }
    if (firstError) throw firstError;
    return result;
  }

  /** Ends the folder's session (folder removed from the window). */
  release(folder: vscode.WorkspaceFolder): void {
    const session = this.sessions.get(key(folder));
    if (!session) return;
    this.sessions.delete(key(folder));
    session.dispose();
    this._onDidChangeSessions.fire();
  }

  dispose(): void {
    // Disposed last added first: the sessions, then the emitters they may still fire.
    const store = new DisposableStore();
    store.add(this._onDidChangeState);
    store.add(this._onDidChangeSessions);
    for (const session of this.sessions.values()) store.add(session);
    this.sessions.clear();
    store.dispose();
  }
}

function key(folder: vscode.WorkspaceFolder): string {
  return folder.uri.toString();
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
