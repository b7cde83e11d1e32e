import { lookup } from 'node:dns/promises';

/** Resolves a name to its addresses, once per connection; the proxy dials what it returns and nothing else. */
export type Resolver = (name: string) => Promise<string[]>;

/** How the proxy resolves names: the system's resolver, or a fixed table (tests; no DNS query leaves at all). */
export type ResolverConfig = { readonly kind: 'system' } | { readonly kind: 'static'; readonly hosts: Readonly<Record<string, readonly string[]>> };

/** The resolver a config names. A static table answers only its names: anything else does not exist. */
export function createResolver(config: ResolverConfig): Resolver {
  if (config.kind === 'static') {
    const table = new Map(Object.entries(config.hosts).map(([name, addresses]) => [name.toLowerCase(), [...addresses]]));
    return async (name) => {
      const found = table.get(name);
      if (!found) throw Object.assign(new Error(`${name} is not in the test resolver's table`), { code: 'ENOTFOUND' });
      return found;
    };
  }
  return async (name) => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);
}
