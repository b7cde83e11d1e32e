import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allSettingSpecs, toContributions } from '../../scripts/settings-contributions';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

test('contributes exactly the settings of the typed setting tables (run `npm run sync-settings` after changing one)', async () => {
  assert.deepEqual(pkg.contributes.configuration.properties, toContributions(await allSettingSpecs()));
});

test('targets VS Code 1.100 or older so code-server 4.100.3, Cursor, Windsurf and VSCodium load it', () => {
  assert.match(pkg.engines.vscode, /^\^1\.(\d|[1-9]\d|100)\.\d+$/);
  const [, minor] = /^\^1\.(\d+)/.exec(pkg.engines.vscode)!;
  assert.ok(Number(minor) <= 100);
  assert.equal(pkg.devDependencies['@types/vscode'], `1.${minor}.0`);
});

test('declares limited support for untrusted workspaces', () => {
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('the README lists every setting with its default (run `npm run sync-settings`)', async () => {
  const { toMarkdownTable } = await import('../../scripts/settings-contributions');
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.includes(toMarkdownTable(await allSettingSpecs())));
});

test('activates only on its own commands, views and proposal documents, or a folder with .clawdock — never at startup', () => {
  // VS Code 1.74+ activates on a contributed command or view by itself (onCommand:/onView: implied).
  assert.deepEqual(pkg.activationEvents, ['onView:clawdock.chat', 'onFileSystem:clawdock-proposal', 'workspaceContains:.clawdock']);
  for (const broad of ['*', 'onStartupFinished']) assert.ok(!pkg.activationEvents.includes(broad), `${broad} would activate Clawdock in every window`);
  assert.ok(pkg.contributes.views.clawdock.some((v: { id: string }) => v.id === 'clawdock.chat'));
});
