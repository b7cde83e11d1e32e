import { bindingCovers, bindingPatterns, describeSlot, slotFor, type SecretBindingWire, type SecretSlot } from './secret-binding';
import type { DomainPattern } from '../host/domain-pattern';

/** A request's head as the swap sees it: method, path with query, and headers as pairs. */
export interface SwapHead {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
}

/** What the swap did: the head to send (and the secrets put into it), or why it is refused. */
export type SwapResult =
  | { readonly ok: true; readonly path: string; readonly headers: [string, string][]; readonly injected: readonly string[] }
  | { readonly ok: false; readonly reason: string; readonly fix: string; readonly secret: string; readonly leak: boolean };

interface Held {
  readonly wire: SecretBindingWire;
  readonly patterns: readonly DomainPattern[];
  readonly lower: string;
}

/** Where in a head a placeholder was found, in words. */
type Spot = { readonly where: string; readonly header?: number; readonly basic?: boolean; readonly query?: string };

function decodeBasic(value: string): string | undefined {
  const m = /^Basic[ \t]+([A-Za-z0-9+/=_-]+)[ \t]*$/i.exec(value);
  return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The proxy's bound secrets (issue 16): finds their placeholders in a
 * request's head and either puts the real value in the one place the binding
 * names, for one of its hosts, or refuses the request — a placeholder on its
 * way to any other host is an attempted leak; one in the wrong place of a
 * request to its own host is a mistake the message explains. Pure: no I/O.
 */
export class SecretSwap {
  private held: Held[] = [];

  constructor(bindings: readonly SecretBindingWire[] = []) {
    this.set(bindings);
  }

  /** Replaces the bindings (settings or values changed). */
  set(bindings: readonly SecretBindingWire[]): void {
    this.held = bindings.map((wire) => ({ wire, patterns: bindingPatterns(wire), lower: wire.placeholder.toLowerCase() }));
  }

  get size(): number {
    return this.held.length;
  }

  /** True when some binding's hosts cover the canonical name. */
  isSecretHost(host: string): boolean {
    return this.held.some((h) => bindingCovers(h.patterns, host));
  }

  /** True when the binding's hosts cover the canonical name. */
  covers(wire: SecretBindingWire, host: string): boolean {
    const h = this.held.find((x) => x.wire === wire);
    return h !== undefined && bindingCovers(h.patterns, host);
  }

  /** The binding whose placeholder appears anywhere in `text`, in any case (a host name, a tunnel's first bytes). */
  placeholderIn(text: string): SecretBindingWire | undefined {
    if (this.held.length === 0) return undefined;
    const lower = text.toLowerCase();
    return this.held.find((h) => lower.includes(h.lower))?.wire;
  }

  /** Why a placeholder may not go to `host`: the audit's and the command's words. */
  leakReason(wire: SecretBindingWire, host: string, where: string): { reason: string; fix: string } {
    return {
      reason: `the placeholder of the secret ${wire.name} (bound to ${wire.hosts.join(', ')}) was sent to ${host} in ${where}; refused as an attempted leak`,
      fix: `a secret is only ever sent to its hosts; if ${host} needs ${wire.name}, add it to that secret's "hosts" in \`clawdock.sandbox.grantedSecrets\``,
    };
  }

  /** Swaps placeholders in a head bound for `host` (canonical); see the class comment. */
  swap(head: SwapHead, host: string): SwapResult {
    if (this.held.length === 0) return { ok: true, path: head.path, headers: head.headers.map(([k, v]) => [k, v]), injected: [] };
    let path = head.path;
    const headers: [string, string][] = head.headers.map(([k, v]) => [k, v]);
    const injected: string[] = [];
    for (const h of this.held) {
      const spots = this.spots(h, path, headers);
      if (spots.length === 0) continue;
      const { wire } = h;
      if (!bindingCovers(h.patterns, host)) {
        const { reason, fix } = this.leakReason(wire, host, spots[0]!.where);
        return { ok: false, reason, fix, secret: wire.name, leak: true };
      }
      const slot = slotFor(wire, host);
      const wrong = spots.find((s) => !fits(s, slot, headers, wire.placeholder));
      if (wrong) {
        return {
          ok: false, secret: wire.name, leak: false,
          reason: `the secret ${wire.name} goes to ${host} only in ${describeSlot(slot)}, and this request carries its placeholder in ${wrong.where}`,
          fix: `send it in ${describeSlot(slot)}, or set "placement", "header" or "scheme" of ${wire.name} in \`clawdock.sandbox.grantedSecrets\``,
        };
      }
      for (const s of spots) {
        if (s.header !== undefined && s.basic) {
          const decoded = decodeBasic(headers[s.header]![1])!;
          headers[s.header]![1] = `Basic ${Buffer.from(decoded.split(wire.placeholder).join(wire.value), 'utf8').toString('base64')}`;
        } else if (s.header !== undefined && slot.placement === 'header') {
          headers[s.header]![1] = slot.scheme ? `${slot.scheme} ${wire.value}` : wire.value;
        } else if (s.query !== undefined) {
          path = replaceQueryValue(path, s.query, wire.placeholder, wire.value);
        }
      }
      injected.push(wire.name);
    }
    return { ok: true, path, headers, injected };
  }

  /** Every place the placeholder sits in the head (any case for the leak check, exact for the swap). */
  private spots(h: Held, path: string, headers: readonly [string, string][]): Spot[] {
    const spots: Spot[] = [];
    const q = path.indexOf('?');
    const pathPart = q < 0 ? path : path.slice(0, q);
    if (safeDecode(pathPart).toLowerCase().includes(h.lower)) spots.push({ where: 'the URL path' });
    if (q >= 0) {
      for (const pair of path.slice(q + 1).split('&')) {
        const eq = pair.indexOf('=');
        const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
        const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
        if (key.toLowerCase().includes(h.lower)) spots.push({ where: 'a query parameter name' });
        if (value.toLowerCase().includes(h.lower)) spots.push({ where: `the query parameter ${JSON.stringify(key.slice(0, 64))}`, query: value === h.wire.placeholder ? key : '\0' });
      }
    }
    headers.forEach(([name, value], i) => {
      if (name.toLowerCase().includes(h.lower)) spots.push({ where: 'a header name' });
      if (value.toLowerCase().includes(h.lower)) spots.push({ where: `the ${name.slice(0, 64)} header`, header: i });
      const basic = /^authorization$/i.test(name) ? decodeBasic(value) : undefined;
      if (basic?.toLowerCase().includes(h.lower)) {
        const colon = basic.indexOf(':');
        const inPassword = colon >= 0 && basic.slice(colon + 1) === h.wire.placeholder;
        spots.push({ where: inPassword ? 'the password of Basic credentials' : 'Basic credentials (not as the password)', header: i, basic: inPassword });
      }
    });
    return spots;
  }
}

/** True when a spot is exactly where the slot puts the value. */
function fits(spot: Spot, slot: SecretSlot, headers: readonly [string, string][], placeholder: string): boolean {
  switch (slot.placement) {
    case 'header': {
      if (spot.header === undefined || spot.basic !== undefined) return false;
      const [name, value] = headers[spot.header]!;
      // The whole value is rewritten to the slot's form: only the placeholder, with or without a scheme word before it, qualifies.
      const words = value.trim().split(/[ \t]+/);
      return name.toLowerCase() === slot.header.toLowerCase() && words.length <= 2 && words[words.length - 1] === placeholder;
    }
    case 'basic':
      return spot.basic === true;
    case 'query':
      return spot.query !== undefined && spot.query !== '\0' && (slot.param === undefined || slot.param === spot.query);
  }
}

function replaceQueryValue(path: string, key: string, placeholder: string, value: string): string {
  const q = path.indexOf('?');
  const pairs = path.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0 || safeDecode(pair.slice(0, eq)) !== key || safeDecode(pair.slice(eq + 1)) !== placeholder) return pair;
    return `${pair.slice(0, eq)}=${encodeURIComponent(value)}`;
  });
  return `${path.slice(0, q)}?${pairs.join('&')}`;
}
