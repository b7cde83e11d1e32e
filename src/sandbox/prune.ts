import { existsSync } from 'node:fs';
import { LABELS } from './container-spec';
import type { ContainerEngine } from './engine/engine';

/** A container `prune` removed, and why. */
export interface PrunedContainer {
  readonly name: string;
  readonly workspace: string;
  readonly reason: string;
}

/**
 * Removes Clawdock's stopped containers that were last used more than
 * `olderThanDays` ago, or whose workspace folder no longer exists. Running and
 * paused containers are never touched.
 */
export async function pruneSandboxes(engine: ContainerEngine, olderThanDays: number, now: Date = new Date()): Promise<PrunedContainer[]> {
  const removed: PrunedContainer[] = [];
  const cutoff = now.getTime() - olderThanDays * 86_400_000;
  for (const info of await engine.listContainers({ [LABELS.managed]: 'true' })) {
    if (info.running || info.paused) continue;
    const workspace = info.labels[LABELS.workspace] ?? '';
    const lastUsed = (info.finishedAt ?? info.createdAt ?? now).getTime();
    const reason = workspace && !existsSync(workspace) ? 'its workspace folder is gone' : lastUsed <= cutoff ? `unused since ${new Date(lastUsed).toISOString()}` : null;
    if (!reason) continue;
    await engine.removeContainer(info.id);
    removed.push({ name: info.name, workspace, reason });
  }
  return removed;
}
