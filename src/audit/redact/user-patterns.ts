import { ConfigError } from '../../core/errors';
import type { RedactionRule } from './redaction-rule';

/** The setting user patterns come from; named in errors so the fix is obvious. */
export const USER_PATTERNS_SETTING = 'redaction.patterns';

/**
 * Compiles the user's extra patterns (`"regex"` or `"/regex/flags"`) into
 * rules. A pattern may name its secret part `(?<s>…)` and what precedes it
 * `(?<p>…)`; otherwise the whole match is masked. A pattern that does not
 * compile, or matches the empty string, is refused: a silently dropped pattern
 * would leak what the user meant to hide.
 */
export function compileUserPatterns(patterns: readonly (string | RegExp)[]): RedactionRule[] {
  return patterns.map((raw, i) => {
    const pattern = toGlobalRegExp(raw, i);
    if (new RegExp(pattern.source, pattern.flags.replace('g', '')).test('')) {
      throw new ConfigError(USER_PATTERNS_SETTING, `pattern ${i + 1} (${String(raw)}) matches empty text`, 'make it match at least one character');
    }
    return { id: `user-pattern-${i + 1}`, pattern };
  });
}

function toGlobalRegExp(raw: string | RegExp, i: number): RegExp {
  try {
    if (raw instanceof RegExp) return new RegExp(raw.source, raw.flags.includes('g') ? raw.flags : raw.flags + 'g');
    const slashed = /^\/(.+)\/([a-z]*)$/s.exec(raw);
    const source = slashed?.[1] ?? raw;
    const flags = (slashed?.[2] ?? '').replace(/[gy]/g, '');
    return new RegExp(source, flags + 'g');
  } catch (error) {
    throw new ConfigError(USER_PATTERNS_SETTING, `pattern ${i + 1} (${String(raw)}) is not a valid regular expression: ${(error as Error).message}`);
  }
}
