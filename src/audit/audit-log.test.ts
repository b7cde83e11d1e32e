import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AuditEventError } from './audit-event-error';
import { AuditLog } from './audit-log';
import { AuditLogDamagedError } from './audit-log-damaged-error';
import { AuditWriteError } from './audit-write-error';
import { runAudited } from './audited';
import type { Clock } from '../core/clock';
import { GENESIS_HASH, parseEntryLine, type AuditEntry } from './entry';
import type { AuditEvent } from './events';
import { Redactor } from './redact/redactor';
import { execEvent, sandboxUp } from './test-events';
import { verifyWorkspace } from './verify';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'clawdock-audit-'));
  roots.push(root);
  return root;
}

/** A clock the test moves by hand. */
function manualClock(iso = '2024-05-06T10:00:00.000Z'): Clock & { set(iso: string): void } {
  let now = Date.parse(iso);
  return { now: () => now, set: (to) => void (now = Date.parse(to)) };
}

function readEntries(file: string): AuditEntry[] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const parsed = parseEntryLine(line);
      assert.ok(parsed.ok, `line does not parse: ${line}`);
      return parsed.entry;
    });
}

async function openLog(root: string, clock = manualClock(), extra: Partial<Parameters<typeof AuditLog.open>[0]> = {}): Promise<AuditLog> {
  return AuditLog.open({ root, workspaceKey: 'proj-0123456789ab', redactor: new Redactor(), clock, ...extra });
}

describe('the audit log', () => {
  test('chains each line to the one before, starting from the genesis hash', async () => {
    const root = tempRoot();
    const log = await openLog(root);
    const a = await log.append(sandboxUp());
    const b = await log.append(execEvent());
    await log.close();
    assert.deepEqual(log.headAnchor, { seq: 2, hash: b.hash });
    assert.equal(a.seq, 1);
    assert.equal(a.prev, GENESIS_HASH);
    assert.equal(b.seq, 2);
    assert.equal(b.prev, a.hash);
    const entries = readEntries(join(log.dir, '2024-05-06.jsonl'));
    assert.deepEqual(entries, [a, b]);
    assert.deepEqual(await verifyWorkspace(log.dir), { ok: true, files: 1, lines: 2, head: b.hash });
  });

  test('writes a batched line (how a command ended) at once, in order, and syncs it with the next append or on close', async () => {
    const root = tempRoot();
    const log = await openLog(root);
    const start = await log.append(execEvent('start'));
    const ended = log.appendBatched(execEvent('ended'));
    const next = await log.append(execEvent('next'));
    const last = await log.appendBatched(execEvent('last'));
    assert.deepEqual((await ended).prev, start.hash);
    assert.equal(next.prev, (await ended).hash, 'the next line chains onto the batched one');
    // Written before the next append resolved: another process reading the file sees it.
    assert.deepEqual(readEntries(join(log.dir, '2024-05-06.jsonl')).map((e) => e.seq), [1, 2, 3, 4]);
    await log.close();
    assert.deepEqual(await verifyWorkspace(log.dir), { ok: true, files: 1, lines: 4, head: last.hash });
    await assert.rejects(log.appendBatched(execEvent()), AuditWriteError, 'a closed log takes no batched line either');
  });

  test('keeps its files private: folder 0700, files 0600, tightening looser modes', async () => {
    const root = tempRoot();
    const dir = join(root, 'proj-0123456789ab');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, '2024-05-06.jsonl'), '', { mode: 0o644 });
    const log = await openLog(root);
    await log.append(sandboxUp());
    await log.close();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, '2024-05-06.jsonl')).mode & 0o777, 0o600);
  });

  test('starts a new file each UTC day, chained to the previous day and naming it', async () => {
    const root = tempRoot();
    const clock = manualClock('2024-05-06T23:59:59.000Z');
    const log = await openLog(root, clock);
    const last = await log.append(sandboxUp());
    clock.set('2024-05-08T00:00:01.000Z');
    const first = await log.append(execEvent());
    await log.close();
    assert.deepEqual(readdirSync(log.dir).filter((n) => n.endsWith('.jsonl')).sort(), ['2024-05-06.jsonl', '2024-05-08.jsonl']);
    assert.equal(first.prev, last.hash);
    assert.equal(first.seq, 2);
    assert.equal(first.prevDay, '2024-05-06');
    assert.equal((await verifyWorkspace(log.dir)).ok, true);
  });

  test('keeps writing the newer file when the clock steps back over midnight', async () => {
    const root = tempRoot();
    const clock = manualClock('2024-05-07T00:00:05.000Z');
    const log = await openLog(root, clock);
    await log.append(sandboxUp());
    clock.set('2024-05-06T23:59:58.000Z');
    await log.append(sandboxUp());
    await log.close();
    assert.deepEqual(readdirSync(log.dir).filter((n) => n.endsWith('.jsonl')), ['2024-05-07.jsonl']);
  });

  test('recovers seq and prev from the newest file when opened again', async () => {
    const root = tempRoot();
    const clock = manualClock();
    const first = await openLog(root, clock);
    await first.append(sandboxUp());
    const last = await first.append(sandboxUp());
    await first.close();
    const second = await openLog(root, clock);
    const next = await second.append(execEvent());
    await second.close();
    assert.equal(next.seq, 3);
    assert.equal(next.prev, last.hash);
  });

  test('serialises concurrent appends in call order', async () => {
    const root = tempRoot();
    const log = await openLog(root);
    const entries = await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(sandboxUp(`n${i}`))));
    await log.close();
    assert.deepEqual(entries.map((e) => e.seq), Array.from({ length: 40 }, (_, i) => i + 1));
    assert.equal((await verifyWorkspace(log.dir)).ok, true);
  });

  test('two writers on one workspace (extension and CLI) keep a single chain', async () => {
    const root = tempRoot();
    const clock = manualClock();
    const extension = await openLog(root, clock);
    const cli = await openLog(root, clock);
    const writes: Promise<AuditEntry>[] = [];
    for (let i = 0; i < 20; i++) writes.push((i % 3 === 0 ? cli : extension).append(sandboxUp(`w${i}`)));
    await Promise.all(writes);
    await extension.close();
    await cli.close();
    const result = await verifyWorkspace(extension.dir);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.lines, 20);
  });

  test('redacts before writing: the secret never reaches the disk or the listener', async () => {
    const root = tempRoot();
    const redactor = new Redactor();
    redactor.addSecretValue('gateway-token-123456');
    const log = await AuditLog.open({ root, workspaceKey: 'proj-0123456789ab', redactor, clock: manualClock() });
    const mirrored: AuditEntry[] = [];
    log.onDidAppend((e) => mirrored.push(e));
    const secretKey = `sk-ant-api03-${'Zx9Y'.repeat(23)}AAAA`;
    await log.append(execEvent(`key=${secretKey} tok gateway-token-123456`, ['curl', '-H', `Authorization: Bearer ${'q1W2e3R4'.repeat(4)}`]));
    await log.close();
    const disk = readFileSync(join(log.dir, '2024-05-06.jsonl'), 'utf8');
    for (const leaked of [secretKey.slice(10), 'gateway-token-123456', 'q1W2e3R4q1W2']) {
      assert.ok(!disk.includes(leaked), `${leaked} on disk`);
      assert.ok(!JSON.stringify(mirrored).includes(leaked), `${leaked} mirrored`);
    }
    assert.equal(mirrored.length, 1);
  });

  test('refuses a malformed event, writing nothing', async () => {
    const root = tempRoot();
    const log = await openLog(root);
    const bad = { ...execEvent(), unexpected: true } as unknown as AuditEvent;
    await assert.rejects(log.append(bad), AuditEventError);
    await assert.rejects(log.append({ type: 'no-such-thing' } as unknown as AuditEvent), AuditEventError);
    const ok = await log.append(sandboxUp());
    await log.close();
    assert.equal(ok.seq, 1);
  });

  test('a failing listener does not undo a recorded append', async () => {
    const log = await openLog(tempRoot());
    log.onDidAppend(() => {
      throw new Error('mirror broke');
    });
    const entry = await log.append(sandboxUp());
    await log.close();
    assert.equal(entry.seq, 1);
  });
});

describe('a damaged log', () => {
  test('with a torn last line is reported on open, not chained onto', async () => {
    const root = tempRoot();
    const log = await openLog(root);
    await log.append(sandboxUp());
    await log.close();
    const file = join(log.dir, '2024-05-06.jsonl');
    appendFileSync(file, '{"event":{"type":"exec","argv":["rm"');
    await assert.rejects(openLog(root), (e: unknown) => e instanceof AuditLogDamagedError && e.line === 2 && e.file === file);
  });

  test('with an edited last line is reported on open', async () => {
    const root = tempRoot();
    const log = await openLog(root);
    await log.append(sandboxUp('original'));
    await log.close();
    const file = join(log.dir, '2024-05-06.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('original', 'modified'));
    await assert.rejects(openLog(root), AuditLogDamagedError);
  });

  test('can set a torn tail aside when asked, recording that in the log', async () => {
    const root = tempRoot();
    const log = await openLog(root);
    const kept = await log.append(sandboxUp());
    await log.close();
    const file = join(log.dir, '2024-05-06.jsonl');
    appendFileSync(file, '{"torn":');
    const repaired = await openLog(root, manualClock(), { repairTornTail: true });
    await repaired.close();
    const entries = readEntries(file);
    assert.equal(entries.length, 2);
    const note = entries[1]?.event;
    assert.equal(note?.type, 'audit-repaired');
    assert.equal(entries[1]?.prev, kept.hash);
    assert.ok(note?.type === 'audit-repaired' && readFileSync(note.movedTo, 'utf8') === '{"torn":');
    assert.equal((await verifyWorkspace(log.dir)).ok, true);
  });
});

describe('when the audit cannot be written, the action does not run', () => {
  test('a parent path that is a regular file fails the open (ENOTDIR, even as root)', async () => {
    const root = tempRoot();
    writeFileSync(join(root, 'blocker'), 'not a folder');
    await assert.rejects(
      openLog(join(root, 'blocker')),
      (e: unknown) => e instanceof AuditWriteError && e.code === 'ENOTDIR' && /action was not run/.test(e.message),
    );
  });

  test('a day file that is a folder fails the append (EISDIR) and the action is never run', async () => {
    const root = tempRoot();
    const clock = manualClock();
    const log = await openLog(root, clock);
    await log.append(sandboxUp());
    mkdirSync(join(log.dir, '2024-05-07.jsonl'));
    clock.set('2024-05-07T09:00:00.000Z');
    let ran = false;
    await assert.rejects(
      runAudited(log, execEvent(), () => {
        ran = true;
      }),
      (e: unknown) => e instanceof AuditWriteError && e.code === 'EISDIR' && e.file.endsWith('2024-05-07.jsonl'),
    );
    assert.equal(ran, false);
    await log.close();
  });

  test('a symlinked day file is refused rather than followed', async () => {
    const root = tempRoot();
    const log = await openLog(root);
    await log.close();
    symlinkSync('/dev/full', join(log.dir, '2024-05-06.jsonl'));
    const again = await openLog(root);
    let ran = false;
    await assert.rejects(runAudited(again, sandboxUp(), () => (ran = true)), (e: unknown) => e instanceof AuditWriteError && e.code === 'ELOOP');
    assert.equal(ran, false);
    await again.close();
  });

  test('a read-only folder fails the append (EACCES) when not running as root', async (t) => {
    if (process.getuid?.() === 0) return t.skip('root ignores folder permissions; the ENOTDIR, EISDIR and ENOSPC cases cover root');
    const root = tempRoot();
    const log = await openLog(root);
    chmodSync(log.dir, 0o500);
    let ran = false;
    await assert.rejects(runAudited(log, sandboxUp(), () => (ran = true)), AuditWriteError);
    assert.equal(ran, false);
    chmodSync(log.dir, 0o700);
    await log.close();
  });

  test('a full disk (a tiny tmpfs) fails the append, the action never runs, and the chain survives', async (t) => {
    const root = tempRoot();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k,mode=0700', 'tmpfs', root], { stdio: 'ignore' });
    } catch {
      return t.skip('cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)');
    }
    try {
      const log = await openLog(root);
      const kept = await log.append(sandboxUp());
      const big = execEvent('x'.repeat(4000));
      let failure: unknown;
      let ran = 0;
      for (let i = 0; i < 20 && !failure; i++) {
        await runAudited(log, big, () => void ran++).catch((e: unknown) => (failure = e));
      }
      assert.ok(failure instanceof AuditWriteError, `expected AuditWriteError, got ${String(failure)}`);
      assert.equal(failure.code, 'ENOSPC');
      assert.match(failure.message, /action was not run/);
      const written = readEntries(join(log.dir, '2024-05-06.jsonl'));
      assert.equal(ran, written.length - 1, 'every action that ran has its line, and no other ran');
      assert.equal(written[0]?.hash, kept.hash);
      assert.equal((await verifyWorkspace(log.dir)).ok, true, 'the failed write left no torn line');
      await log.close();
    } finally {
      execFileSync('umount', [root]);
    }
  });
});

describe('the audit log across processes', () => {
  test('two processes appending at once keep one valid chain', async () => {
    const { spawn } = await import('node:child_process');
    const root = tempRoot();
    const script = `
      const { AuditLog } = require(${JSON.stringify(join(__dirname, 'audit-log.ts'))});
      const { Redactor } = require(${JSON.stringify(join(__dirname, 'redact', 'redactor.ts'))});
      (async () => {
        const log = await AuditLog.open({ root: process.argv[1], workspaceKey: 'shared', redactor: new Redactor({ secretlint: false }) });
        for (let i = 0; i < 40; i++) await log.append({ type: 'sandbox', action: 'up', reason: process.pid + ' ' + i });
        await log.close();
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
    const run = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, root], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.on('exit', (code) => resolve(code ?? 1));
      });
    assert.deepEqual(await Promise.all([run(), run()]), [0, 0]);
    const result = await verifyWorkspace(join(root, 'shared'));
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.lines, 80);
  });
});

describe('closing the audit log', () => {
  test('lets appends already asked for finish, and refuses later ones', async () => {
    const log = await openLog(tempRoot());
    const pending = [log.append(sandboxUp('a')), log.append(sandboxUp('b'))];
    const closing = log.close();
    await assert.rejects(log.append(sandboxUp('late')), (e: unknown) => e instanceof AuditWriteError && e.code === 'ECLOSED');
    assert.deepEqual((await Promise.all(pending)).map((e) => e.seq), [1, 2]);
    await closing;
  });
});
