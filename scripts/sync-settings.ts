// `npm run sync-settings`: rewrites package.json's contributed settings and the
// README's settings table from the typed setting tables.
import { readFileSync, writeFileSync } from 'node:fs';
import { allSettingSpecs, toContributions, toMarkdownTable } from './settings-contributions';

async function main(): Promise<void> {
  const specs = await allSettingSpecs();
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  pkg.contributes.configuration = { title: 'Clawdock', properties: toContributions(specs) };
  writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  const readme = readFileSync('README.md', 'utf8');
  const table = toMarkdownTable(specs);
  writeFileSync('README.md', readme.replace(/<!-- settings:start -->[\s\S]*<!-- settings:end -->/, `<!-- settings:start -->\n${table}\n<!-- settings:end -->`));
  console.log(`package.json and README.md: ${specs.length} settings`);
}

void main();
