import type { CallerProfile } from '../../core/caller';
import type { ToolKind } from '../tools/tool-definition';
import type { Finding, Verdict } from '../verdict';

/**
 * What the caller's profile adds (DESIGN.md, one rulebook): the owner gets every
 * tool; a paired chat caller gets every tool but writes and commands ask; group
 * and read-only callers get read tools and read-only commands only.
 */
export function profileFindings(profile: CallerProfile, kind: ToolKind, verdict: Verdict, readOnly: boolean): Finding[] {
  const rule = `profile:${profile}`;
  switch (profile) {
    case 'owner':
      return [];
    case 'paired':
      if (kind !== 'read' && verdict === 'allow') {
        return [{ verdict: 'ask', rule, source: 'profile', reason: 'a paired chat caller needs the owner\'s approval for commands and file changes' }];
      }
      return [];
    case 'group':
    case 'readonly':
      if (kind === 'write') return [{ verdict: 'deny', rule, source: 'profile', reason: `a ${profile} caller may not change files` }];
      if (kind === 'exec' && !readOnly) {
        return [{ verdict: 'deny', rule, source: 'profile', reason: `a ${profile} caller may only run read-only commands (ls, cat, grep, git status …) with nothing that asks` }];
      }
      return [];
  }
}
