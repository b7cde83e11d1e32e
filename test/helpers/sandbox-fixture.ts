// Shared fixtures for the real-engine suites: throwaway workspaces owned by a
// non-root user, sandboxes that are always removed, and small settings.
import { chownSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { configFromObject } from '../../src/core/config/config-source';
import { createEngine, readSandboxSettings, Sandbox, type DockerEngine, type ExecResult, type SandboxSettings } from '../../src/sandbox';
import type { SandboxOptions } from '../../src/sandbox/sandbox';

/** The uid:gid every test workspace belongs to, so the container runs non-root even when the tests run as root. */
export const WORKSPACE_UID = 1000;
export const WORKSPACE_GID = 1000;

/** Small limits so several suites fit a 2-core machine. */
export const LEAN_SETTINGS: Readonly<Record<string, unknown>> = {
  'sandbox.memoryMb': 256,
  'sandbox.cpus': 1,
  'sandbox.pidsLimit': 128,
  'sandbox.tmpSizeMb': 32,
  'sandbox.homeSizeMb': 16,
  'sandbox.outputCapBytes': 1_048_576,
};

/** Settings from plain dotted keys on top of the lean defaults. */
export function testSettings(overrides: Record<string, unknown> = {}): SandboxSettings {
  return readSandboxSettings(configFromObject({ ...LEAN_SETTINGS, ...overrides }));
}

/** A fresh workspace folder with the given files (relative path → content), owned by 1000:1000. Returns its real path. */
export function makeWorkspace(files: Record<string, string> = {}, prefix = 'clawdock-ws-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  chownTree(dir);
  return dir;
}

/** chown -R to the workspace owner (tests run as root; the container must not). */
export function chownTree(dir: string): void {
  const walk = (p: string) => {
    chownSync(p, WORKSPACE_UID, WORKSPACE_GID);
    let names: string[];
    try {
      names = readdirSync(p);
    } catch {
      return;
    }
    for (const n of names) walk(join(p, n));
  };
  walk(dir);
}

/** One sandbox for a suite: its workspace, engine, and a way to run shell snippets. */
export interface SandboxFixture {
  readonly workspace: string;
  /** The test's own state folder (shadow layers under `shadow/`, undo history under `undo/`). */
  readonly stateRoot: string;
  readonly engine: DockerEngine;
  readonly sandbox: Sandbox;
  /** Runs `sh -c script` and returns the result (5 s default timeout). */
  sh(script: string, timeoutMs?: number): Promise<ExecResult>;
  /** Removes the container and the workspace; safe to call twice. */
  cleanup(): Promise<void>;
}

/** Creates (but does not start) a sandbox over a new workspace. */
export function openSandbox(overrides: Record<string, unknown> = {}, files: Record<string, string> = {}, workspace?: string, options: Pick<SandboxOptions, 'egress' | 'shadowStrategy'> = {}): SandboxFixture {
  const ws = workspace ?? makeWorkspace(files);
  const settings = testSettings(overrides);
  const engine = createEngine(settings);
  // Shadow layers go to a folder of the test's own, removed with it.
  const stateRoot = mkdtempSync(join(tmpdir(), 'clawdock-state-'));
  const sandbox = new Sandbox({ workspace: ws, settings, engine, stateRoot: join(stateRoot, 'shadow'), ...options });
  let cleaned = false;
  return {
    workspace: ws,
    stateRoot,
    engine,
    sandbox,
    sh: (script, timeoutMs = 5000) => sandbox.exec({ argv: ['sh', '-c', script], timeoutMs }),
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      try {
        await sandbox.down({ dropChanges: true });
      } finally {
        sandbox.dispose();
        if (!workspace) rmSync(ws, { recursive: true, force: true });
        rmSync(stateRoot, { recursive: true, force: true });
      }
    },
  };
}

/** Runs `fn` with a started sandbox and always removes its container and workspace afterwards. */
export async function withSandbox<T>(overrides: Record<string, unknown>, fn: (f: SandboxFixture) => Promise<T>, files: Record<string, string> = {}): Promise<T> {
  const f = openSandbox(overrides, files);
  try {
    await f.sandbox.up();
    return await fn(f);
  } finally {
    await f.cleanup();
  }
}
