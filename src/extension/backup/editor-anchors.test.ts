import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAnchorFiles, writeAnchorFiles, type AnchorMemento } from './editor-anchors';

function memento(values: Record<string, unknown>): AnchorMemento & { values: Record<string, unknown> } {
  return { values, keys: () => Object.keys(values), get: <T>(k: string) => values[k] as T | undefined, update: async (k, v) => void (values[k] = v) };
}

describe('the editor\'s audit heads in a backup', () => {
  it('become private files named by workspace key, and come back into the state after a restore', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdock-anchors-'));
    try {
      const hash = 'a'.repeat(64);
      const before = memento({ 'clawdock.audit.head.ws-000000000000': { seq: 7, hash }, 'clawdock.audit.head.../x': { seq: 1, hash }, 'other.key': 1 });
      assert.equal(writeAnchorFiles(dir, before), 1, 'a key that is not a plain name is left out');
      assert.deepEqual(readdirSync(join(dir, 'audit-heads')), ['ws-000000000000.json']);
      assert.equal(statSync(join(dir, 'audit-heads', 'ws-000000000000.json')).mode & 0o777, 0o600);
      const after = memento({});
      assert.equal(await readAnchorFiles(dir, after), 1);
      assert.deepEqual(after.values, { 'clawdock.audit.head.ws-000000000000': { seq: 7, hash } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
