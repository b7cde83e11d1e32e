// The .vsix carries dist/ without node_modules: the bundles must not require anything else.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

before(() => {
  assert.equal(spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status, 0);
});

function externalRequires(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/require\("([^"./][^"]*)"\)/g)) found.add(m[1]!);
  const builtins = new Set([...builtinModules, ...builtinModules.map((b) => `node:${b}`)]);
  return [...found].filter((name) => !builtins.has(name) && name !== 'vscode').sort();
}

test('the extension bundle requires nothing but Node built-ins and vscode', () => {
  assert.deepEqual(externalRequires('dist/extension.js'), []);
});

test('the CLI bundle requires nothing but Node built-ins', () => {
  assert.deepEqual(externalRequires('dist/cli.js'), []);
});

test('the CLI runs from a copy of dist/ with no node_modules, bash parser included', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdock-dist-'));
  cpSync('dist', dir, { recursive: true });
  const r = spawnSync(process.execPath, [join(dir, 'cli.js'), 'policy', 'check', '--call', JSON.stringify({ tool: 'run_command', args: { command: 'echo hi | tee out.txt' } })], {
    encoding: 'utf8',
    cwd: dir,
    env: { PATH: process.env.PATH, CLAWDOCK_HOME: join(dir, 'home') },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).subcommands, [['echo', 'hi'], ['tee', 'out.txt']]);
});
