import type { Socket } from 'node:net';

/** The head of a plain HTTP request on its way to a host. */
export interface RequestHead {
  readonly method: string;
  readonly path: string;
  readonly headers: [string, string][];
  readonly commandId: string;
}

/** A tunnel to a host whose first bytes passed the SNI / Host check, handed over whole. */
export interface TunnelHandover {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Client bytes already read (the ClientHello or request head), not yet sent upstream. */
  readonly head: Buffer;
  readonly name: string;
  readonly port: number;
  readonly commandId: string;
}

/** What a host's rewriter does to its traffic. */
export interface HostRewriter {
  /** Rewrites a plain HTTP request's headers, or refuses it (a secret's placeholder sent to the wrong host). */
  rewriteRequest?(head: RequestHead): { readonly headers: [string, string][] } | { readonly refuse: string; readonly fix?: string };
  /** Takes a tunnel over (issue 16: terminate TLS with the sandbox's CA and rewrite each request inside). */
  interceptTunnel?(tunnel: TunnelHandover): void;
}

/**
 * Issue 16's seam: secrets bound to hosts are put into requests here. Today no
 * rewriter is installed and every host's traffic passes through untouched.
 */
export interface HostRewriters {
  /** The rewriter for a canonical host name, or undefined to pass its traffic through. */
  forHost(name: string): HostRewriter | undefined;
}
