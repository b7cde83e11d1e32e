import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ownerCaller } from '../core/caller';
import type { Turn } from './providers';
import { isSessionId, listSessions, newSessionId, parseTranscript, readTranscript, TranscriptWriter } from './transcript';

describe('transcripts', () => {
  it('round-trips a session: header, tasks, turns and stops', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'clawdock-tr-')), 'sessions');
    try {
      const id = newSessionId(new Date('2025-03-04T05:06:07Z'));
      assert.match(id, /^20250304-050607-[0-9a-f]{6}$/);
      const w = await TranscriptWriter.create(dir, { v: 1, type: 'session', id, createdAt: '2025-03-04T05:06:07.000Z', workspace: '/w', provider: 'anthropic', model: 'm' });
      const turns: Turn[] = [
        { role: 'user', text: 'fix it\nplease' },
        { role: 'assistant', text: '', toolCalls: [{ id: 't1', name: 'read_file', arguments: '{"path":"a"}' }] },
        { role: 'tool-result', toolCallId: 't1', content: 'line "quoted"', isError: true },
        { role: 'assistant', text: 'done', toolCalls: [] },
      ];
      await w.append({ type: 'task', at: 'now', caller: ownerCaller('cli'), text: 'fix it\nplease' });
      for (const turn of turns) await w.append({ type: 'turn', at: 'now', turn });
      await w.append({ type: 'stop', at: 'now', reason: 'finished', message: 'ok' });
      await w.close();
      assert.equal(statSync(w.file).mode & 0o777, 0o600);
      const back = await readTranscript(dir, id);
      assert.deepEqual(back.turns, turns);
      assert.equal(back.header.model, 'm');
      assert.equal(back.entries.at(-1)?.type, 'stop');
      const [summary] = await listSessions(dir);
      assert.equal(summary?.id, id);
      assert.equal(summary?.title, 'fix it please');
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  it('ignores a line torn at the end but refuses damage in the middle', () => {
    const header = JSON.stringify({ v: 1, type: 'session', id: 'x', createdAt: 'c', workspace: '/w' });
    const turn = JSON.stringify({ type: 'turn', at: 'a', turn: { role: 'user', text: 'hi' } });
    assert.equal(parseTranscript(`${header}\n${turn}\n{"type":"tu`).turns.length, 1);
    assert.throws(() => parseTranscript(`${header}\n{"ty\n${turn}\n`), /line 2 is not valid JSON/);
    assert.throws(() => parseTranscript(`${turn}\n`), /session header/);
  });

  it('refuses ids that are not session ids, so no path can be smuggled in', async () => {
    assert.equal(isSessionId('../../etc/passwd'), false);
    await assert.rejects(readTranscript('/tmp', '../x'), /not a session id/);
  });

  it('appends to a reopened session', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdock-tr-'));
    try {
      const id = newSessionId();
      const a = await TranscriptWriter.create(dir, { v: 1, type: 'session', id, createdAt: 'c', workspace: '/w' });
      await a.append({ type: 'turn', at: 'a', turn: { role: 'user', text: 'one' } });
      await a.close();
      const b = await TranscriptWriter.open(dir, id);
      await b.append({ type: 'turn', at: 'b', turn: { role: 'user', text: 'two' } });
      await b.close();
      assert.deepEqual((await readTranscript(dir, id)).turns.map((t) => (t.role === 'user' ? t.text : '')), ['one', 'two']);
      writeFileSync(join(dir, 'notes.txt'), 'x');
      assert.equal((await listSessions(dir)).length, 1);
      assert.ok(readFileSync(join(dir, `${id}.jsonl`), 'utf8').endsWith('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
