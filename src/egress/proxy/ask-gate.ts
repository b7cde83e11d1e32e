/** How the owner answered a question about a domain. */
export type AskAnswer = 'once' | 'session' | 'always' | 'deny';

/** Asks the owner about a domain on behalf of a command; the host side wires it to the approval queue. */
export type AskOwner = (domain: string, commandId: string) => Promise<AskAnswer>;

/** The outcome the proxy acts on. */
export type AskOutcome = { readonly allowed: true; readonly rule: string } | { readonly allowed: false; readonly reason: string };

/**
 * Turns an unknown domain into one question for the owner: connections from
 * the same command to the same domain wait on the same question; `session`
 * and `always` allow the domain for the rest of this proxy's life; no answer
 * within the deadline, an error or anything unexpected is a refusal.
 */
export class AskGate {
  /** Domains the owner allowed for this session (read by the host decision). */
  readonly sessionAllowed = new Set<string>();
  private readonly pending = new Map<string, Promise<AskOutcome>>();

  constructor(
    private readonly askOwner: AskOwner | undefined,
    private readonly timeoutMs: number,
  ) {}

  ask(domain: string, commandId: string): Promise<AskOutcome> {
    const key = `${domain}\u0000${commandId}`;
    let outcome = this.pending.get(key);
    if (!outcome) {
      outcome = this.askOnce(domain, commandId).finally(() => this.pending.delete(key));
      this.pending.set(key, outcome);
    }
    return outcome;
  }

  private async askOnce(domain: string, commandId: string): Promise<AskOutcome> {
    if (!this.askOwner) return { allowed: false, reason: `${domain} is not allowed and nobody can be asked here` };
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), this.timeoutMs)));
    try {
      const answer = await Promise.race([this.askOwner(domain, commandId), expired]);
      switch (answer) {
        case 'once':
          return { allowed: true, rule: 'allowed once by the owner' };
        case 'session':
        case 'always':
          this.sessionAllowed.add(domain);
          return { allowed: true, rule: answer === 'always' ? 'allowed always by the owner' : 'allowed by the owner for this session' };
        case 'expired':
          return { allowed: false, reason: `the owner did not answer about ${domain} in time (the question expired)` };
        default:
          return { allowed: false, reason: `the owner refused ${domain}` };
      }
    } catch (err) {
      return { allowed: false, reason: `asking the owner about ${domain} failed: ${(err as Error).message}` };
    } finally {
      clearTimeout(timer);
    }
  }
}
