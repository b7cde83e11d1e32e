import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPlaceholder } from '../../core/secret-placeholder';
import { slotFor, type SecretBindingWire } from './secret-binding';
import { SecretSwap } from './secret-swap';

const npm: SecretBindingWire = { name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'], value: 'npm_realvalue1234567890', placeholder: newPlaceholder('NPM_TOKEN') };
const gh: SecretBindingWire = { name: 'GH_TOKEN', hosts: ['github.com', 'api.github.com'], value: 'ghp_realvalue0987654321', placeholder: newPlaceholder('GH_TOKEN') };
const q: SecretBindingWire = { name: 'MAPS_KEY', hosts: ['*.maps.test'], placement: 'query', param: 'key', value: 'maps-real-value-42', placeholder: newPlaceholder('MAPS_KEY') };
const swap = new SecretSwap([npm, gh, q]);
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('swapping a bound secret into a request', () => {
  it('puts the value into the Authorization header of a request to its host, in the configured form', () => {
    const r = swap.swap({ method: 'GET', path: '/pkg', headers: [['Authorization', `token ${npm.placeholder}`], ['Accept', '*/*']] }, 'registry.npmjs.org');
    assert.ok(r.ok);
    assert.deepEqual(r.headers[0], ['Authorization', `Bearer ${npm.value}`]);
    assert.deepEqual(r.injected, ['NPM_TOKEN']);
  });

  it('puts the value into Basic credentials for git over HTTPS, keeping the user name', () => {
    const r = swap.swap({ method: 'GET', path: '/o/r.git/info/refs', headers: [['Authorization', basic('x-access-token', gh.placeholder)]] }, 'github.com');
    assert.ok(r.ok);
    assert.equal(Buffer.from(r.headers[0]![1].slice(6), 'base64').toString(), `x-access-token:${gh.value}`);
  });

  it('uses the host\'s own form for each of a secret\'s hosts', () => {
    assert.deepEqual(slotFor(gh, 'api.github.com'), { placement: 'header', header: 'Authorization', scheme: 'Bearer' });
    assert.deepEqual(slotFor(gh, 'github.com'), { placement: 'basic' });
    assert.deepEqual(slotFor({ name: 'K', hosts: ['api.anthropic.com'] }, 'api.anthropic.com'), { placement: 'header', header: 'x-api-key', scheme: '' });
    assert.deepEqual(slotFor({ name: 'K', hosts: ['x.test'], header: 'X-Token', scheme: '' }, 'x.test'), { placement: 'header', header: 'X-Token', scheme: '' });
  });

  it('puts the value into its query parameter, URL-encoded', () => {
    const r = swap.swap({ method: 'GET', path: `/geo?q=a&key=${q.placeholder}`, headers: [] }, 'eu.maps.test');
    assert.ok(r.ok);
    assert.equal(r.path, '/geo?q=a&key=maps-real-value-42');
  });

  it('passes a request without placeholders untouched', () => {
    const r = swap.swap({ method: 'GET', path: '/x', headers: [['Accept', 'text/plain']] }, 'registry.npmjs.org');
    assert.ok(r.ok);
    assert.deepEqual(r.injected, []);
  });
});

describe('refusing a placeholder where it does not belong', () => {
  it('refuses it on its way to another host as an attempted leak, in any header, path or query', () => {
    for (const head of [
      { method: 'GET', path: '/', headers: [['Authorization', `Bearer ${npm.placeholder}`]] as [string, string][] },
      { method: 'GET', path: `/?t=${npm.placeholder}`, headers: [] as [string, string][] },
      { method: 'GET', path: `/${encodeURIComponent(npm.placeholder)}`, headers: [] as [string, string][] },
      { method: 'GET', path: '/', headers: [['Authorization', basic('u', npm.placeholder)]] as [string, string][] },
      { method: 'GET', path: '/', headers: [['X-Anything', npm.placeholder.toLowerCase()]] as [string, string][] },
    ]) {
      const r = swap.swap(head, 'evil.test');
      assert.ok(!r.ok, JSON.stringify(head));
      assert.equal(r.leak, true);
      assert.equal(r.secret, 'NPM_TOKEN');
      assert.match(r.reason, /attempted leak/);
      assert.match(r.reason, /registry\.npmjs\.org/);
    }
  });

  it('refuses it in the wrong place of a request to its own host, naming where it goes', () => {
    const r = swap.swap({ method: 'GET', path: `/echo?x=${npm.placeholder}`, headers: [] }, 'registry.npmjs.org');
    assert.ok(!r.ok);
    assert.equal(r.leak, false);
    assert.match(r.reason, /only in the Authorization header \(Bearer\)/);
    const prefixed = swap.swap({ method: 'GET', path: '/', headers: [['Authorization', `Bearer x${npm.placeholder}`]] }, 'registry.npmjs.org');
    assert.ok(!prefixed.ok);
  });

  it('never lets one secret\'s placeholder reach another secret\'s host', () => {
    const r = swap.swap({ method: 'GET', path: '/', headers: [['Authorization', `Bearer ${npm.placeholder}`]] }, 'api.github.com');
    assert.ok(!r.ok && r.leak && r.secret === 'NPM_TOKEN');
  });

  it('finds a placeholder in a host name or a tunnel\'s first bytes whatever its case', () => {
    assert.equal(swap.placeholderIn(`${npm.placeholder.toLowerCase()}.evil.test`)?.name, 'NPM_TOKEN');
    assert.equal(swap.placeholderIn('nothing here'), undefined);
  });
});
