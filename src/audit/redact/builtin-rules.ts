import { contextRules } from './context-rules';
import type { RedactionRule } from './redaction-rule';
import { VENDOR_RULES } from './vendor-rules';

/** Our own rules, fast and synchronous, covering what secretlint misses (NOTES.md, "Finding secrets"). */
export function builtinRules(options: { highEntropy?: boolean } = {}): RedactionRule[] {
  return [...contextRules(options.highEntropy !== false), ...VENDOR_RULES];
}
