import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { AuditLog } from './audit-log';
import { Redactor } from './redact/redactor';
import { execEvent, sandboxUp } from './test-events';
import { verifyFiles, verifyWorkspace, type ChainBreakReason } from './verify';

// A log of four day files (with a day without activity between two of them),
// written by the real AuditLog, then tampered with in copies.
const DAYS = ['2024-05-06', '2024-05-07', '2024-05-09', '2024-05-10'];
const LINES_PER_DAY = [3, 4, 2, 3];
let source: string;
const temps: string[] = [];

before(async () => {
  const root = mkdtempSync(join(tmpdir(), 'clawdock-verify-'));
  temps.push(root);
  let now = 0;
  const log = await AuditLog.open({ root, workspaceKey: 'ws', redactor: new Redactor(), clock: { now: () => now } });
  for (const [d, day] of DAYS.entries()) {
    for (let i = 0; i < (LINES_PER_DAY[d] as number); i++) {
      now = Date.parse(`${day}T0${i}:00:00.000Z`);
      await log.append(i % 2 === 0 ? execEvent(`output ${d}.${i} é ✓`) : sandboxUp(`line ${d}.${i}`));
    }
  }
  await log.close();
  source = log.dir;
});

after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function copyLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clawdock-verify-copy-'));
  temps.push(dir);
  cpSync(source, dir, { recursive: true });
  return dir;
}

const fileOf = (dir: string, d: number): string => join(dir, `${DAYS[d]}.jsonl`);
const linesOf = (path: string): string[] => readFileSync(path, 'utf8').split('\n').slice(0, -1);
const writeLines = (path: string, lines: readonly string[]): void => writeFileSync(path, lines.map((l) => `${l}\n`).join(''));

async function expectBreak(dir: string, file: string, line: number, reasons: readonly ChainBreakReason[]): Promise<void> {
  const result = await verifyWorkspace(dir);
  assert.ok(!result.ok, 'the tampering went unnoticed');
  assert.equal(result.break.file, file, JSON.stringify(result.break));
  assert.equal(result.break.line, line, JSON.stringify(result.break));
  assert.ok(reasons.includes(result.break.reason), `reason ${result.break.reason}, expected one of ${reasons.join(', ')}: ${result.break.detail}`);
}

describe('verify', () => {
  test('accepts the untouched log', async () => {
    const result = await verifyWorkspace(copyLog());
    assert.equal(result.ok, true);
    assert.equal(result.lines, 12);
    assert.equal(result.files, 4);
  });

  test('accepts an empty or missing folder', async () => {
    assert.equal((await verifyWorkspace(join(tmpdir(), 'clawdock-no-such-folder'))).ok, true);
  });

  test('names an edited line', async () => {
    const dir = copyLog();
    const file = fileOf(dir, 1);
    const lines = linesOf(file);
    lines[1] = (lines[1] as string).replace('line 1.1', 'line 1.X');
    writeLines(file, lines);
    await expectBreak(dir, file, 2, ['edited']);
  });

  test('names an edited line even when its hash was recomputed', async () => {
    const dir = copyLog();
    const file = fileOf(dir, 0);
    const lines = linesOf(file);
    const entry = JSON.parse(lines[1] as string) as Record<string, unknown>;
    entry.event = { type: 'sandbox', action: 'down' };
    const { canonicalJson, sha256Hex } = await import('../core/hash');
    const { hash: _old, ...rest } = entry;
    lines[1] = canonicalJson({ ...rest, hash: sha256Hex((entry.prev as string) + canonicalJson(rest)) });
    writeLines(file, lines);
    await expectBreak(dir, file, 3, ['edited']);
  });

  test('names a deleted, a duplicated and a reordered line', async () => {
    for (const [mutate, line, reason] of [
      [(l: string[]) => l.splice(1, 1), 2, 'deleted'],
      [(l: string[]) => l.splice(2, 0, l[1] as string), 3, 'duplicated'],
      [(l: string[]) => l.splice(1, 2, l[2] as string, l[1] as string), 2, 'reordered'],
    ] as const) {
      const dir = copyLog();
      const file = fileOf(dir, 1);
      const lines = linesOf(file);
      mutate(lines);
      writeLines(file, lines);
      await expectBreak(dir, file, line, [reason]);
    }
  });

  test('names a torn last line and a file cut short', async () => {
    const dir = copyLog();
    const file = fileOf(dir, 3);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, -20));
    await expectBreak(dir, file, 3, ['truncated']);
    const dir2 = copyLog();
    const file2 = fileOf(dir2, 0);
    writeLines(file2, linesOf(file2).slice(0, 1));
    await expectBreak(dir2, file2, 2, ['truncated']);
  });

  test('names a missing day file, also the oldest', async () => {
    const dir = copyLog();
    rmSync(fileOf(dir, 1));
    await expectBreak(dir, fileOf(dir, 2), 1, ['missing-day-file']);
    const dir2 = copyLog();
    rmSync(fileOf(dir2, 0));
    await expectBreak(dir2, fileOf(dir2, 1), 1, ['missing-day-file']);
  });

  test('checks a hand-picked list of files from its first line on', async () => {
    const dir = copyLog();
    assert.equal((await verifyFiles([fileOf(dir, 3), fileOf(dir, 2)])).ok, true);
    const broken = await verifyFiles([fileOf(dir, 1), fileOf(dir, 3)]);
    assert.ok(!broken.ok && broken.break.reason === 'missing-day-file' && broken.break.file === fileOf(dir, 3));
  });
});

type Mutation =
  | { kind: 'edit-byte'; file: number; offset: number; byte: number }
  | { kind: 'delete-line'; file: number; line: number }
  | { kind: 'duplicate-line'; file: number; line: number }
  | { kind: 'swap-lines'; file: number; line: number }
  | { kind: 'truncate'; file: number; offset: number }
  | { kind: 'remove-file'; file: number };

const fileIndex = fc.integer({ min: 0, max: DAYS.length - 1 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('edit-byte' as const), file: fileIndex, offset: fc.nat(), byte: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x0a), fc.constant(0xff)) }),
  fc.record({ kind: fc.constant('delete-line' as const), file: fileIndex, line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), file: fileIndex, line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), file: fileIndex, line: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), file: fileIndex, offset: fc.nat() }),
  fc.record({ kind: fc.constant('remove-file' as const), file: fc.integer({ min: 0, max: DAYS.length - 2 }) }),
);

/**
 * Applies one tampering to a copy and says where verify must find it, or
 * undefined for the cases a hash chain cannot see without an outside anchor:
 * lines cut cleanly off the end of the newest file, or the newest file removed.
 */
function tamper(dir: string, m: Mutation): { file: string; line: number; reasons: ChainBreakReason[] } | undefined {
  const path = fileOf(dir, m.file);
  const bytes = readFileSync(path);
  const lines = linesOf(path);
  const isNewest = m.file === DAYS.length - 1;
  const lineAtOffset = (offset: number): number => bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
  switch (m.kind) {
    case 'edit-byte': {
      const offset = m.offset % bytes.length;
      if (bytes[offset] === m.byte) return undefined;
      bytes[offset] = m.byte;
      writeFileSync(path, bytes);
      return { file: path, line: lineAtOffset(offset), reasons: ['edited', 'unparseable', 'truncated'] };
    }
    case 'delete-line': {
      const line = m.line % lines.length;
      if (isNewest && line === lines.length - 1) return undefined;
      lines.splice(line, 1);
      writeLines(path, lines);
      return { file: path, line: line + 1, reasons: ['deleted', 'truncated'] };
    }
    case 'duplicate-line': {
      const line = m.line % lines.length;
      lines.splice(line + 1, 0, lines[line] as string);
      writeLines(path, lines);
      return { file: path, line: line + 2, reasons: ['duplicated'] };
    }
    case 'swap-lines': {
      const line = m.line % (lines.length - 1);
      lines.splice(line, 2, lines[line + 1] as string, lines[line] as string);
      writeLines(path, lines);
      return { file: path, line: line + 1, reasons: ['reordered'] };
    }
    case 'truncate': {
      const offset = m.offset % bytes.length;
      const atLineEnd = offset === 0 || bytes[offset - 1] === 0x0a;
      if (isNewest && atLineEnd) return undefined;
      writeFileSync(path, bytes.subarray(0, offset));
      return { file: path, line: lineAtOffset(offset), reasons: ['truncated'] };
    }
    case 'remove-file':
      rmSync(path);
      return { file: fileOf(dir, m.file + 1), line: 1, reasons: ['missing-day-file'] };
  }
}

describe('verify, over random tampering', () => {
  test('finds every edit, deletion, duplication, reordering, truncation and removed day file, at the right line', async () => {
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const dir = copyLog();
        try {
          const expected = tamper(dir, m);
          if (!expected) return;
          checked++;
          await expectBreak(dir, expected.file, expected.line, expected.reasons);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 300, seed: 20240506 },
    );
    assert.ok(checked > 200, `only ${checked} runs tampered`);
    assert.ok(readdirSync(source).length >= DAYS.length);
  });
});

describe('verify with the head the writer reported', () => {
  test('finds lines cut cleanly off the newest file, and a removed newest file', async () => {
    const dir = copyLog();
    const newest = fileOf(dir, 3);
    const lines = linesOf(newest);
    const head = JSON.parse(lines.at(-1) as string) as { seq: number; hash: string };
    const expectHead = { seq: head.seq, hash: head.hash };
    assert.equal((await verifyWorkspace(dir, { expectHead })).ok, true);
    assert.equal((await verifyWorkspace(dir)).ok, true);

    writeLines(newest, lines.slice(0, 1));
    assert.equal((await verifyWorkspace(dir)).ok, true, 'invisible without the anchor');
    await expectBreakWith(dir, { expectHead }, newest, 2, 'truncated');

    const dir2 = copyLog();
    rmSync(fileOf(dir2, 3));
    await expectBreakWith(dir2, { expectHead }, fileOf(dir2, 2), 3, 'truncated');
  });

  test('finds a newest line replaced with a self-consistent forgery', async () => {
    const dir = copyLog();
    const lines = linesOf(fileOf(dir, 3));
    const head = JSON.parse(lines.at(-1) as string) as { seq: number; hash: string };
    const result = await verifyWorkspace(dir, { expectHead: { seq: head.seq, hash: 'f'.repeat(64) } });
    assert.ok(!result.ok && result.break.reason === 'edited' && result.break.line === lines.length);
  });
});

async function expectBreakWith(dir: string, options: Parameters<typeof verifyWorkspace>[1], file: string, line: number, reason: ChainBreakReason): Promise<void> {
  const result = await verifyWorkspace(dir, options);
  assert.ok(!result.ok, 'not found');
  assert.deepEqual([result.break.file, result.break.line, result.break.reason], [file, line, reason], result.break.detail);
}
