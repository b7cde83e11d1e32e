import { posix } from 'node:path';
import { braceExpand, minimatch } from 'minimatch';

// Names a glob might be written to reach (`cat *.pem`, `cat .e*`, a search glob of `.env*`) …
// One name for each default read-deny glob, so a glob written to reach it (`cred*.json`) is seen.
const SECRET_SAMPLES = ['.env', '.env.local', 'id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'key.pem', 'server.key', 'cert.p12', 'cert.pfx', 'app.keystore', 'app.jks', '.npmrc',
  '.pypirc', '.yarnrc.yml', '.git-credentials', '.netrc', '.pgpass', '.htpasswd', '.envrc', 'credentials.json', 'secrets.yml', 'secrets.yaml', 'secrets.json', 'terraform.tfstate'];
// … and ordinary names: a glob that matches these too (`*`, `src/*.ts`) is not aimed at secrets.
const ORDINARY_SAMPLES = ['index.ts', 'README.md', 'main.py', 'Makefile', 'package.json', 'settings.json', 'config.yml', 'config.yaml', 'app.js', 'notes.txt', 'Dockerfile'];

/**
 * Whether a glob's last segment picks out secret-looking files rather than
 * files in general; each alternative of a brace list on its own (`{*.ts,.npmrc}`).
 */
export function globAimsAtSecrets(glob: string): boolean {
  const alternatives = glob.includes('{') ? braceExpand(glob).slice(0, 64) : [glob];
  return alternatives.some((alternative) => {
    const base = posix.basename(alternative);
    return SECRET_SAMPLES.some((s) => minimatch(s, base)) && !ORDINARY_SAMPLES.some((s) => minimatch(s, base));
  });
}
