import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from './main';

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { stdout: (t) => void (out += t.toString()), stderr: (t) => void (err += t.toString()), stdin: new PassThrough(), env, cwd: tmpdir() });
  return { code, out, err };
}

describe('clawdock backup / restore arguments', () => {
  it('exits 2 with usage on missing or conflicting arguments', async () => {
    const env = { CLAWDOCK_HOME: join(tmpdir(), 'clawdock-backup-args-none') };
    for (const argv of [['backup'], ['backup', '--all', '--workspace', '.', '--out', 'x'], ['restore'], ['restore', 'a', 'b'], ['backup', '--out', 'x', '--bogus']]) {
      const r = await run(argv, env);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, /usage:|backup|restore/);
    }
  });

  it('says in its help that the upper layers are workspace content and what is left out', async () => {
    const r = await run(['backup', '--help'], {});
    assert.equal(r.code, 0);
    assert.match(r.out, /WORKSPACE CONTENT/);
    assert.match(r.out, /secrets\.json, openclaw, gateway/);
  });

  it('refuses a file that is not an archive, naming it, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clawdock-backup-args-'));
    try {
      writeFileSync(join(dir, 'x.clawdock-backup'), 'not gzip');
      const r = await run(['restore', join(dir, 'x.clawdock-backup')], { CLAWDOCK_HOME: join(dir, 'home') });
      assert.equal(r.code, 1);
      assert.match(r.err, /x\.clawdock-backup was not restored: it is not a readable gzip stream/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
