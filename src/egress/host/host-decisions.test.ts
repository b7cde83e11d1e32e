import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalHost, hostText } from './canonical-host';
import { vetAddress } from './address-ranges';
import { decideHost, type HostRules } from './decide-host';
import { matchesPattern, parseDomainPattern, patternCovers, type DomainPattern } from './domain-pattern';
import { ipFromString, parseIpv4, parseIpv6 } from './ip-address';

function pattern(entry: string): DomainPattern {
  const p = parseDomainPattern(entry);
  if ('error' in p) throw new Error(p.error);
  return p;
}

function rules(allowed: string[], denied: string[] = [], ask = false): HostRules {
  return { allowed: allowed.map(pattern), denied: denied.map(pattern), ask };
}

describe('canonicalHost: every spelling of an address is read as the address', () => {
  // [as written on the wire, what it is]
  const ADDRESSES: Array<[string, string]> = [
    ['127.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0X7F.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['0', '0.0.0.0'],
    ['169.254.43518', '169.254.169.254'],
    ['0xa9fea9fe', '169.254.169.254'],
    ['10.1', '10.0.0.1'],
    ['[::1]', '[::1]'],
    ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]'],
    ['[::ffff:7f00:1]', '[::ffff:7f00:1]'],
    ['[0:0:0:0:0:ffff:7f00:1]', '[::ffff:7f00:1]'],
    ['[::127.0.0.1]', '[::7f00:1]'],
    ['[FD00:EC2::254]', '[fd00:ec2::254]'],
    ['[64:ff9b::a9fe:a9fe]', '[64:ff9b::a9fe:a9fe]'],
  ];
  for (const [wire, address] of ADDRESSES) {
    it(`reads ${wire} as ${address}`, () => {
      const host = canonicalHost(wire);
      assert.equal(host.kind, 'ip');
      assert.equal(hostText(host), address);
    });
  }

  const INVALID = ['1.2.3.4.5', '4294967296', '0x100000000', '08.1.1.1', '256.1.1.1', 'foo.0x1', 'example.123', '[::1%eth0]', '[fe80::1%25eth0]', '[::1', 'a..b', '.example.com', 'example.com..', '', 'exa mple.com', 'ex\u0000ample.com', 'bücher.de', 'аpple.com', 'xn--a-ecp.ru', 'xn--zz.com', 'a/b.com', 'a%2eb.com', 'host:80'];
  for (const wire of INVALID) it(`refuses ${JSON.stringify(wire)} as invalid`, () => assert.equal(canonicalHost(wire).kind, 'invalid'));

  const NAMES: Array<[string, string]> = [
    ['LOCALHOST', 'localhost'],
    ['localhost.', 'localhost'],
    ['Registry.NPMJS.org.', 'registry.npmjs.org'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['xn--pple-43d.com', 'xn--pple-43d.com'],
    ['_dmarc.example.com', '_dmarc.example.com'],
    ['0x7f.example', '0x7f.example'],
  ];
  for (const [wire, name] of NAMES) {
    it(`reads ${wire} as the name ${name}`, () => assert.deepEqual(canonicalHost(wire), { kind: 'name', name }));
  }
});

describe('decideHost: the denied list first, then the allowed list', () => {
  const r = rules(['allowed.com', '*.x.com', 'bücher.de', 'apple.com'], ['bad.x.com']);
  const ALLOWED = ['allowed.com', 'ALLOWED.COM.', 'a.x.com', 'deep.a.x.com', 'xn--bcher-kva.de', 'apple.com'];
  const REFUSED = [
    'evil.com',
    'allowed.com.evil.com',
    'evil.com.allowed.com',
    'notallowed.com',
    'allowed.co',
    'x.com',
    'ax.com',
    'bad.x.com',
    'BAD.x.com.',
    'xn--pple-43d.com',
    'аpple.com',
    'localhost',
    'LOCALHOST',
    'localhost.',
    '127.1',
    '0x7f.1',
    '2130706433',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '93.184.216.34',
  ];
  for (const h of ALLOWED) it(`allows ${h}`, () => assert.equal(decideHost(canonicalHost(h), r).verdict, 'allow'));
  for (const h of REFUSED) it(`refuses ${JSON.stringify(h)}`, () => assert.equal(decideHost(canonicalHost(h), r).verdict, 'refuse'));

  it('refuses a denied subdomain although a wildcard allows it, naming the denied entry', () => {
    const d = decideHost(canonicalHost('bad.x.com'), r);
    assert.equal(d.verdict, 'refuse');
    assert.match(d.verdict === 'refuse' ? d.reason : '', /"bad\.x\.com" in `clawdock\.sandbox\.deniedDomains`/);
  });
  it('names clawdock.sandbox.allowedDomains in the refusal of an unlisted name', () => {
    const d = decideHost(canonicalHost('evil.com'), r);
    assert.ok(d.verdict === 'refuse' && d.fix.includes('clawdock.sandbox.allowedDomains'));
  });
  it('refuses an IP literal even when nothing else would', () => {
    const d = decideHost(canonicalHost('8.8.8.8'), rules([], [], true));
    assert.equal(d.verdict, 'refuse');
  });
  it('asks about an unlisted name when ask is on, and allows it once the owner did for the session', () => {
    const ask = rules(['allowed.com'], ['denied.com'], true);
    assert.deepEqual(decideHost(canonicalHost('new.com'), ask), { verdict: 'ask', name: 'new.com' });
    assert.equal(decideHost(canonicalHost('new.com'), ask, new Set(['new.com'])).verdict, 'allow');
    assert.equal(decideHost(canonicalHost('denied.com'), ask, new Set(['denied.com'])).verdict, 'refuse');
  });
});

describe('domain patterns', () => {
  it('lets *.x.com match subdomains only, never x.com itself', () => {
    assert.equal(matchesPattern('x.com', pattern('*.x.com')), false);
    assert.equal(matchesPattern('a.x.com', pattern('*.x.com')), true);
    assert.equal(matchesPattern('ax.com', pattern('*.x.com')), false);
  });
  it('reads Unicode entries with IDNA and canonical case', () => {
    assert.equal(pattern('*.Bücher.DE.').text, '*.xn--bcher-kva.de');
  });
  for (const bad of ['*', 'https://x.com', 'x.com:443', 'a.*.com', '10.0.0.1', '[::1]', '*.com.', 'x.com/path', 'user@x.com'] as const) {
    it(`refuses the entry ${JSON.stringify(bad)}`, () => assert.ok('error' in parseDomainPattern(bad)));
  }
  it('knows which entries another entry covers (for narrowing)', () => {
    assert.equal(patternCovers(pattern('*.x.com'), pattern('a.x.com')), true);
    assert.equal(patternCovers(pattern('*.x.com'), pattern('*.a.x.com')), true);
    assert.equal(patternCovers(pattern('*.x.com'), pattern('*.x.com')), true);
    assert.equal(patternCovers(pattern('*.x.com'), pattern('x.com')), false);
    assert.equal(patternCovers(pattern('x.com'), pattern('*.x.com')), false);
    assert.equal(patternCovers(pattern('x.com'), pattern('x.com')), true);
  });
});

describe('vetAddress: only the public internet is dialled', () => {
  const REFUSED: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['10.2.3.4', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /carrier-grade/],
    ['100.100.100.200', /metadata/],
    ['169.254.169.254', /metadata/],
    ['169.254.1.1', /link-local/],
    ['0.0.0.0', /this network/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['198.18.0.1', /benchmarking/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['::ffff:127.0.0.1', /mapped/],
    ['::ffff:8.8.8.8', /mapped/],
    ['::127.0.0.1', /compatible/],
    ['64:ff9b::7f00:1', /NAT64/],
    ['2002:7f00:1::1', /6to4/],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', /Teredo/],
    ['fd00:ec2::254', /metadata/],
    ['fd12:3456::1', /unique local/],
    ['fe80::1', /link-local/],
    ['ff02::1', /multicast/],
  ];
  for (const [address, why] of REFUSED) {
    it(`refuses ${address}`, () => {
      const v = vetAddress(ipFromString(address)!);
      assert.equal(v.ok, false);
      assert.match(v.ok ? '' : v.why, why);
    });
  }
  for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700::1111', '172.32.0.1', '100.128.0.1']) {
    it(`lets ${address} through`, () => assert.deepEqual(vetAddress(ipFromString(address)!), { ok: true }));
  }
  it("refuses the engine host's own public address", () => {
    const v = vetAddress(ipFromString('93.184.216.34')!, { hostAddresses: ['93.184.216.34'] });
    assert.deepEqual(v, { ok: false, why: "the engine host's own address" });
  });
  it('lets an exempt address through and nothing near it', () => {
    assert.deepEqual(vetAddress(ipFromString('172.20.0.5')!, { exemptAddresses: ['172.20.0.5'] }), { ok: true });
    assert.equal(vetAddress(ipFromString('172.20.0.6')!, { exemptAddresses: ['172.20.0.5'] }).ok, false);
  });
});

describe('IP parsing', () => {
  it('writes IPv6 in RFC 5952 form', () => {
    assert.equal(parseIpv6('2001:0db8:0000:0000:0000:0000:0000:0001')?.text, '2001:db8::1');
    assert.equal(parseIpv6('1:0:0:2:0:0:0:3')?.text, '1:0:0:2::3');
    assert.equal(parseIpv6('::ffff:1.2.3.4')?.text, '::ffff:102:304');
  });
  it('refuses zone ids and junk after a group', () => {
    assert.equal(parseIpv6('fe80::1%eth0'), null);
    assert.equal(parseIpv6('::1g'), null);
  });
  it('refuses IPv4 parts that overflow', () => {
    assert.equal(parseIpv4('1.256.1.1'), null);
    assert.equal(parseIpv4('1.1.65536'), null);
    assert.equal(parseIpv4('1.1.65535')?.text, '1.1.255.255');
  });
});
