import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chatCsp, chatHtml, newNonce } from './chat-html';

const resources = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/media/chat/main.js', styleUri: 'https://x/media/chat/chat.css' };

describe('the chat page', () => {
  it('allows only its nonce\'d script and local resources', () => {
    assert.equal(chatCsp('SRC', 'N'), "default-src 'none'; script-src 'nonce-N'; style-src SRC 'nonce-N'; font-src SRC; img-src SRC data:");
  });

  it('puts the same nonce on the policy and the script, and a new one each load', () => {
    const html = chatHtml({ ...resources, nonce: 'abc123' });
    assert.match(html, /script-src 'nonce-abc123'/);
    assert.match(html, /<script nonce="abc123" src="https:\/\/x\/media\/chat\/main.js">/);
    assert.notEqual(newNonce(), newNonce());
    assert.ok(newNonce().length >= 20);
  });

  it('has no inline script and no remote resource', () => {
    const html = chatHtml(resources);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.doesNotMatch(html, /\son[a-z]+=/);
    assert.doesNotMatch(html, /(src|href)="http:/);
  });
});
