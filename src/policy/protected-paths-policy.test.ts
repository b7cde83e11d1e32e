// The one table of protected-path cases (paths/protected-path-cases.ts), run
// through the policy: a command that writes a held path asks — whatever writes
// it (a redirection, tee, cp, sort -o, sed -i) — and so does write_file with a
// rw workspace; in the shadow layer the write goes through but is held.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HELD_PATHS, ORDINARY_PATHS } from './paths/protected-path-cases';
import type { Policy } from './policy';
import { OWNER, run, testPolicy } from './policy-testing';

let rw: Policy;
let shadow: Policy;
before(async () => {
  rw = await testPolicy({ workspaceAccess: 'rw' });
  shadow = await testPolicy();
});

const quote = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;
const writers = (p: string) => [`echo x > ${quote(p)}`, `tee ${quote(p)} < a`, `cp a ${quote(p)}`, `sort -o ${quote(p)} a`, `sed -i s/a/b/ ${quote(p)}`, `uniq a ${quote(p)}`];
const write = (path: string) => ({ tool: 'write_file', args: { path, content: 'x' } });

describe('protected paths in the policy (the shared table)', () => {
  for (const p of HELD_PATHS) {
    it(`asks before a command writes ${JSON.stringify(p)}`, () => {
      for (const command of writers(p)) {
        const d = rw.decide(run(command), OWNER, { record: false });
        assert.equal(d.decision, 'ask', command);
        assert.ok(rw.explain(run(command), OWNER).findings.some((f) => f.rule.startsWith('protectedPaths:') || f.rule === 'suspicious-character'), `${command}: ${JSON.stringify(d)}`);
      }
    });
    it(`asks before write_file changes ${JSON.stringify(p)} in a rw workspace, and holds it in the shadow layer`, () => {
      const d = rw.decide(write(p), OWNER, { record: false });
      if (d.rule === 'schema') return; // a path the tool schema refuses outright (control characters) never reaches a write
      assert.equal(d.decision, 'ask', JSON.stringify(d));
      assert.match(d.rule, /^protectedPaths:/);
      // In the shadow layer it is written there and held (a secrets file such as .envrc still asks).
      const held = shadow.explain(write(p), OWNER).findings.find((f) => f.rule.startsWith('protectedPaths:'));
      assert.match(held?.reason ?? '', /held for your separate approval/);
    });
  }
  for (const p of ORDINARY_PATHS) {
    it(`does not call ${JSON.stringify(p)} protected`, () => {
      assert.equal(rw.explain(write(p), OWNER).findings.some((f) => f.rule.startsWith('protectedPaths:')), false);
      assert.equal(rw.explain(run(`cp a ${quote(p)}`), OWNER).findings.some((f) => f.rule.startsWith('protectedPaths:')), false);
    });
  }
});
