import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ConfigError } from '../core/errors';
import { readCliModelAllowlist, stripJsonc } from './cli-models';
import { readCliOnViolation } from './cli-violation';

function folders(): { home: string; workspace: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'clawdock-cli-models-'));
  const home = join(root, 'home');
  const workspace = join(root, 'ws');
  mkdirSync(home);
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  mkdirSync(join(workspace, '.clawdock'), { recursive: true });
  return { home, workspace, done: () => rmSync(root, { recursive: true, force: true }) };
}

describe('the CLI\'s model allowlist', () => {
  it('reads VS Code\'s settings format: comments and trailing commas, strings untouched', () => {
    const text = '{\n  // a comment\n  "a": "http://x/*not a comment*/", /* block */\n  "b": [1, 2,],\n}';
    assert.deepEqual(JSON.parse(stripJsonc(text)), { a: 'http://x/*not a comment*/', b: [1, 2] });
    assert.deepEqual(JSON.parse(stripJsonc('{"a": "x\\",]"}')), { a: 'x",]' });
  });

  it('takes the user\'s list and narrows it with the workspace\'s .vscode/settings.json', () => {
    const f = folders();
    try {
      writeFileSync(join(f.home, 'settings.json'), JSON.stringify({ 'clawdock.models.allowed': [{ provider: 'openai' }] }));
      writeFileSync(join(f.workspace, '.vscode', 'settings.json'), '{\n // only local models here\n "clawdock.models.allowed": [{ "baseUrl": "http://127.0.0.1:*/**" },],\n}');
      const list = readCliModelAllowlist({ CLAWDOCK_HOME: f.home }, f.workspace);
      assert.equal(list.length, 2);
      assert.match(list[1]?.where ?? '', /workspace settings \(.*\.vscode\/settings\.json\)/);
    } finally {
      f.done();
    }
  });

  it('refuses to run when the workspace\'s settings cannot be read, or are a FIFO, instead of skipping a narrowing', () => {
    const f = folders();
    try {
      writeFileSync(join(f.workspace, '.vscode', 'settings.json'), '{ "clawdock.models.allowed": [ }');
      assert.throws(() => readCliModelAllowlist({ CLAWDOCK_HOME: f.home }, f.workspace), (e: unknown) => e instanceof ConfigError && /clawdock\.models\.allowed/.test((e as Error).message));
      rmSync(join(f.workspace, '.vscode', 'settings.json'));
      execFileSync('mkfifo', [join(f.workspace, '.vscode', 'settings.json')]);
      assert.throws(() => readCliModelAllowlist({ CLAWDOCK_HOME: f.home }, f.workspace), /not a plain file/);
    } finally {
      f.done();
    }
  });
});

describe('the CLI\'s onViolation', () => {
  it('is report by default, halt with the flag or the user\'s setting, and a workspace\'s halt wins over the flag', () => {
    const f = folders();
    try {
      const env = { CLAWDOCK_HOME: f.home };
      assert.equal(readCliOnViolation(undefined, env, f.workspace), 'report');
      assert.equal(readCliOnViolation('halt', env, f.workspace), 'halt');
      writeFileSync(join(f.home, 'settings.json'), JSON.stringify({ 'clawdock.policy.onViolation': 'halt' }));
      assert.equal(readCliOnViolation(undefined, env, f.workspace), 'halt');
      assert.equal(readCliOnViolation('report', env, f.workspace), 'report');
      writeFileSync(join(f.workspace, '.clawdock', 'policy.json'), JSON.stringify({ onViolation: 'halt' }));
      assert.equal(readCliOnViolation('report', env, f.workspace), 'halt');
      writeFileSync(join(f.workspace, '.clawdock', 'policy.json'), JSON.stringify({ onViolation: 'sometimes' }));
      assert.throws(() => readCliOnViolation(undefined, env, f.workspace), /clawdock\.policy\.onViolation/);
      assert.throws(() => readCliOnViolation('never', env, f.workspace), /--on-violation/);
    } finally {
      f.done();
    }
  });
});
