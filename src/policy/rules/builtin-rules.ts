import type { RuleSpec } from './rule';
import { BUILTIN_READ_ONLY_RULES } from './builtin-read-only-rules';
import { BUILTIN_ASK_RULES } from './builtin-ask-rules';
import { BUILTIN_DENY_RULES } from './builtin-deny-rules';

/** Every built-in rule: inspection allowed, destructive asked, dangerous denied. */
export const BUILTIN_RULES: readonly RuleSpec[] = [...BUILTIN_READ_ONLY_RULES, ...BUILTIN_ASK_RULES, ...BUILTIN_DENY_RULES];
