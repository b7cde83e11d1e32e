// `clawdock pairing …`: the owner's side of pairing. The gateway reads the
// store on every message, so an approval or a revocation takes effect at the
// sender's next message, with no restart.
import { UsageError } from '../core/errors';
import { PairingStore } from '../gateway/builtin/access/pairing-store';
import { visible } from '../policy';
import { flagString, parseArgs } from './args';
import { clawdockHome } from './cli-settings';
import { EXIT, type CliIo } from './io';

export const PAIRING_USAGE = `  clawdock pairing list [--provider P] [--json]
  clawdock pairing approve --provider P CODE
  clawdock pairing revoke --provider P SENDER`;

const PROVIDERS = ['telegram'] as const;

/** `clawdock pairing …`: returns the exit code. */
export async function runPairingCommand(argv: readonly string[], io: CliIo, now: () => number = Date.now): Promise<number> {
  const [sub, ...tail] = argv;
  const args = parseArgs(tail, ['provider'], ['json']);
  const provider = flagString(args, 'provider');
  if (provider !== undefined && !(PROVIDERS as readonly string[]).includes(provider)) throw new UsageError(`--provider must be one of: ${PROVIDERS.join(', ')}`);
  const store = (p: string) => new PairingStore({ home: clawdockHome(io.env), provider: p, now });
  const one = (what: string): string => {
    if (provider === undefined) throw new UsageError(`pairing ${sub} needs --provider (${PROVIDERS.join(', ')})`);
    const [value, ...extra] = args.positionals;
    if (value === undefined || extra.length > 0) throw new UsageError(`pairing ${sub} takes one ${what}`);
    return value;
  };
  switch (sub) {
    case 'list': {
      const lists = (provider ? [provider] : [...PROVIDERS]).map((p) => ({ provider: p, ...store(p).list() }));
      if (args.flags.has('json')) {
        io.stdout(`${JSON.stringify(lists)}\n`);
        return EXIT.ok;
      }
      const lines: string[] = [];
      for (const l of lists) {
        for (const p of l.pending) lines.push(`${l.provider}  pending   ${p.code}  ${p.senderId}  ${visible(p.name ?? '')}  expires ${new Date(p.expiresAt).toISOString().slice(0, 16).replace('T', ' ')}`);
        for (const a of l.approved) lines.push(`${l.provider}  approved  ${a.senderId}  ${visible(a.name ?? '')}  since ${new Date(a.approvedAt).toISOString().slice(0, 10)}`);
      }
      io.stdout(lines.length === 0 ? 'no pending or approved senders\n' : `${lines.join('\n')}\n`);
      return EXIT.ok;
    }
    case 'approve': {
      const approved = store(provider ?? '').approve(one('CODE'));
      io.stdout(`approved ${approved.senderId}${approved.name ? ` (${visible(approved.name)})` : ''} on ${provider}: their next message reaches the agent (paired profile: every command asks you)\n`);
      return EXIT.ok;
    }
    case 'revoke': {
      const sender = one('SENDER');
      if (!store(provider ?? '').revoke(sender)) {
        io.stderr(`clawdock: ${sender} is neither approved nor pending on ${provider}\n`);
        return EXIT.failure;
      }
      io.stdout(`revoked ${sender} on ${provider}\n`);
      return EXIT.ok;
    }
    case undefined:
    case 'help':
      io.stdout(`usage:\n${PAIRING_USAGE}\n`);
      return sub === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(`unknown pairing command ${JSON.stringify(sub)}`);
  }
}
