// `clawdock secrets …`: the encrypted vault from a terminal. Values come only
// from standard input (an argument would land in shell history and `ps`), and
// are never printed.
import { UsageError } from '../core/errors';
import { invalidSecretName } from '../secrets';
import { parseArgs } from './args';
import { EXIT, type CliIo } from './io';
import { cliVault } from './secret-file';

export const SECRETS_USAGE = `  clawdock secrets set NAME            (the value is read from standard input)
  clawdock secrets list [--json]
  clawdock secrets remove NAME`;

const MAX_VALUE_BYTES = 64 * 1024;

/** `clawdock secrets …`: returns the exit code. */
export async function runSecretsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...tail] = argv;
  const args = parseArgs(tail, [], ['json']);
  const vault = cliVault(io.env);
  const name = (): string => {
    const [n, ...extra] = args.positionals;
    if (n === undefined) throw new UsageError(`secrets ${sub} needs a NAME (e.g. telegram.bot)`);
    if (extra.length > 0) throw new UsageError(`secrets ${sub} takes one NAME; the value is read from standard input, never from an argument`);
    const why = invalidSecretName(n);
    if (why) throw new UsageError(`${JSON.stringify(n)}: ${why}`);
    return n;
  };
  switch (sub) {
    case 'set': {
      const n = name();
      const stdin = io.stdin as NodeJS.ReadableStream & { isTTY?: boolean };
      if (stdin.isTTY) io.stderr(`Type the value of ${n}, then Enter and Ctrl-D:\n`);
      const value = stripOneNewline(await readAll(stdin));
      if (value === '') throw new UsageError(`no value on standard input for ${n}: printf %s "$VALUE" | clawdock secrets set ${n}`);
      vault.set(n, value);
      io.stderr(`clawdock: stored ${n} in ${vault.file} (encrypted)\n`);
      return EXIT.ok;
    }
    case 'list': {
      const names = vault.names();
      if (args.flags.has('json')) io.stdout(`${JSON.stringify(names)}\n`);
      else io.stdout(names.length === 0 ? 'no secrets\n' : names.map((n) => `${n}  ********\n`).join(''));
      return EXIT.ok;
    }
    case 'remove': {
      const n = name();
      if (!vault.remove(n)) {
        io.stderr(`clawdock: there is no secret ${n}\n`);
        return EXIT.failure;
      }
      io.stderr(`clawdock: removed ${n}\n`);
      return EXIT.ok;
    }
    case undefined:
    case 'help':
      io.stdout(`usage:\n${SECRETS_USAGE}\n\nThe vault is $CLAWDOCK_HOME/secrets.vault (AES-256-GCM); its key comes from CLAWDOCK_SECRETS_PASSPHRASE, else the OS keychain.\n`);
      return sub === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(`unknown secrets command ${JSON.stringify(sub)}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_VALUE_BYTES) throw new UsageError(`a secret's value is at most ${MAX_VALUE_BYTES} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function stripOneNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}
