import type { RuleSpec } from './rule';
import { BUILTIN_ASK_RULES } from './builtin-ask-rules';
import { BUILTIN_DENY_RULES } from './builtin-deny-rules';

/**
 * Every built-in rule: destructive commands asked, dangerous ones denied. There
 * are no built-in allow rules: what runs without asking is decided by program
 * grammars (`grammar/`), which allow only what they understand word by word.
 */
export const BUILTIN_RULES: readonly RuleSpec[] = [...BUILTIN_ASK_RULES, ...BUILTIN_DENY_RULES];
