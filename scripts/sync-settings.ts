// `npm run sync-settings`: rewrites package.json's contributed settings from the setting tables.
import { readFileSync, writeFileSync } from 'node:fs';
import { allSettingSpecs, toContributions } from './settings-contributions';

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  pkg.contributes.configuration = { title: 'Clawdock', properties: toContributions(await allSettingSpecs()) };
  writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`package.json: ${Object.keys(pkg.contributes.configuration.properties).length} settings`);
}

void main();
