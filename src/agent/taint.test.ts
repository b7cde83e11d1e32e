import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ownerCaller } from '../core/caller';
import { TaintTracker } from './taint';

describe('TaintTracker', () => {
  it('leaves an owner turn untainted and reads allowed', () => {
    const t = new TaintTracker();
    assert.equal(t.beginTurn(ownerCaller('cli')), undefined);
    assert.equal(t.escalates('exec', 'allow'), false);
  });

  it('taints a turn from a paired chat caller from its start', () => {
    const t = new TaintTracker();
    assert.match(t.beginTurn({ profile: 'paired', surface: 'gateway', id: 'tg:42' }) ?? '', /tg:42 \(paired, via gateway\)/);
    assert.equal(t.escalates('exec', 'allow'), true);
    assert.equal(t.escalates('write', 'allow'), true);
  });

  it('never escalates reads, asks or denials', () => {
    const t = new TaintTracker();
    t.mark('test');
    assert.equal(t.escalates('read', 'allow'), false);
    assert.equal(t.escalates('exec', 'ask'), false);
    assert.equal(t.escalates('exec', 'deny'), false);
  });

  it('taints on files marked untrusted, untrusted tools and networked command output', () => {
    const t = new TaintTracker({ untrustedPaths: ['vendor/**', '*.eml'], untrustedTools: ['web_fetch'], commandOutput: true });
    t.beginTurn(ownerCaller('cli'));
    assert.equal(t.noteResult('read_file', 'read', ['src/a.ts']), undefined);
    assert.match(t.noteResult('read_file', 'read', ['vendor/x/y.js']) ?? '', /vendor\/x\/y\.js is marked untrusted/);
    assert.equal(t.noteResult('web_fetch', 'read', []), undefined, 'the first reason is kept');
    assert.ok(t.isUntrustedPath('mail/a.eml'));
    t.beginTurn(ownerCaller('cli'));
    assert.match(t.noteResult('web_fetch', 'read', []) ?? '', /output of web_fetch/);
    t.beginTurn(ownerCaller('cli'));
    assert.match(t.noteResult('run_command', 'exec', []) ?? '', /network access/);
  });

  it('lasts for the rest of the turn only', () => {
    const t = new TaintTracker();
    t.mark('a gateway message');
    assert.ok(t.reason);
    t.beginTurn(ownerCaller('editor'));
    assert.equal(t.reason, undefined);
  });
});
