// The shadow workspace's layer: an overlay the engine mounts at /workspace,
// with the real folder as its read-only lower layer and an upper layer in
// Clawdock's state folder. Nothing a command does writes the real folder; the
// upper layer holds exactly what changed (a deleted file is a 0/0 character
// device, a replaced directory is opaque). Checked on Debian's Docker 20.10:
// the local volume driver with overlay options, mounted by the engine, so the
// caller needs no privilege (NOTES.md, "An overlay through the engine works here").
import { chmodSync, chownSync, lstatSync, mkdirSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxError } from '../../core/errors';
import type { ContainerEngine, VolumeInfo } from '../engine/engine';
import type { WorkspaceIdentity } from '../workspace-identity';

/** Where one workspace's shadow layer lives on the host, and the engine volume that mounts it. */
export interface ShadowLayout {
  /**
   * `overlay`: the engine mounts the folder with the upper layer on top (the
   * host reads what changed from `upper`); `copy`: the engine cannot (a remote
   * engine, a VM): a volume of its own holds a copy (see copy-layer.ts).
   */
  readonly kind: 'overlay' | 'copy';
  /** The folder holding upper, work and the change-set state. */
  readonly root: string;
  /** The overlay's upper layer: what the sandbox changed. */
  readonly upper: string;
  /** The overlay's work folder (the kernel's scratch space; root-owned). */
  readonly work: string;
  /** Change-set state: base fingerprints, opaque folders, comparison cache. */
  readonly stateFile: string;
  readonly volumeName: string;
}

/** Labels on every shadow volume. */
export const SHADOW_LABELS = {
  managed: 'dev.clawdock.managed',
  kind: 'dev.clawdock.kind',
  workspace: 'dev.clawdock.workspace',
  workspaceHash: 'dev.clawdock.workspace-hash',
} as const;

// Overlay options that keep the upper layer self-contained, so the host can
// read a change set from it alone: no redirects (a renamed folder is copied,
// not pointed at), no metadata-only copies (a chmod copies the data too), no
// index or inode tricks tied to the lower layer's identity.
const STRICT_OPTIONS = ['redirect_dir=off', 'metacopy=off', 'index=off', 'xino=off'];
// Characters the kernel's mount-option parser or overlayfs's lowerdir list give a meaning to.
const UNSAFE_IN_OPTIONS = /[,:\\\s]/;

/** The layout for a workspace under a state root (`$CLAWDOCK_HOME/shadow`). */
export function shadowLayout(stateRoot: string, identity: WorkspaceIdentity): ShadowLayout {
  const root = join(stateRoot, identity.containerName);
  return { kind: 'overlay', root, upper: join(root, 'upper'), work: join(root, 'work'), stateFile: join(root, 'state.json'), volumeName: `${identity.containerName}-shadow` };
}

/** The layout an existing volume was made with (another process may have made it with another state root). */
export function layoutOfVolume(volume: VolumeInfo, fallback: ShadowLayout): ShadowLayout {
  if (volume.labels[SHADOW_LABELS.kind] === 'shadow-copy') return { ...fallback, kind: 'copy' };
  const o = volume.options.o ?? '';
  const upper = /(?:^|,)upperdir=([^,]+)/.exec(o)?.[1];
  const work = /(?:^|,)workdir=([^,]+)/.exec(o)?.[1];
  if (!upper || !work) return fallback;
  const root = join(upper, '..');
  return { kind: 'overlay', root, upper, work, stateFile: join(root, 'state.json'), volumeName: volume.name };
}

/**
 * Creates the upper and work folders (the upper owned by the workspace's
 * owner with the real folder's permission bits, since the overlay's root takes
 * them from it) and the engine volume when it does not exist yet. Returns the
 * layout in use.
 */
export async function ensureShadowVolume(engine: ContainerEngine, identity: WorkspaceIdentity, wanted: ShadowLayout, strict = true): Promise<ShadowLayout> {
  // The layer inside the folder it shadows would show the sandbox its own state (and walk into itself).
  if (wanted.root === identity.realPath || wanted.root.startsWith(`${identity.realPath}/`)) {
    throw new SandboxError(`the shadow layer's folder ${wanted.root} is inside the workspace it shadows`, { hint: 'set CLAWDOCK_HOME to a folder outside your workspaces' });
  }
  const existing = await engine.inspectVolume(wanted.volumeName);
  if (existing && existing.labels[SHADOW_LABELS.kind] === 'shadow-copy' && existing.labels[SHADOW_LABELS.workspace] === identity.realPath) {
    mkdirSync(wanted.root, { recursive: true, mode: 0o700 });
    return { ...wanted, kind: 'copy' };
  }
  if (existing && existing.labels[SHADOW_LABELS.kind] === 'shadow' && existing.labels[SHADOW_LABELS.workspace] === identity.realPath) {
    const layout = layoutOfVolume(existing, wanted);
    prepareFolders(layout, identity);
    return layout;
  }
  if (existing) throw new SandboxError(`a volume named ${wanted.volumeName} exists but is not this workspace's shadow layer`, { hint: `remove it with \`docker volume rm ${wanted.volumeName}\`` });
  prepareFolders(wanted, identity);
  const lower = lowerPath(wanted, identity);
  for (const p of [wanted.upper, wanted.work]) {
    if (UNSAFE_IN_OPTIONS.test(p)) {
      throw new SandboxError(`the shadow layer's folder ${p} has a comma, colon, backslash or space, which overlay mount options cannot carry`, { hint: 'set CLAWDOCK_HOME to a plain path, or use `clawdock.sandbox.workspaceAccess: "rw"`' });
    }
  }
  const o = [`lowerdir=${lower}`, `upperdir=${wanted.upper}`, `workdir=${wanted.work}`, ...(strict ? STRICT_OPTIONS : [])].join(',');
  await engine.createVolume({
    Name: wanted.volumeName,
    Driver: 'local',
    DriverOpts: { type: 'overlay', device: 'overlay', o },
    Labels: { [SHADOW_LABELS.managed]: 'true', [SHADOW_LABELS.kind]: 'shadow', [SHADOW_LABELS.workspace]: identity.realPath, [SHADOW_LABELS.workspaceHash]: identity.hash },
  });
  return wanted;
}

/** Whether a volume was made with the strict options (a kernel that refuses them gets a plain overlay). */
export function isStrictVolume(volume: VolumeInfo): boolean {
  return STRICT_OPTIONS.every((opt) => (volume.options.o ?? '').split(',').includes(opt));
}

/** Removes the engine volume (the upper layer's content stays unless `dropChanges`). */
export async function removeShadowVolume(engine: ContainerEngine, layout: ShadowLayout, dropChanges: boolean): Promise<void> {
  // A copy volume is the sandbox's only copy of its changes: it goes only when they are dropped.
  if (layout.kind === 'copy' && !dropChanges) return;
  await engine.removeVolume(layout.volumeName);
  if (dropChanges) {
    rmSync(layout.upper, { recursive: true, force: true });
    rmSync(layout.stateFile, { force: true });
    rmSync(copyStateFile(layout), { force: true });
  }
}

function prepareFolders(layout: ShadowLayout, identity: WorkspaceIdentity): void {
  mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  mkdirSync(layout.work, { recursive: true, mode: 0o700 });
  const fresh = !exists(layout.upper);
  mkdirSync(layout.upper, { recursive: true, mode: 0o700 });
  if (fresh) {
    const real = statSync(identity.realPath);
    try {
      chownSync(layout.upper, identity.uid, identity.gid);
    } catch {
      // Not root and not the owner: the engine's mount still works when we are the owner, which is the usual case.
    }
    // The overlay's root directory is the upper folder: it must look like the real one.
    chmodSync(layout.upper, real.mode & 0o7777);
  }
}

// A lower path the mount options can carry: the real path, or a plain-named link to it.
function lowerPath(layout: ShadowLayout, identity: WorkspaceIdentity): string {
  if (!UNSAFE_IN_OPTIONS.test(identity.realPath)) return identity.realPath;
  const link = join(layout.root, 'lower');
  let current: string | undefined;
  try {
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current !== identity.realPath) {
    rmSync(link, { force: true });
    symlinkSync(identity.realPath, link);
  }
  return link;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The copy fallback's volume: a plain volume of the engine's own (where an
 * overlay of the folder cannot be mounted), seeded later by the copy layer.
 */
export async function ensureCopyVolume(engine: ContainerEngine, identity: WorkspaceIdentity, wanted: ShadowLayout): Promise<ShadowLayout> {
  mkdirSync(wanted.root, { recursive: true, mode: 0o700 });
  const existing = await engine.inspectVolume(wanted.volumeName);
  if (existing && existing.labels[SHADOW_LABELS.kind] === 'shadow-copy' && existing.labels[SHADOW_LABELS.workspace] === identity.realPath) return { ...wanted, kind: 'copy' };
  if (existing) await engine.removeVolume(wanted.volumeName);
  await engine.createVolume({
    Name: wanted.volumeName, Driver: 'local', DriverOpts: {},
    Labels: { [SHADOW_LABELS.managed]: 'true', [SHADOW_LABELS.kind]: 'shadow-copy', [SHADOW_LABELS.workspace]: identity.realPath, [SHADOW_LABELS.workspaceHash]: identity.hash },
  });
  rmSync(copyStateFile(wanted), { force: true });
  return { ...wanted, kind: 'copy' };
}

/** Where the copy layer keeps what it seeded and last matched. */
export function copyStateFile(layout: ShadowLayout): string {
  return join(layout.root, 'copy-state.json');
}
