import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from './edit-apply';

describe('applyEdits', () => {
  it('applies blocks in order, each against the result of the one before', () => {
    assert.deepEqual(applyEdits('a b c', [{ search: 'a', replace: 'x' }, { search: 'x b', replace: 'y' }]), { ok: true, content: 'y c' });
  });

  it('refuses a missing or ambiguous search text with a reason the model can act on', () => {
    const missing = applyEdits('abc', [{ search: 'z', replace: '' }]);
    assert.equal(missing.ok, false);
    assert.match(missing.ok ? '' : missing.reason, /block 1: the search text was not found/);
    const twice = applyEdits('aa', [{ search: 'a', replace: 'b' }]);
    assert.match(twice.ok ? '' : twice.reason, /more than once/);
  });

  it('treats replacement text literally ($& and friends)', () => {
    assert.deepEqual(applyEdits('x', [{ search: 'x', replace: '$&$1' }]), { ok: true, content: '$&$1' });
  });
});
