import type { RuleSpec } from './rule';

/**
 * Turns one `approvalPatterns` entry into an `ask` rule. An entry is shell-like
 * words (`git push`, `npm run deploy*` — quotes group words, `*`/`**`/`/regex/`
 * as in rules) or a single `/regex/` tested against the whole sub-command line.
 */
export function approvalPatternRule(entry: string, id: string): RuleSpec {
  const trimmed = entry.trim();
  const reason = `matches the approval pattern ${JSON.stringify(trimmed)}`;
  if (/^\/.+\/[imsu]*$/s.test(trimmed)) return { id, pattern: [trimmed], decision: 'ask', reason, line: true };
  const words = splitPatternWords(trimmed).map((w) => (w.endsWith('*') && w.length > 1 && !w.startsWith('/') ? `/^${escapeRegex(w.slice(0, -1))}/` : w));
  return { id, pattern: words, decision: 'ask', reason };
}

/** Splits on whitespace, honouring single and double quotes. */
export function splitPatternWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function escapeRegex(text: string): string {
  return text.replace(/[[\]\\^$.|?*+(){}/]/g, '\\$&');
}
