import { posix } from 'node:path';
import { minimatch } from 'minimatch';

// Names a glob might be written to reach (`cat *.pem`, `cat .e*`, a search glob of `.env*`) …
const SECRET_SAMPLES = ['.env', '.env.local', 'id_rsa', 'id_ed25519', 'key.pem', 'server.key', '.npmrc', '.pypirc', '.git-credentials', '.netrc'];
// … and ordinary names: a glob that matches these too (`*`, `src/*.ts`) is not aimed at secrets.
const ORDINARY_SAMPLES = ['index.ts', 'README.md', 'main.py', 'Makefile', 'package.json'];

/** Whether a glob's last segment picks out secret-looking files rather than files in general. */
export function globAimsAtSecrets(glob: string): boolean {
  const base = posix.basename(glob);
  return SECRET_SAMPLES.some((s) => minimatch(s, base)) && !ORDINARY_SAMPLES.some((s) => minimatch(s, base));
}
