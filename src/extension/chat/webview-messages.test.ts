import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage, refuseLink } from './webview-messages';

describe('messages from the chat webview', () => {
  it('accepts the messages the panel sends', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: 'fix the test' }), { type: 'send', text: 'fix the test' });
    assert.deepEqual(parseWebviewMessage({ type: 'approval', action: 'approve', approvalId: '0b7c-41' }), { type: 'approval', action: 'approve', approvalId: '0b7c-41' });
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  });

  it('ignores unknown messages, unknown actions and extra fields (no state smuggled in)', () => {
    assert.equal(parseWebviewMessage({ type: 'runCommand', command: 'rm -rf /' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'approval', action: 'approveAlways', approvalId: 'a' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'approval', action: 'approve', approvalId: 'a', status: 'approved' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'send', text: '' }), undefined);
    assert.equal(parseWebviewMessage('ready'), undefined);
    assert.equal(parseWebviewMessage(null), undefined);
  });

  it('takes "show the Changes view" with nothing else in it', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'showChanges' }), { type: 'showChanges' });
    assert.equal(parseWebviewMessage({ type: 'showChanges', path: '.vscode/tasks.json' }), undefined);
  });

  it('refuses approval ids that are not id-shaped', () => {
    assert.equal(parseWebviewMessage({ type: 'approval', action: 'reject', approvalId: '../../x' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'approval', action: 'reject', approvalId: 'a b' }), undefined);
  });
});

describe('links from model text', () => {
  it('opens http and https only', () => {
    assert.equal(refuseLink('https://example.com/a?b=c'), undefined);
    assert.equal(refuseLink('http://localhost:3000'), undefined);
    assert.match(refuseLink('javascript:alert(1)') ?? '', /only http and https/);
    assert.match(refuseLink('file:///etc/passwd') ?? '', /only http and https/);
    assert.match(refuseLink('command:workbench.action.terminal.new') ?? '', /only http and https/);
    assert.match(refuseLink('vscode://clawdock.clawdock/x') ?? '', /only http and https/);
    assert.match(refuseLink('/relative') ?? '', /absolute/);
  });

  it('refuses credentials in the URL', () => {
    assert.match(refuseLink('https://user:pw@example.com') ?? '', /password/);
  });
});
