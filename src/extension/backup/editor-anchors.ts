// The editor keeps each workspace's audit head in its global state, outside
// the audit folder (folder-audit-logs.ts). A backup takes them as files
// (`<globalStorage>/audit-heads/<key>.json`, the path state-layout.ts names),
// so a restore can verify each chain against its head and give the heads back.
// Plain Node over a Memento-shaped store, tested beside.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { anchorKey, type HeadAnchor } from '../audit/folder-audit-logs';

/** The part of VS Code's global state the anchors live in. */
export interface AnchorMemento {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const PREFIX = anchorKey('');

/** Writes every head in the store as a file under `<storage>/audit-heads/` (0600 in 0700); returns how many. */
export function writeAnchorFiles(storage: string, memento: AnchorMemento): number {
  const dir = join(storage, 'audit-heads');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let n = 0;
  for (const key of memento.keys()) {
    if (!key.startsWith(PREFIX)) continue;
    const workspaceKey = key.slice(PREFIX.length);
    const anchor = memento.get<HeadAnchor>(key);
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(workspaceKey) || typeof anchor?.seq !== 'number' || typeof anchor.hash !== 'string') continue;
    writeFileSync(join(dir, `${workspaceKey}.json`), JSON.stringify({ seq: anchor.seq, hash: anchor.hash }), { mode: 0o600 });
    n++;
  }
  return n;
}

/** After a restore: the heads in `<storage>/audit-heads/` go back into the store (the restore already refused older ones unless forced). */
export async function readAnchorFiles(storage: string, memento: AnchorMemento): Promise<number> {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(join(storage, 'audit-heads'));
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      const a = JSON.parse(readFileSync(join(storage, 'audit-heads', name), 'utf8')) as { seq?: unknown; hash?: unknown };
      if (typeof a.seq !== 'number' || typeof a.hash !== 'string') continue;
      await memento.update(anchorKey(name.slice(0, -'.json'.length)), { seq: a.seq, hash: a.hash });
      n++;
    } catch {
      // A head that cannot be read stays as it was; verify will say what it finds.
    }
  }
  return n;
}
