import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBindSourceAllowed, blockedReason } from './bind-guard';

const home = mkdtempSync(join(tmpdir(), 'clawdock-home-'));
mkdirSync(join(home, '.ssh'));
mkdirSync(join(home, 'project'));

test('allows an ordinary project folder', () => {
  assert.equal(blockedReason(join(home, 'project'), home), null);
});

test('refuses the host root and system folders', () => {
  for (const p of ['/', '/etc', '/etc/ssl', '/proc/self', '/sys', '/dev', '/var/run', '/var/run/docker.sock', '/run/user/1000', '/var/lib/docker/volumes', '/usr']) {
    assert.notEqual(blockedReason(p, home), null, p);
  }
});

test('refuses credentials folders under home and the home folder itself', () => {
  assert.match(blockedReason(join(home, '.ssh'), home)!, /\.ssh/);
  assert.match(blockedReason(join(home, '.aws', 'credentials'), home)!, /\.aws/);
  assert.match(blockedReason(home, home)!, /home folder/);
});

test('refuses a docker socket wherever it lives', () => {
  assert.match(blockedReason('/tmp/somewhere/docker.sock', home)!, /socket/);
});

test('resolves a symlinked parent before checking', () => {
  const link = join(home, 'project', 'innocent');
  symlinkSync(join(home, '.ssh'), link);
  assert.match(blockedReason(link, home)!, /\.ssh/);
  assert.match(blockedReason(join(link, 'not-yet-there'), home)!, /\.ssh/);
});

test('names the setting in the error', () => {
  assert.throws(() => assertBindSourceAllowed('/etc', 'clawdock.sandbox.extraMounts', home), /clawdock\.sandbox\.extraMounts.*\/etc/);
});
