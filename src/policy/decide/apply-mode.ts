import type { PolicyMode } from '../settings/policy-settings';
import type { ToolKind } from '../tools/tool-definition';
import type { DecisionSource, Finding, Verdict } from '../verdict';

/** What the mode adds: ask-all asks for everything, read-only refuses writes and non-read-only commands. */
export function modeFindings(mode: PolicyMode, modeSource: DecisionSource, kind: ToolKind, verdict: Verdict, readOnly: boolean): Finding[] {
  const rule = `mode:${mode}`;
  // The mode is a setting; a built-in default mode still reads best as the mode layer.
  const source: DecisionSource = modeSource === 'builtin' ? 'mode' : modeSource;
  switch (mode) {
    case 'ask-risky':
    case 'dry-run':
      return [];
    case 'ask-all':
      return verdict === 'allow' ? [{ verdict: 'ask', rule, source: 'mode', reason: `policy.mode is ask-all (set in ${source} settings): every tool call needs approval` }] : [];
    case 'read-only':
      if (kind === 'write') return [{ verdict: 'deny', rule, source: 'mode', reason: `policy.mode is read-only (set in ${source} settings): no file changes` }];
      if (kind === 'exec' && !readOnly) return [{ verdict: 'deny', rule, source: 'mode', reason: `policy.mode is read-only (set in ${source} settings): only read-only commands run` }];
      return [];
  }
}
