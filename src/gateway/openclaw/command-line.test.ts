import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLineOf, containerCwdOf, quoteWord } from './command-line';

describe('system.run argv → the command line the policy decides and bash runs', () => {
  it('unwraps the exec tool\'s /bin/sh -lc wrapper', () => {
    assert.deepEqual(commandLineOf(['/bin/sh', '-lc', 'ls -la'], 'ls -la'), { ok: true, line: 'ls -la' });
    assert.deepEqual(commandLineOf(['bash', '-c', 'echo hi']), { ok: true, line: 'echo hi' });
  });

  it('quotes a plain argv word by word, so nothing in it becomes syntax', () => {
    assert.deepEqual(commandLineOf(['echo', 'a b', '$(touch x)', "it's"]), { ok: true, line: `echo 'a b' '$(touch x)' 'it'\\''s'` });
    assert.equal(quoteWord('src/a.ts'), 'src/a.ts');
  });

  it('refuses a rawCommand that differs from what would run', () => {
    const r = commandLineOf(['/bin/sh', '-lc', 'rm -rf .'], 'ls');
    assert.equal(r.ok, false);
  });

  it('refuses an empty command', () => {
    assert.equal(commandLineOf(['/bin/sh', '-c', '  ']).ok, false);
  });

  it('keeps cwd inside /workspace', () => {
    assert.deepEqual(containerCwdOf(undefined), { ok: true, cwd: '/workspace' });
    assert.deepEqual(containerCwdOf('src'), { ok: true, cwd: '/workspace/src' });
    assert.equal(containerCwdOf('/home/user/.openclaw/workspace').ok, false);
    assert.equal(containerCwdOf('../etc').ok, false);
  });
});
