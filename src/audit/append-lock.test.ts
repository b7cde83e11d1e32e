import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listDayFiles, workspaceAuditDir } from './audit-paths';
import { parseEntryLine } from './entry';
import { verifyWorkspace } from './verify';

const root = mkdtempSync(join(tmpdir(), 'clawdock-append-lock-'));
after(() => rmSync(root, { recursive: true, force: true }));

const CHILD = join(__dirname, 'append-race-child.ts');

/** Leaves the lock as a writer that crashed while holding it does. */
function crashHoldingLock(key: string): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, root, key, 'crash', '0'], { encoding: 'utf8' });
  assert.equal(r.status, 9, r.stderr);
}

/** Starts `writers` processes, each appending `lines` lines once all are ready. */
async function appendFromProcesses(key: string, writers: number, lines: number, beforeGo: () => void): Promise<void> {
  const children = Array.from({ length: writers }, (_, i) =>
    spawn(process.execPath, ['--import', 'tsx', CHILD, root, key, `w${i}`, String(lines)], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const output = children.map((child) => {
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    return () => text;
  });
  const ready = async (i: number) => {
    while (!output[i]!().includes('ready')) await once(children[i]!.stdout, 'data');
  };
  await Promise.all(children.map((_, i) => ready(i)));
  beforeGo();
  for (const child of children) child.stdin.end('go\n');
  const codes = await Promise.all(children.map(async (child) => (child.exitCode ?? (await once(child, 'exit'))[0]) as number));
  assert.deepEqual(codes, children.map(() => 0), 'every writer finished');
}

/** Every writer's lines are in one unbroken chain. */
async function assertOneChain(dir: string, writers: number, lines: number): Promise<void> {
  const verified = await verifyWorkspace(dir);
  assert.ok(verified.ok, `the chain forked: ${JSON.stringify(!verified.ok && verified.break)}`);
  assert.equal(verified.lines, writers * lines);
  const excerpts = new Set<string>();
  for (const file of await listDayFiles(dir)) {
    for (const line of readFileSync(file.path, 'utf8').split('\n').filter(Boolean)) {
      const parsed = parseEntryLine(line);
      assert.ok(parsed.ok);
      if (parsed.entry.event.type === 'exec') excerpts.add(parsed.entry.event.excerpt);
    }
  }
  for (let w = 0; w < writers; w++) for (let i = 0; i < lines; i++) assert.ok(excerpts.has(`w${w}:${i}`), `line w${w}:${i} is missing`);
}

describe('the audit append lock across processes', () => {
  it('keeps one chain when several processes append at once over a lock left by a crashed writer', async () => {
    const dir = workspaceAuditDir(root, 'crashed');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await appendFromProcesses('crashed', 6, 40, () => {
      // Left after every writer opened the log, so each meets it on its first append.
      crashHoldingLock('crashed');
      assert.ok(existsSync(join(dir, '.append.lock')));
    });
    await assertOneChain(dir, 6, 40);
    assert.ok(!existsSync(join(dir, '.append.lock')), 'the lock is gone once every writer is done');
  });

  it('takes over a lock in the older `<pid> <ms>` form whose writer is gone, at once', async () => {
    const dir = workspaceAuditDir(root, 'legacy');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await appendFromProcesses('legacy', 4, 20, () => writeFileSync(join(dir, '.append.lock'), `${gone.stdout} ${Date.now()}\n`));
    await assertOneChain(dir, 4, 20);
  });
});
