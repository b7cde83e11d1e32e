// `clawdock security selftest` against real configurations: the defaults hold
// everything; an open network and `rw` access are reported as escapes, with
// a non-zero exit.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runSecurityCommand } from '../../src/cli/security-command';
import type { CliIo } from '../../src/cli/io';
import type { SelftestReport } from '../../src/selftest';
import { requireEngine } from '../helpers/engine-gate';

const homes: string[] = [];

async function selftest(settings: Record<string, unknown>): Promise<{ code: number; report: SelftestReport }> {
  const home = mkdtempSync(join(tmpdir(), 'clawdock-selftest-home-'));
  homes.push(home);
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ 'clawdock.sandbox.memoryMb': 256, 'clawdock.sandbox.cpus': 1, ...settings }));
  let out = '';
  const io: CliIo = {
    stdout: (t) => void (out += t.toString()), stderr: () => undefined, stdin: new PassThrough(),
    env: { PATH: process.env.PATH, CLAWDOCK_HOME: home, ...(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}) },
    cwd: home,
  };
  const code = await runSecurityCommand(['selftest', '--json'], io);
  return { code, report: JSON.parse(out) as SelftestReport };
}

const resultOf = (report: SelftestReport, id: string) => report.classes.find((c) => c.id === id)?.result;

describe('the containment self-test', requireEngine(), () => {
  after(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

  it('reports nothing escaped on the defaults, and exits 0', async () => {
    const { code, report } = await selftest({});
    assert.deepEqual(report.classes.filter((c) => c.result === 'escaped').map((c) => `${c.id}: ${c.probes.filter((p) => p.result === 'escaped').map((p) => p.detail).join('; ')}`), []);
    assert.equal(code, 0);
    assert.deepEqual(report.classes.map((c) => c.id), ['policy', 'host-executed', 'network', 'kernel', 'secrets', 'persistence', 'file-tools']);
  });

  it('reports the network class as escaped with an open network, and exits 1', async () => {
    const { code, report } = await selftest({ 'clawdock.sandbox.network': 'dangerouslyOpen', 'clawdock.sandbox.dangerouslyAllowNetwork': true });
    assert.equal(resultOf(report, 'network'), 'escaped');
    assert.equal(code, 1);
  });

  it('reports host-executed plants as escaped in rw access, where the folder is written directly', async () => {
    const { code, report } = await selftest({ 'clawdock.sandbox.workspaceAccess': 'rw' });
    const cls = report.classes.find((c) => c.id === 'host-executed');
    assert.equal(cls?.result, 'escaped');
    // What rw still protects (the mounts at the root) is held; what it cannot (a new commondir, a nested repository) is not.
    assert.equal(cls?.probes.find((p) => p.name === '.vscode/tasks.json')?.result, 'held');
    assert.equal(cls?.probes.find((p) => p.name === 'sub/.git/config')?.result, 'escaped');
    assert.equal(code, 1);
  });
});
