// Types for scripts/code-server.mjs, so the TypeScript e2e harness can import the launcher.

/** The pinned code-server version. */
export declare const CODE_SERVER_VERSION: string;
/** The project folder. */
export declare const PROJECT_ROOT: string;
/** `.code-server/` in the project: the install and `npm start`'s isolated folders. */
export declare const CODE_SERVER_HOME: string;

/** Prints a progress line on stderr. */
export declare function log(message: string): void;

/** Installs code-server when missing; returns its entry script. */
export declare function ensureCodeServer(options?: { home?: string; say?: (message: string) => void }): Promise<string>;

/** `npm run package`; returns the .vsix path. */
export declare function packageExtension(options?: { root?: string; say?: (message: string) => void }): Promise<string>;

/** Installs a .vsix into an isolated extensions folder. */
export declare function installExtension(options: { entry: string; vsix: string; extensionsDir: string; userDataDir: string; env?: NodeJS.ProcessEnv; say?: (message: string) => void }): Promise<void>;

/** Result of asking the engine for /_ping. */
export interface EnginePing {
  readonly ok: boolean;
  readonly address: string;
  readonly reason?: string;
}
export declare function pingEngine(env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<EnginePing>;
export declare function engineHelp(ping: EnginePing): string;

export declare function freePort(): Promise<number>;
export declare function portIsFree(port: number): Promise<boolean>;
export declare function randomPassword(): string;
export declare function isolatedEnv(dir: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function workbenchSettings(options: { trust: boolean }): Record<string, unknown>;
export declare function killGroup(pid: number, signal: NodeJS.Signals): void;

/** Options of `startCodeServer`. */
export interface StartOptions {
  entry: string;
  workspace: string;
  /** HOME, XDG folders, config and log live here. */
  dataDir: string;
  extensionsDir: string;
  userDataDir: string;
  port?: number;
  auth?: 'password' | 'none';
  password?: string;
  /** true: workspace trust applies (folders start untrusted); false: `--disable-workspace-trust`. */
  trust?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  logFile?: string;
  say?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** A running code-server. */
export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops its whole process group (TERM, then KILL). */
  stop(): Promise<void>;
}
export declare function startCodeServer(options: StartOptions): Promise<CodeServer>;

/** A setup step that failed, with what to do about it. */
export declare class SetupError extends Error {
  constructor(message: string, hint?: string);
}
export declare function run(cmd: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<void>;
