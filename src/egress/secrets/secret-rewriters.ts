import type { HostRewriter, HostRewriters, RewriteRefusal } from '../proxy/host-rewriters';
import { looksLikeTls } from '../proxy/client-hello';
import type { CertificateAuthority } from '../tls/certificate-authority';
import { TlsTerminator } from '../tls/tls-terminator';
import type { SecretBindingWire } from './secret-binding';
import { SecretSwap } from './secret-swap';

/** What the proxy's secret rewriters need. */
export interface SecretRewritersOptions {
  /** The sandbox's CA: its leaves are what a secret's host looks like from inside. */
  readonly ca: CertificateAuthority;
  /** Tests only: roots the proxy trusts for the real hosts besides the usual ones. */
  readonly upstreamCa?: readonly string[];
}

/**
 * The proxy's side of secrets bound to hosts (issue 16), behind the
 * `HostRewriters` seam. For a secret's host: TLS is terminated with a leaf
 * from the sandbox's CA and the secret swapped into each request (plain HTTP
 * never gets it). For every other host, while any secret is bound: a request
 * or a tunnel whose visible bytes carry a placeholder is refused and audited
 * as an attempted leak; TLS passes through untouched. With no secret bound,
 * nothing here runs.
 */
export class SecretRewriters implements HostRewriters {
  private readonly swap = new SecretSwap();
  private values: string[] = [];
  private readonly terminator: TlsTerminator;

  constructor(options: SecretRewritersOptions) {
    this.terminator = new TlsTerminator({
      ca: options.ca,
      rewrite: (head, host) => this.swap.swap(head, host),
      values: () => this.values,
      ...(options.upstreamCa ? { upstreamCa: options.upstreamCa } : {}),
    });
  }

  /** The bindings now (new connections use them; open ones too, request by request). */
  setBindings(bindings: readonly SecretBindingWire[]): void {
    this.swap.set(bindings);
    this.values = bindings.map((b) => b.value);
  }

  checkTarget(rawHost: string): RewriteRefusal | undefined {
    const wire = this.swap.placeholderIn(rawHost);
    if (!wire) return undefined;
    const { reason, fix } = this.swap.leakReason(wire, 'a host whose name carries it', 'the host name');
    return { refuse: reason, fix, leak: wire.name };
  }

  forHost(name: string): HostRewriter | undefined {
    if (this.swap.size === 0) return undefined;
    const secretHost = this.swap.isSecretHost(name);
    return {
      rewriteRequest: (head) => {
        const r = this.swap.swap(head, name);
        if (!r.ok) return { refuse: r.reason, fix: r.fix, ...(r.leak ? { leak: r.secret } : {}) };
        // Plain HTTP crosses the network in the clear: a secret is only ever sent over TLS.
        if (r.injected.length > 0) return { refuse: `the secret ${r.injected.join(', ')} is only sent over TLS, and this is a plain http:// request to ${name}`, fix: `use https://${name}` };
        return { headers: r.headers };
      },
      checkTunnelStart: (head) => {
        if (looksLikeTls(head)) return undefined;
        // Not TLS: the first bytes are all the proxy sees; a placeholder there goes nowhere.
        const text = head.toString('latin1');
        const wire = this.swap.placeholderIn(text);
        if (!wire) return undefined;
        if (this.swap.covers(wire, name)) {
          return { refuse: `the secret ${wire.name} is only sent over TLS, and this tunnel to ${name} is not TLS`, fix: `use https://${name}` };
        }
        const { reason, fix } = this.swap.leakReason(wire, name, 'the first bytes of a tunnel');
        return { refuse: reason, fix, leak: wire.name };
      },
      ...(secretHost
        ? {
            interceptTunnel: (tunnel) => {
              if (!looksLikeTls(tunnel.head)) return false;
              this.terminator.take(tunnel);
              return true;
            },
          }
        : {}),
    };
  }
}
