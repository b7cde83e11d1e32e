import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planProtectedMounts } from './protected-mounts';

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'clawdock-ws-'));
}

test('puts placeholders where protected folders do not exist yet', () => {
  const plan = planProtectedMounts(workspace(), []);
  assert.deepEqual(plan, [
    { path: '.devcontainer', kind: 'placeholder' },
    { path: '.git', kind: 'placeholder' },
    { path: '.vscode', kind: 'placeholder' },
  ]);
});

test('binds existing protected entries read-only and guards git hooks and config', () => {
  const root = workspace();
  mkdirSync(join(root, '.vscode'));
  writeFileSync(join(root, '.vscode', 'settings.json'), '{}');
  mkdirSync(join(root, '.git', 'hooks'), { recursive: true });
  writeFileSync(join(root, '.git', 'config'), '[core]');
  writeFileSync(join(root, 'team.code-workspace'), '{}');
  writeFileSync(join(root, '.git', 'commondir'), '.');
  writeFileSync(join(root, '.envrc'), 'export X=1');
  mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
  const plan = planProtectedMounts(root, []);
  assert.deepEqual(plan, [
    { path: '.devcontainer', kind: 'placeholder' },
    { path: '.envrc', kind: 'bind' },
    { path: '.git', kind: 'anchor' },
    { path: '.git/commondir', kind: 'bind' },
    { path: '.git/config', kind: 'bind' },
    { path: '.git/hooks', kind: 'placeholder' },
    { path: '.git/info', kind: 'placeholder' },
    { path: '.git/modules', kind: 'placeholder' },
    { path: '.git/worktrees', kind: 'placeholder' },
    { path: '.github', kind: 'anchor' },
    { path: '.github/workflows', kind: 'bind' },
    { path: '.vscode', kind: 'bind' },
    { path: 'team.code-workspace', kind: 'bind' },
  ]);
});

test('treats an empty folder like an absent one so the plan is stable across runs', () => {
  const root = workspace();
  mkdirSync(join(root, '.vscode'));
  assert.equal(planProtectedMounts(root, []).find((m) => m.path === '.vscode')?.kind, 'placeholder');
});

test('protects a .git pointer file as a whole', () => {
  const root = workspace();
  writeFileSync(join(root, '.git'), 'gitdir: /elsewhere');
  assert.deepEqual(planProtectedMounts(root, []).find((m) => m.path === '.git'), { path: '.git', kind: 'bind' });
});

test('refuses a protected path that is a symbolic link', () => {
  const root = workspace();
  symlinkSync('/tmp', join(root, '.vscode'));
  assert.throws(() => planProtectedMounts(root, []), /symbolic link/);
});

test('adds literal user paths as folders and existing glob matches as binds', () => {
  const root = workspace();
  mkdirSync(join(root, 'deploy'));
  writeFileSync(join(root, 'deploy', 'prod.env'), 'x');
  const plan = planProtectedMounts(root, ['secrets/**', 'deploy/*.env', '../outside']);
  assert.ok(plan.some((m) => m.path === 'secrets' && m.kind === 'placeholder'));
  assert.ok(plan.some((m) => m.path === 'deploy/prod.env' && m.kind === 'bind'));
  assert.ok(!plan.some((m) => m.path.includes('..')));
});

test('anchors every parent of a protected entry so it cannot be renamed away', () => {
  const root = workspace();
  mkdirSync(join(root, 'conf'));
  writeFileSync(join(root, 'conf', 'trusted.json'), '{}');
  const plan = planProtectedMounts(root, ['conf/trusted.json', 'deep/er/thing']);
  assert.ok(plan.some((m) => m.path === 'conf' && m.kind === 'anchor'));
  assert.ok(plan.some((m) => m.path === 'deep' && m.kind === 'anchor'));
  assert.ok(plan.some((m) => m.path === 'deep/er' && m.kind === 'anchor'));
});
