import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { revisionPath } from './path-findings';

describe('the file a git object name reads', () => {
  it('reads REV:PATH, :PATH and :N:PATH from the repository root, ./ from the current folder', () => {
    assert.equal(revisionPath('HEAD:.env', '/workspace/src'), '/workspace/.env');
    assert.equal(revisionPath(':.env', '/workspace'), '/workspace/.env');
    assert.equal(revisionPath(':2:config/.env', '/workspace'), '/workspace/config/.env');
    assert.equal(revisionPath('HEAD@{1:00}:a/b', '/workspace'), '/workspace/a/b');
    assert.equal(revisionPath('HEAD~2:./x', '/workspace/src'), '/workspace/src/x');
    assert.equal(revisionPath('HEAD:sub/../.env', '/workspace'), '/workspace/.env');
  });
  it('names no file for plain revisions and message searches', () => {
    for (const v of ['HEAD', 'main~3', 'v1.0^{tree}', ':/fix the bug', 'HEAD:']) assert.equal(revisionPath(v, '/workspace'), undefined, v);
  });
});
