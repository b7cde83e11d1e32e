import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AuditLog } from './audit-log';
import { exportAudit, type ExportOptions } from './export';
import { Redactor } from './redact/redactor';
import { tailAudit } from './tail';
import { execEvent, sandboxUp } from './test-events';

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A log with lines on three days; returns it open, with a settable clock. */
async function threeDayLog(): Promise<{ log: AuditLog; setNow(iso: string): void }> {
  const root = mkdtempSync(join(tmpdir(), 'clawdock-export-'));
  roots.push(root);
  let now = Date.parse('2024-05-05T12:00:00.000Z');
  const log = await AuditLog.open({ root, workspaceKey: 'ws', redactor: new Redactor(), clock: { now: () => now } });
  await log.append(sandboxUp('day one'));
  now = Date.parse('2024-05-06T08:00:00.000Z');
  await log.append(execEvent('=cmd|calc', ['echo', '=1+1', 'a,"b"']));
  now = Date.parse('2024-05-06T18:00:00.000Z');
  await log.append(sandboxUp('evening'));
  now = Date.parse('2024-05-07T09:00:00.000Z');
  await log.append(sandboxUp('day three'));
  return { log, setNow: (iso) => void (now = Date.parse(iso)) };
}

async function collect(options: ExportOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const line of exportAudit(options)) out.push(line);
  return out;
}

describe('export', () => {
  test('gives the JSONL lines as written, since a day or a time', async () => {
    const { log } = await threeDayLog();
    await log.close();
    assert.equal((await collect({ dir: log.dir, format: 'jsonl' })).length, 4);
    assert.equal((await collect({ dir: log.dir, format: 'jsonl', since: '2024-05-06' })).length, 3);
    const sinceNoon = await collect({ dir: log.dir, format: 'jsonl', since: '2024-05-06T12:00:00Z' });
    assert.deepEqual(sinceNoon.map((l) => (JSON.parse(l) as { seq: number }).seq), [3, 4]);
  });

  test('gives CSV with a header, quoted cells and formulas defused', async () => {
    const { log } = await threeDayLog();
    await log.close();
    const rows = await collect({ dir: log.dir, format: 'csv', since: new Date('2024-05-06T00:00:00Z') });
    assert.equal(rows[0], 'seq,ts,type,caller,surface,profile,summary,prev,hash,event\n');
    assert.equal(rows.length, 4);
    assert.match(rows[1] as string, /^2,2024-05-06T08:00:00\.000Z,exec,owner,cli,owner,"exec echo =1\+1 ""a,\\""b\\"""" /);
    assert.ok(!/,=/.test(rows[1] as string), 'no cell starts with =');
  });

  test('keeps invalid lines instead of hiding them', async () => {
    const { log } = await threeDayLog();
    await log.close();
    appendFileSync(join(log.dir, '2024-05-07.jsonl'), 'garbage\n');
    const jsonl = await collect({ dir: log.dir, format: 'jsonl' });
    assert.equal(jsonl.at(-1), 'garbage\n');
    const csv = await collect({ dir: log.dir, format: 'csv' });
    assert.match(csv.at(-1) as string, /^,,invalid,/);
  });

  test('refuses a since that is not a date', async () => {
    await assert.rejects(collect({ dir: tmpdir(), format: 'jsonl', since: 'yesterday' }), RangeError);
  });
});

describe('tail', () => {
  test('gives the newest lines across day files', async () => {
    const { log } = await threeDayLog();
    await log.close();
    const seqs: number[] = [];
    for await (const line of tailAudit({ dir: log.dir, lines: 3 })) seqs.push(line.entry?.seq ?? -1);
    assert.deepEqual(seqs, [2, 3, 4]);
  });

  test('follows new lines, also into a new day file, until aborted', async () => {
    const { log, setNow } = await threeDayLog();
    const abort = new AbortController();
    const seen: number[] = [];
    const following = (async () => {
      for await (const line of tailAudit({ dir: log.dir, lines: 1, follow: true, signal: abort.signal, pollMs: 10 })) {
        seen.push(line.entry?.seq ?? -1);
        if (seen.length === 3) abort.abort();
      }
    })();
    // Once the tail has shown the last line (not after a guessed while), the next lines are appended.
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    await log.append(sandboxUp('later'));
    setNow('2024-05-08T00:00:01.000Z');
    await log.append(sandboxUp('next day'));
    await following;
    await log.close();
    assert.deepEqual(seen, [4, 5, 6]);
  });
});
