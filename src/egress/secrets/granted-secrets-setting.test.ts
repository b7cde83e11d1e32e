import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGrantsUsable, readGrantedSecrets } from './granted-secrets-setting';

describe('clawdock.sandbox.grantedSecrets', () => {
  it('reads a secret bound to hosts, with its optional header, scheme and placement', () => {
    const g = readGrantedSecrets([{ name: 'NPM_TOKEN', hosts: ['Registry.NPMJS.org.'], header: 'Authorization', scheme: 'Bearer' }, { name: 'MAPS', hosts: ['*.maps.test'], placement: 'query', param: 'key' }]);
    assert.deepEqual(g.errors, []);
    assert.deepEqual(g.bound, [{ name: 'NPM_TOKEN', hosts: ['registry.npmjs.org'], header: 'Authorization', scheme: 'Bearer' }, { name: 'MAPS', hosts: ['*.maps.test'], placement: 'query', param: 'key' }]);
    assert.doesNotThrow(() => assertGrantsUsable(g, false));
  });

  it('refuses a bare name with a message that shows the new form', () => {
    const g = readGrantedSecrets(['NPM_TOKEN']);
    assert.deepEqual(g.bare, ['NPM_TOKEN']);
    assert.throws(() => assertGrantsUsable(g, false), (err: Error & { hint?: string }) => {
      assert.match(err.message, /clawdock\.sandbox\.grantedSecrets/);
      assert.match(`${err.message} ${err.hint ?? ''}`, /\{ "name": "NPM_TOKEN", "hosts": \["registry\.npmjs\.org"\] \}/);
      assert.match(`${err.message} ${err.hint ?? ''}`, /dangerouslyExposeSecretsToSandbox/);
      return true;
    });
  });

  it('lets a bare name through only with dangerouslyExposeSecretsToSandbox', () => {
    assert.doesNotThrow(() => assertGrantsUsable(readGrantedSecrets(['NPM_TOKEN']), true));
  });

  it('refuses entries it cannot read, naming the field', () => {
    for (const [entry, why] of [
      [{ name: 'X', hosts: [] }, /"hosts" must list/],
      [{ name: 'X', hosts: ['1.2.3.4'] }, /IP addresses/],
      [{ name: 'X', hosts: ['https://x.test/'] }, /domain only/],
      [{ name: 'PATH', hosts: ['x.test'] }, /pick another name/],
      [{ name: 'HTTPS_PROXY', hosts: ['x.test'] }, /pick another name/],
      [{ name: 'X', hosts: ['x.test'], header: 'Host' }, /header/],
      [{ name: 'X', hosts: ['x.test'], placement: 'body' }, /placement/],
      [{ name: 'X', hosts: ['x.test'], placement: 'basic', scheme: 'Bearer' }, /go with "placement": "header"/],
      [{ name: 'X', hosts: ['x.test'], extra: 1 }, /unknown field/],
    ] as const) {
      const g = readGrantedSecrets([entry]);
      assert.equal(g.errors.length, 1, JSON.stringify(entry));
      assert.match(g.errors[0]!, why);
      assert.throws(() => assertGrantsUsable(g, true));
    }
    assert.match(readGrantedSecrets([{ name: 'A', hosts: ['a.test'] }, { name: 'A', hosts: ['b.test'] }]).errors[0]!, /granted twice/);
  });
});
