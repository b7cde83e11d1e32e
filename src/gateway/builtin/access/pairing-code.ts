// Pairing codes: 8 characters from an alphabet without the look-alikes 0/O
// and 1/I, so a code read off a phone and typed into a terminal survives.
import { randomInt } from 'node:crypto';

/** 32 letters and digits: no 0, O, 1 or I. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;

/** A fresh code not in `taken` (crypto-random, uniform over the alphabet). */
export function newPairingCode(taken: ReadonlySet<string>, random: (max: number) => number = randomInt): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[random(PAIRING_ALPHABET.length)];
    if (!taken.has(code)) return code;
  }
}

/** The canonical form of a code someone typed (case and spaces ignored), or undefined when it cannot be one. */
export function normalizePairingCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== PAIRING_CODE_LENGTH) return undefined;
  for (const c of code) if (!PAIRING_ALPHABET.includes(c)) return undefined;
  return code;
}
