// Which changed files stay in the sandbox unless the person pulls them: what
// the real folder's `.gitignore` files ignore (node_modules/, build output),
// and the `keepInSandbox` globs. The real folder's ignore files are read, not
// the sandbox's: a command cannot widen what is hidden from review by
// writing a `.gitignore` (and hiding only ever keeps a change out).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { compilePathGlobs } from '../policy';
import type { PathGlobs } from '../policy';

/** Decides whether a workspace-relative path is kept in the sandbox. */
export interface KeepRules {
  isKept(path: string, isDir?: boolean): boolean;
}

/** Keep rules for a real folder: its `.gitignore` files (and `.git/info/exclude`) when `useGitIgnore`, plus `globs`. */
export function createKeepRules(realRoot: string, globs: readonly string[], useGitIgnore: boolean): KeepRules {
  const extra: PathGlobs = compilePathGlobs(globs.map((glob) => ({ glob, source: 'user' })));
  const perDir = new Map<string, Ignore | null>();
  const rulesOf = (dir: string): Ignore | null => {
    if (perDir.has(dir)) return perDir.get(dir) ?? null;
    const texts: string[] = [];
    const read = (file: string) => {
      try {
        texts.push(readFileSync(file, 'utf8'));
      } catch {
        // No ignore file here.
      }
    };
    read(join(realRoot, dir, '.gitignore'));
    if (dir === '') read(join(realRoot, '.git', 'info', 'exclude'));
    const rules = texts.length > 0 ? ignore().add(texts.join('\n')) : null;
    perDir.set(dir, rules);
    return rules;
  };
  return {
    isKept(path, isDir = false) {
      if (extra.match(path)) return true;
      if (!useGitIgnore) return false;
      const segments = path.split('/');
      // As git does: a path is ignored when any folder above it is, each
      // folder's rules read relative to that folder.
      for (let depth = 1; depth <= segments.length; depth++) {
        const prefix = segments.slice(0, depth).join('/');
        const prefixIsDir = depth < segments.length || isDir;
        for (let d = 0; d < depth; d++) {
          const dir = segments.slice(0, d).join('/');
          const rules = rulesOf(dir);
          if (!rules) continue;
          const relative = segments.slice(d, depth).join('/');
          if (rules.ignores(prefixIsDir ? `${relative}/` : relative)) return true;
        }
        // `.git` itself is never "ignored": its changes are held or ordinary.
        if (prefix === '.git') return false;
      }
      return false;
    },
  };
}
