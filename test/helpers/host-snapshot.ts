// A record of a folder tree on the host (names, types, modes, contents), to
// prove that nothing the container tried changed what the host sees.
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry under `root` as one line: path, kind, mode and content (or link target). */
export function snapshotTree(root: string, rel = ''): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(join(root, rel)).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const r = rel ? `${rel}/${name}` : name;
    const p = join(root, r);
    const st = lstatSync(p);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) out.push(`${r} link ${readlinkSync(p)}`);
    else if (st.isDirectory()) out.push(`${r}/ ${mode}`, ...snapshotTree(root, r));
    else out.push(`${r} ${mode} ${JSON.stringify(readFileSync(p, 'utf8'))}`);
  }
  return out;
}
