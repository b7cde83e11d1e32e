import { applyMatches } from './apply-matches';
import type { SecretMatch } from './redaction-rule';

/**
 * Longest single-line match the built-in rules can produce (their quantifiers
 * are bounded), and so how much of an unfinished line must be held back for a
 * secret split across chunks to be seen whole.
 */
export const MAX_SINGLE_LINE_MATCH = 8192;
/** A private key block is held back from its BEGIN line until its END line, up to this size. */
const MAX_KEY_BLOCK_HOLD = 20_000;
/** Whatever happens, a stream never holds more than this; past it, text goes out (masked as far as known). */
const HARD_CARRY_CAP = 64 * 1024;
/**
 * How much of what already went out is kept as context: a known value spread
 * over lines that left at different times (printed a few characters at a
 * time, or one per line) is masked from where it reaches the new text.
 */
const CONTEXT = 512;

/** Redacts a stream chunk by chunk; what `push` holds back comes out on a later `push` or on `flush`. */
export interface StreamRedactor {
  /** Takes the next chunk; returns the redacted text that is safe to emit now (may be empty). */
  push(chunk: string): string;
  /** Ends the stream (or a pause in it): returns everything held back, redacted. */
  flush(): string;
  /** How many characters are held back right now. */
  readonly pending: number;
}

/** Tuning for tests and unusual streams. */
export interface StreamRedactorOptions {
  /** How much of an unfinished line to hold back; at least the longest secret to catch. */
  readonly carry?: number;
}

/**
 * Complete lines go out as soon as they arrive (secrets other than key blocks
 * never span lines), so output stays live; an unfinished line is held back up
 * to `carry` characters, a key block until its END line. The cut never falls
 * inside a secret. Memory stays bounded by HARD_CARRY_CAP whatever comes in.
 */
export function createStreamRedactor(
  find: (text: string, context: string) => SecretMatch[],
  options: StreamRedactorOptions = {},
): StreamRedactor {
  const carryLimit = Math.max(256, options.carry ?? MAX_SINGLE_LINE_MATCH);
  let carry = '';
  let sent = '';
  const out = (text: string, matches: readonly SecretMatch[]): string => {
    sent = text.length >= CONTEXT ? text.slice(-CONTEXT) : (sent + text).slice(-CONTEXT);
    return applyMatches(text, matches);
  };
  return {
    get pending() {
      return carry.length;
    },
    push(chunk: string): string {
      if (chunk.length === 0) return '';
      const buf = carry + chunk;
      let cut = Math.max(buf.lastIndexOf('\n'), buf.lastIndexOf('\r')) + 1;
      if (buf.length - cut > carryLimit) cut = buf.length - carryLimit;
      const keyBlock = openKeyBlockStart(buf);
      if (keyBlock !== -1 && keyBlock < cut && buf.length - keyBlock <= MAX_KEY_BLOCK_HOLD) cut = keyBlock;
      if (cut <= 0 && buf.length <= HARD_CARRY_CAP) {
        carry = buf;
        return '';
      }
      const matches = find(buf, sent);
      const straddling = matches.find((m) => m.start < cut && m.end > cut);
      let emit = matches.filter((m) => m.end <= cut);
      if (straddling) {
        if (buf.length - straddling.start <= HARD_CARRY_CAP) {
          cut = straddling.start;
        } else {
          // Fail closed: mask the part of the secret that has to go out now.
          emit = [...emit, { ...straddling, end: cut }];
        }
      }
      if (cut <= 0) {
        carry = buf;
        return '';
      }
      carry = buf.slice(cut);
      return out(buf.slice(0, cut), emit);
    },
    flush(): string {
      const rest = carry;
      carry = '';
      return rest ? out(rest, find(rest, sent)) : '';
    },
  };
}

/** Where an unfinished private key block begins in `text`, or -1. */
function openKeyBlockStart(text: string): number {
  const at = text.lastIndexOf('-----BEGIN');
  if (at === -1) return -1;
  const header = text.slice(at, at + 64);
  if (!/^-----BEGIN[A-Z0-9 ]{0,30}PRIVATE KEY/.test(header) && header.length >= 48) return -1;
  // Complete only once the whole END line is in: a partial one would let the block out in two pieces.
  return KEY_BLOCK_END.test(text.slice(at)) ? -1 : at;
}

const KEY_BLOCK_END = /-----END[A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----/;
