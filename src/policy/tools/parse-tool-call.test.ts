import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { parseToolCall } from './parse-tool-call';
import { BUILTIN_TOOLS, createToolRegistry } from './tool-registry';
import { defineTool } from './tool-definition';
import { ARGUMENT_LIMITS } from './tool-arguments';

function rejected(raw: unknown): string {
  const r = parseToolCall(raw);
  assert.equal(r.ok, false, `expected a rejection for ${JSON.stringify(raw)?.slice(0, 200)}`);
  return r.ok ? '' : r.reason;
}

function accepted(raw: unknown) {
  const r = parseToolCall(raw);
  if (!r.ok) assert.fail(`expected acceptance, got: ${r.reason}`);
  return r.call;
}

describe('parseToolCall', () => {
  describe('accepts well-formed calls', () => {
    it('accepts run_command with only a command', () => {
      const call = accepted({ tool: 'run_command', args: { command: 'ls' } });
      assert.equal(call.kind, 'exec');
      assert.deepEqual(call.paths.map((p) => p.absolute), ['/workspace']);
    });
    it('accepts run_command with a cwd and timeout, normalising the cwd', () => {
      const call = accepted({ tool: 'run_command', args: { command: 'ls', cwd: 'src/../lib/', timeoutMs: 5000 } });
      assert.deepEqual(call.args, { command: 'ls', cwd: '/workspace/lib', timeoutMs: 5000 });
    });
    it('accepts JSON text as well as an object', () => {
      assert.equal(accepted('{"tool":"read_file","args":{"path":"README.md"}}').tool, 'read_file');
    });
    it('accepts read_file with offset and limit', () => {
      assert.deepEqual(accepted({ tool: 'read_file', args: { path: '/workspace/a.ts', offset: 10, limit: 20 } }).args, { path: '/workspace/a.ts', offset: 10, limit: 20 });
    });
    it('accepts write_file with empty content', () => {
      assert.equal(accepted({ tool: 'write_file', args: { path: 'a.txt', content: '' } }).kind, 'write');
    });
    it('accepts edit_file with search/replace blocks', () => {
      const call = accepted({ tool: 'edit_file', args: { path: 'a.ts', edits: [{ search: 'a', replace: 'b' }, { search: 'c', replace: '' }] } });
      assert.equal(call.kind, 'write');
    });
    it('accepts list_files and search without a path, meaning the workspace root', () => {
      assert.deepEqual(accepted({ tool: 'list_files', args: {} }).paths.map((p) => p.relative), ['.']);
      assert.deepEqual(accepted({ tool: 'search', args: { pattern: 'TODO', glob: '*.ts' } }).paths.map((p) => p.relative), ['.']);
    });
  });

  describe('rejects the whole call with a reason the model can act on', () => {
    it('rejects an unknown tool and lists the known ones', () => {
      const reason = rejected({ tool: 'delete_everything', args: {} });
      assert.match(reason, /unknown tool "delete_everything"/);
      assert.match(reason, /run_command, read_file/);
    });
    it('rejects a prototype key as a tool name', () => {
      assert.match(rejected({ tool: '__proto__', args: {} }), /unknown tool/);
      assert.match(rejected({ tool: 'constructor', args: {} }), /unknown tool/);
    });
    it('rejects extra fields in args', () => {
      assert.match(rejected({ tool: 'run_command', args: { command: 'ls', shell: '/bin/zsh' } }), /args: unknown field\(s\) "shell"/);
    });
    it('rejects extra fields next to tool and args', () => {
      assert.match(rejected({ tool: 'run_command', args: { command: 'ls' }, approved: true }), /unknown fields "approved"/);
    });
    it('rejects extra fields inside edit blocks', () => {
      assert.match(rejected({ tool: 'edit_file', args: { path: 'a', edits: [{ search: 'a', replace: 'b', all: true }] } }), /args\.edits\.0: unknown field/);
    });
    it('rejects a missing field', () => {
      assert.match(rejected({ tool: 'write_file', args: { path: 'a' } }), /args\.content/);
      assert.match(rejected({ tool: 'run_command' }), /needs "args"/);
    });
    it('rejects a wrong type', () => {
      assert.match(rejected({ tool: 'run_command', args: { command: ['ls'] } }), /args\.command: .*expected string/);
      assert.match(rejected({ tool: 'run_command', args: { command: 'ls', timeoutMs: '5' } }), /args\.timeoutMs/);
      assert.match(rejected({ tool: 'list_files', args: { recursive: 'yes' } }), /args\.recursive/);
    });
    it('rejects non-objects and invalid JSON', () => {
      assert.match(rejected(null), /must be an object/);
      assert.match(rejected([1]), /must be an object/);
      assert.match(rejected('{"tool":'), /not valid JSON/);
      assert.match(rejected({ tool: 3, args: {} }), /needs "tool"/);
    });
    it('rejects paths outside /workspace', () => {
      assert.match(rejected({ tool: 'read_file', args: { path: '../etc/passwd' } }), /outside \/workspace/);
      assert.match(rejected({ tool: 'read_file', args: { path: '/etc/passwd' } }), /outside \/workspace/);
      assert.match(rejected({ tool: 'read_file', args: { path: '/workspace/../etc/passwd' } }), /outside \/workspace/);
      assert.match(rejected({ tool: 'read_file', args: { path: '/workspace2/x' } }), /outside \/workspace/);
      assert.match(rejected({ tool: 'write_file', args: { path: 'a/../../b', content: 'x' } }), /outside \/workspace/);
      assert.match(rejected({ tool: 'run_command', args: { command: 'ls', cwd: '/' } }), /outside \/workspace/);
      assert.match(rejected({ tool: 'read_file', args: { path: '~/.ssh/id_rsa' } }), /home directories/);
    });
    it('rejects NUL bytes, control characters and backslashes in paths', () => {
      assert.match(rejected({ tool: 'read_file', args: { path: 'a\u0000b' } }), /NUL/);
      assert.match(rejected({ tool: 'read_file', args: { path: 'a\nb' } }), /control characters/);
      assert.match(rejected({ tool: 'read_file', args: { path: 'a\u2028b' } }), /line separators/);
      assert.match(rejected({ tool: 'read_file', args: { path: '..\\x' } }), /backslash/);
      assert.match(rejected({ tool: 'read_file', args: { path: '' } }), /empty/);
    });
    it('rejects oversize arguments', () => {
      assert.match(rejected({ tool: 'run_command', args: { command: 'x'.repeat(ARGUMENT_LIMITS.commandChars + 1) } }), /at most/);
      assert.match(rejected({ tool: 'write_file', args: { path: 'a', content: 'x'.repeat(ARGUMENT_LIMITS.contentChars + 1) } }), /at most/);
      assert.match(rejected({ tool: 'read_file', args: { path: 'a/'.repeat(3000) } }), /at most 4096/);
      assert.match(rejected({ tool: 'run_command', args: { command: 'ls', timeoutMs: ARGUMENT_LIMITS.timeoutMs + 1 } }), /timeoutMs/);
      const edits = Array.from({ length: ARGUMENT_LIMITS.editBlocks + 1 }, () => ({ search: 'a', replace: 'b' }));
      assert.match(rejected({ tool: 'edit_file', args: { path: 'a', edits } }), /at most/);
    });
    it('rejects empty commands, search patterns and edit blocks', () => {
      assert.match(rejected({ tool: 'run_command', args: { command: '' } }), /must not be empty/);
      assert.match(rejected({ tool: 'search', args: { pattern: '' } }), /must not be empty/);
      assert.match(rejected({ tool: 'edit_file', args: { path: 'a', edits: [] } }), /at least one/);
      assert.match(rejected({ tool: 'edit_file', args: { path: 'a', edits: [{ search: '', replace: 'x' }] } }), /exact text/);
    });
  });

  describe('the registry', () => {
    it('has the six built-in tools', () => {
      assert.deepEqual(BUILTIN_TOOLS.map((t) => t.name), ['run_command', 'read_file', 'write_file', 'edit_file', 'list_files', 'search']);
    });
    it('takes more tools', () => {
      const gitCommit = defineTool({
        name: 'git_commit', kind: 'exec', description: 'commit', schema: z.strictObject({ message: z.string() }), paths: () => [],
      });
      const registry = createToolRegistry([...BUILTIN_TOOLS, gitCommit]);
      const r = parseToolCall({ tool: 'git_commit', args: { message: 'x' } }, registry);
      assert.equal(r.ok, true);
    });
    it('refuses a tool defined twice', () => {
      assert.throws(() => createToolRegistry([...BUILTIN_TOOLS, BUILTIN_TOOLS[0] as never]), /defined twice/);
    });
  });
});
