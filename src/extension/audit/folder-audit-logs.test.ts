import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditWriteError, Redactor, verifyWorkspace, type AuditEntry } from '../../audit';
import { silentLogger } from '../../core/logger';
import { anchorKey, FolderAuditLogs, type AnchorStore } from './folder-audit-logs';

function memoryState(): AnchorStore & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: <T>(key: string) => values.get(key) as T | undefined, update: async (key, value) => void values.set(key, value) };
}

const event = { type: 'sandbox', action: 'up', reason: 'test' } as const;

describe('the folder audit logs', () => {
  let tmp: string;
  let workspace: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'clawdock-logs-'));
    workspace = await mkdtemp(join(tmp, 'ws-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('opens a private log under the root, named like the container, and keeps its head outside', async () => {
    const anchors = memoryState();
    const mirrored: AuditEntry[] = [];
    const logs = new FolderAuditLogs({ root: join(tmp, 'audit'), redactor: () => new Redactor({ secretlint: false }), anchors, logger: silentLogger, onDidAppend: (_w, e) => mirrored.push(e) });
    const entry = await logs.append(workspace, event);
    await logs.append(workspace, event);
    assert.equal(entry.seq, 1);
    assert.equal(mirrored.length, 2);
    assert.match(logs.key(workspace), /^ws-[a-z0-9]+-[0-9a-f]{12}$/);
    assert.equal((await stat(logs.dir(workspace))).mode & 0o777, 0o700);
    assert.deepEqual(logs.expectHead(workspace), { seq: 2, hash: mirrored[1]?.hash });
    const result = await verifyWorkspace(logs.dir(workspace), { expectHead: logs.expectHead(workspace)! });
    assert.equal(result.ok, true);
    await logs.close();
  });

  it('never moves the kept head back to an older line', async () => {
    const anchors = memoryState();
    const logs = new FolderAuditLogs({ root: join(tmp, 'audit2'), redactor: () => new Redactor({ secretlint: false }), anchors, logger: silentLogger });
    anchors.values.set(anchorKey(logs.key(workspace)), { seq: 99, hash: 'f'.repeat(64) });
    await logs.append(workspace, event);
    assert.equal(logs.expectHead(workspace)?.seq, 99);
    await logs.close();
  });

  it('waits for the secrets before the first open, and reports a root it cannot use as AuditWriteError', async () => {
    const root = join(tmp, 'a-file');
    await writeFile(root, 'not a folder');
    let ready = false;
    const logs = new FolderAuditLogs({ root, redactor: () => new Redactor({ secretlint: false }), anchors: memoryState(), logger: silentLogger, beforeOpen: async () => void (ready = true) });
    const err = await logs.append(workspace, event).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof AuditWriteError, String(err));
    assert.match(err.message, /a-file/);
    assert.equal(ready, true);
    // Not cached: the next action tries again.
    await rm(root);
    assert.equal((await logs.append(workspace, event)).seq, 1);
    await logs.close();
  });
});
