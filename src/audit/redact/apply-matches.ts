import { maskSecret } from './mask';
import type { SecretMatch } from './redaction-rule';

/** Sorts matches and merges overlapping ones, so each secret is masked once and whole. */
export function mergeMatches(matches: SecretMatch[]): SecretMatch[] {
  if (matches.length <= 1) return matches;
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretMatch[] = [];
  for (const m of matches) {
    const last = merged[merged.length - 1];
    if (last && m.start < last.end) {
      if (m.end > last.end) merged[merged.length - 1] = { ...last, end: m.end };
    } else {
      merged.push(m);
    }
  }
  return merged;
}

/** Replaces each match with its mask. */
export function applyMatches(text: string, matches: readonly SecretMatch[]): string {
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + (m.replacement ?? maskSecret(text.slice(m.start, m.end), m.keep));
    at = m.end;
  }
  return out + text.slice(at);
}
