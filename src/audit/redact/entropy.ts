/** Shannon entropy in bits per character: about 4+ for random base64/hex, under 3 for words. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Looks like a random credential rather than a word, a path or a number:
 * long enough, varied enough, and mixing character classes.
 */
export function looksRandom(value: string, minLength = 16, minBits = 3.2): boolean {
  if (value.length < minLength) return false;
  if (!/^[A-Za-z0-9+/=_.~-]+$/.test(value)) return false;
  const classes = Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/[0-9]/.test(value));
  if (classes < 2) return false;
  return shannonEntropy(value) >= minBits;
}
