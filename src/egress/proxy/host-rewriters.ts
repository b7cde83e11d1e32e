import type { Socket } from 'node:net';

/** The head of a plain HTTP request on its way to a host. */
export interface RequestHead {
  readonly method: string;
  readonly path: string;
  readonly headers: [string, string][];
  readonly commandId: string;
}

/** Why a rewriter refused something: the command's and the audit's words, and the secret whose placeholder was leaking. */
export interface RewriteRefusal {
  readonly refuse: string;
  readonly fix?: string;
  /** The bound secret whose placeholder was on its way where it is not bound. */
  readonly leak?: string;
}

/** How a tunnel that a rewriter took over ended, for its audit line. */
export interface TunnelOutcome {
  /** Refused (the tunnel's line says `refused` with this reason). */
  readonly refused?: string;
  readonly leak?: string;
  /** What went wrong on an allowed tunnel (the client refused the certificate, the host could not be reached). */
  readonly note?: string;
  /** Bound secrets put into its requests. */
  readonly secrets?: readonly string[];
  /** Bytes to and from the host over every upstream connection the tunnel used. */
  readonly bytesUp?: number;
  readonly bytesDown?: number;
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
  /** A new connection to the tunnel's vetted address (no second lookup), for a kept-alive client that outlives the first. */
  redial(): Promise<Socket>;
  /** Ends the tunnel (both sides) and writes its one audit line. */
  end(outcome?: TunnelOutcome): void;
  /** Audits one refused request inside the tunnel (the tunnel itself goes on). */
  auditRefusal(refusal: RewriteRefusal): void;
}

/** What a host's rewriter does to its traffic. */
export interface HostRewriter {
  /** Rewrites a plain HTTP request's headers, or refuses it (a secret's placeholder sent to the wrong host). */
  rewriteRequest?(head: RequestHead): { readonly headers: [string, string][]; readonly secrets?: readonly string[] } | RewriteRefusal;
  /** Looks at a tunnel's first client bytes once they passed the SNI / Host check; a refusal closes it. */
  checkTunnelStart?(head: Buffer): RewriteRefusal | undefined;
  /** Takes a tunnel over (terminates TLS to put a secret into each request) and returns true, or leaves it to be piped. */
  interceptTunnel?(tunnel: TunnelHandover): boolean;
}

/**
 * Issue 16's seam: secrets bound to hosts are put into requests here, and
 * their placeholders are kept from every other host.
 */
export interface HostRewriters {
  /** Refuses a target whose very name carries a placeholder (before anything is resolved). */
  checkTarget?(rawHost: string): RewriteRefusal | undefined;
  /** The rewriter for a canonical host name, or undefined to pass its traffic through. */
  forHost(name: string): HostRewriter | undefined;
}
