// `clawdock backup` / `clawdock restore` (issue 15.3) on a state folder filled
// by the real writers (audit logs through the CLI's audit, the encrypted vault,
// sessions, a shadow layer with a deletion and a link, undo history): a round
// trip restores byte-identical audit logs that `clawdock audit verify` accepts;
// a damaged or carefully altered archive is refused with nothing written;
// newer state is refused without --force; --dry-run writes nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { openCliAudit } from '../../src/cli/cli-audit';
import { SecretsVault } from '../../src/secrets/secrets-vault';
import { workspaceKey } from '../../src/core/workspace-key';
import { listTree } from '../../src/backup/restore-backup';
import { cli } from './cli-in-process';

const PASSPHRASE = 'correct horse battery staple, for tests only';
const noKeychain = { read: () => undefined, write: () => false };

describe('clawdock backup and restore', () => {
  let root: string;
  let home: string;
  let workspace: string;
  let other: string;
  let env: NodeJS.ProcessEnv;
  let archive: string;

  const envFor = (h: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, CLAWDOCK_HOME: h, CLAWDOCK_SECRETS_PASSPHRASE: PASSPHRASE });
  const auditDir = (h: string, ws: string) => join(h, 'audit', workspaceKey(ws));

  async function record(h: string, ws: string, n: number): Promise<void> {
    const audit = await openCliAudit(ws, envFor(h));
    try {
      for (let i = 0; i < n; i++) await audit.log.append({ type: 'sandbox', action: 'up', reason: `round ${i} with token ghp_abcdefghijklmnopqrstuvwxyz0123456789` });
    } finally {
      await audit.close();
    }
  }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'clawdock-backup-'));
    home = join(root, 'home');
    workspace = join(root, 'ws');
    other = join(root, 'other');
    for (const d of [home, workspace, other]) mkdirSync(d, { mode: 0o700 });
    env = envFor(home);
    await record(home, workspace, 5);
    await record(home, other, 2);
    const key = workspaceKey(workspace);
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ 'clawdock.policy.onViolation': 'halt' }), { mode: 0o600 });
    writeFileSync(join(home, 'policy.json'), JSON.stringify({ mode: 'ask-all' }), { mode: 0o600 });
    new SecretsVault({ home, env, keychain: noKeychain }).set('apiKey.anthropic', 'sk-ant-secret-value-for-tests');
    // A plain secrets file of an old version: it must never reach the archive.
    writeFileSync(join(home, 'secrets.json'), JSON.stringify({ 'apiKey.openai': 'sk-plain-never-backed-up' }), { mode: 0o600 });
    mkdirSync(join(home, 'sessions', key), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, 'sessions', key, 's1.jsonl'), '{"v":1,"type":"session","id":"s1"}\n', { mode: 0o600 });
    const upper = join(home, 'shadow', `clawdock-${key}`, 'upper');
    mkdirSync(join(upper, 'src'), { recursive: true });
    writeFileSync(join(upper, 'src', 'new.ts'), 'export const x = 1;\n', { mode: 0o644 });
    writeFileSync(join(upper, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    symlinkSync('src/new.ts', join(upper, 'link'));
    execFileSync('mknod', [join(upper, 'deleted.txt'), 'c', '0', '0']);
    writeFileSync(join(home, 'shadow', `clawdock-${key}`, 'state.json'), '{"v":1}', { mode: 0o600 });
    mkdirSync(join(home, 'shadow', `clawdock-${key}`, 'work'), { recursive: true });
    mkdirSync(join(home, 'undo', key, 'blobs'), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, 'undo', key, 'history.json'), '{"entries":[]}', { mode: 0o600 });
    mkdirSync(join(home, 'openclaw'), { mode: 0o700 });
    writeFileSync(join(home, 'openclaw', 'device.json'), '{"privateKey":"never backed up"}', { mode: 0o600 });
    archive = join(root, 'state.clawdock-backup');
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes one archive of every workspace, 0600, leaving out plain secrets and the device key', async () => {
    const r = await cli(['backup', '--all', '--out', archive], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /of 2 workspace\(s\).*2 audit chain\(s\) verified/);
    assert.equal(statSync(archive).mode & 0o777, 0o600);
    const text = gunzipSync(readFileSync(archive)).toString('utf8');
    assert.doesNotMatch(text, /sk-plain-never-backed-up|sk-ant-secret-value-for-tests|never backed up/);
    assert.doesNotMatch(text, /"path":"(?:secrets\.json|openclaw[^"]*|shadow\/[^"]*\/work)"/);
    assert.match(text, /"path":"secrets\.vault"/);
    const again = await cli(['backup', '--all', '--out', archive], env);
    assert.equal(again.code, 1, 'an existing archive is not written over');
  });

  it('restores into an empty home: byte-identical audit logs that verify, 0600/0700, the vault opens, the shadow layer comes back', async () => {
    const fresh = join(root, 'fresh');
    const r = await cli(['restore', archive], envFor(fresh));
    assert.equal(r.code, 0, r.stderr);
    for (const ws of [workspace, other]) {
      for (const day of readdirSync(auditDir(home, ws))) {
        assert.deepEqual(readFileSync(join(auditDir(fresh, ws), day)), readFileSync(join(auditDir(home, ws), day)), `${day} is byte-identical`);
      }
      const verify = await cli(['audit', 'verify', '--workspace', ws], envFor(fresh));
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      assert.match(verify.stdout, /chain holds/);
    }
    for (const { path, st } of await listTree(fresh)) {
      if (path.includes('/upper')) continue;
      if (st.isDirectory()) assert.equal(st.mode & 0o777, 0o700, path);
      else assert.equal(st.mode & 0o777, 0o600, path);
    }
    assert.equal(new SecretsVault({ home: fresh, env: envFor(fresh), keychain: noKeychain }).readAll()['apiKey.anthropic'], 'sk-ant-secret-value-for-tests');
    assert.equal(existsSync(join(fresh, 'secrets.json')), false);
    assert.equal(existsSync(join(fresh, 'openclaw')), false);
    const upper = join(fresh, 'shadow', `clawdock-${workspaceKey(workspace)}`, 'upper');
    assert.equal(statSync(join(upper, 'run.sh')).mode & 0o777, 0o755);
    assert.equal(readFileSync(join(upper, 'src', 'new.ts'), 'utf8'), 'export const x = 1;\n');
    assert.equal(execFileSync('readlink', [join(upper, 'link')], { encoding: 'utf8' }).trim(), 'src/new.ts');
    const del = statSync(join(upper, 'deleted.txt'));
    assert.ok(del.isCharacterDevice() && del.rdev === 0, 'the deletion mark is back');
    assert.equal(existsSync(join(fresh, 'shadow', `clawdock-${workspaceKey(workspace)}`, 'work')), false, 'the overlay\'s scratch folder is not state');
  });

  it('backs up one workspace with --workspace (and the shared files)', async () => {
    const one = join(root, 'one.clawdock-backup');
    const r = await cli(['backup', '--workspace', other, '--out', one], env);
    assert.equal(r.code, 0, r.stderr);
    const text = gunzipSync(readFileSync(one)).toString('utf8');
    assert.match(text, new RegExp(`"path":"audit/${workspaceKey(other)}/`));
    assert.doesNotMatch(text, new RegExp(workspaceKey(workspace)));
    assert.match(text, /"path":"settings\.json"/);
  });

  it('refuses a damaged archive before anything is written', async () => {
    const bytes = readFileSync(archive);
    const damaged = join(root, 'damaged.clawdock-backup');
    const cut = Buffer.from(bytes);
    const middle = Math.floor(cut.length / 2);
    cut[middle] = (cut[middle] as number) ^ 0xff;
    writeFileSync(damaged, cut);
    const target = join(root, 'untouched-1');
    const r = await cli(['restore', damaged], envFor(target));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /was not restored/);
    assert.equal(existsSync(target), false, 'nothing was written');

    writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const t = await cli(['restore', damaged], envFor(target));
    assert.equal(t.code, 1);
    assert.equal(existsSync(target), false);
  });

  it('refuses an archive whose audit line was altered with every digest recomputed: the chain does not verify, nothing is written', async () => {
    const lines = gunzipSync(readFileSync(archive)).toString('utf8').split('\n').filter(Boolean);
    const at = lines.findIndex((l) => l.includes(`"path":"audit/${workspaceKey(workspace)}/`) && l.includes('"type":"file"'));
    const entry = JSON.parse(lines[at] as string) as { size: number; sha256: string };
    const data = Buffer.from((JSON.parse(lines[at + 1] as string) as { d: string }).d, 'base64');
    const edited = Buffer.from(data.toString('utf8').replace('round 1 ', 'round 9 '));
    assert.notDeepEqual(edited, data);
    lines[at] = JSON.stringify({ ...entry, sha256: createHash('sha256').update(edited).digest('hex'), size: edited.length });
    lines[at + 1] = JSON.stringify({ d: edited.toString('base64') });
    const body = lines.slice(0, -1).map((l) => `${l}\n`).join('');
    const trailer = JSON.parse(lines.at(-1) as string) as Record<string, unknown>;
    const forged = join(root, 'forged.clawdock-backup');
    writeFileSync(forged, gzipSync(`${body}${JSON.stringify({ ...trailer, sha256: createHash('sha256').update(body).digest('hex') })}\n`));
    const target = join(root, 'untouched-2');
    const r = await cli(['restore', forged], envFor(target));
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /audit chain of .* does not verify: .* line 2 is edited/);
    assert.equal(existsSync(target), false, 'nothing was written');
  });

  it('refuses an archive entry that would leave the state folder, or a link outside a shadow layer', async () => {
    const lines = gunzipSync(readFileSync(archive)).toString('utf8').split('\n').filter(Boolean);
    for (const bad of [
      { root: 'home', path: 'audit/../../escape', type: 'dir', mode: 448, mtimeMs: 0 },
      { root: 'home', path: 'settings.json.d', type: 'dir', mode: 448, mtimeMs: 0 },
      { root: 'home', path: 'gateway/pairing/x', type: 'symlink', target: '/etc', mode: 511, mtimeMs: 0 },
    ]) {
      const body = [lines[0], JSON.stringify(bad)].map((l) => `${l}\n`).join('');
      const file = join(root, 'bad.clawdock-backup');
      writeFileSync(file, gzipSync(`${body}${JSON.stringify({ end: true, entries: 1, sha256: createHash('sha256').update(body).digest('hex') })}\n`));
      const target = join(root, 'untouched-3');
      const r = await cli(['restore', file], envFor(target));
      assert.equal(r.code, 1, JSON.stringify(bad));
      assert.match(r.stderr, /was not restored/);
      assert.equal(existsSync(target), false);
    }
  });

  it('refuses to overwrite a newer audit log without --force; --dry-run says so and writes nothing; --force restores it', async () => {
    await record(home, workspace, 1);
    const day = readdirSync(auditDir(home, workspace)).sort().at(-1) as string;
    const newer = readFileSync(join(auditDir(home, workspace), day));
    const dry = await cli(['restore', archive, '--dry-run'], env);
    assert.equal(dry.code, 1);
    assert.match(dry.stdout, /newer .*audit.*this audit log has lines the backup does not/);
    assert.deepEqual(readFileSync(join(auditDir(home, workspace), day)), newer);
    const refused = await cli(['restore', archive], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /nothing was restored/);
    assert.deepEqual(readFileSync(join(auditDir(home, workspace), day)), newer, 'nothing was written');
    const forced = await cli(['restore', archive, '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    const verify = await cli(['audit', 'verify', '--workspace', workspace], env);
    assert.equal(verify.code, 0, verify.stdout);
  });
});
