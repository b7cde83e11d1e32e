import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globMatches, sessionCaller, sessionKind } from './session-caller';

describe('OpenClaw session keys → caller profiles', () => {
  it('maps the gateway\'s main session to paired', () => {
    const r = sessionCaller({ paramsKey: 'agent:main:main' });
    assert.ok(r.ok);
    assert.equal(r.caller.profile, 'paired');
    assert.equal(r.caller.surface, 'gateway');
    assert.equal(r.caller.id, 'openclaw:agent:main:main');
  });

  it('maps a configured main session key and per-peer DM sessions to paired', () => {
    assert.equal(sessionKind('agent:ops:main', 'agent:ops:main'), 'main');
    assert.equal(sessionKind('agent:main:telegram:direct:123'), 'direct');
    assert.equal(sessionKind('agent:main:main:thread:1777'), 'main');
  });

  it('maps group and channel sessions to group, threads of groups included', () => {
    for (const key of ['agent:main:telegram:group:-1001', 'agent:main:discord:channel:1:thread:2', 'agent:main:telegram:group:-100:topic:42']) {
      const r = sessionCaller({ frameKey: key });
      assert.ok(r.ok);
      assert.equal(r.caller.profile, 'group', key);
    }
  });

  it('gives cron, hooks, subagents and invocations without a session the read-only profile', () => {
    for (const key of ['agent:main:cron:nightly', 'agent:main:subagent:x', 'hook:abc', undefined]) {
      const r = sessionCaller({ paramsKey: key });
      assert.ok(r.ok);
      assert.equal(r.caller.profile, 'readonly', String(key));
    }
  });

  it('refuses an invocation whose frame and params name different sessions', () => {
    const r = sessionCaller({ frameKey: 'agent:main:main', paramsKey: 'agent:main:telegram:group:1' });
    assert.equal(r.ok, false);
  });

  it('lets the owner widen a group and tighten the main session', () => {
    const rules = [{ session: 'agent:main:telegram:group:-100*', profile: 'paired' as const }, { session: 'agent:main:main', profile: 'readonly' as const }];
    const group = sessionCaller({ frameKey: 'agent:main:telegram:group:-100123' }, { rules });
    const main = sessionCaller({ frameKey: 'agent:main:main' }, { rules });
    assert.ok(group.ok && main.ok);
    assert.equal(group.caller.profile, 'paired');
    assert.equal(main.caller.profile, 'readonly');
  });

  it('matches * across colons and everything else literally', () => {
    assert.ok(globMatches('agent:*:main', 'agent:ops:main'));
    assert.ok(!globMatches('agent:main', 'agent:main:main'));
    assert.ok(!globMatches('a.c', 'abc'));
  });
});
