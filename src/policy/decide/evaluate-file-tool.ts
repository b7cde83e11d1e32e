import type { ToolCall } from '../tools/tool-definition';
import type { Finding } from '../verdict';
import type { PathRules } from './path-rules';
import { globAimsAtSecrets } from '../paths/secret-globs';

/** Findings for a read or write tool: read-deny globs refuse reads; every write asks, protected paths always. */
export function evaluateFileTool(call: ToolCall, paths: PathRules, autoApproveEdits: boolean): Finding[] {
  const findings: Finding[] = [];
  for (const p of call.paths) {
    const denied = paths.readDeny.match(p.relative);
    if (call.kind === 'read') {
      if (denied) findings.push({ verdict: 'deny', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `${p.relative} matches the read-deny glob ${denied.glob}: secrets stay out of the model's context; ask the person for what you need from it` });
      continue;
    }
    const prot = paths.protectedPaths.match(p.relative);
    if (prot) findings.push({ verdict: 'ask', rule: `protectedPaths:${prot.glob}`, source: prot.source, reason: `${p.relative} is a protected path (${prot.glob}) that the editor or git runs or trusts; changes always need approval` });
    if (denied) findings.push({ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `${p.relative} matches the read-deny glob ${denied.glob} (a secrets file)` });
  }
  const glob = (call.args as { glob?: unknown }).glob;
  if (call.kind === 'read' && typeof glob === 'string' && globAimsAtSecrets(glob)) {
    findings.push({ verdict: 'deny', rule: 'readDeny:glob-argument', source: 'builtin', reason: `the glob ${glob} picks out secret files (such as .env or keys), which stay out of the model's context` });
  }
  if (call.kind === 'read') {
    if (findings.length === 0) findings.push({ verdict: 'allow', rule: 'read-tool', source: 'builtin', reason: `${call.tool} only reads inside /workspace` });
    return findings;
  }
  const target = call.paths.map((p) => p.relative).join(', ');
  if (autoApproveEdits && findings.length === 0) {
    findings.push({ verdict: 'allow', rule: 'autoApproveEdits', source: 'user', reason: `${call.tool} changes ${target}; edits are approved automatically (policy.autoApproveEdits)` });
  } else {
    findings.push({ verdict: 'ask', rule: 'file-change', source: 'builtin', reason: `${call.tool} changes ${target}; file changes need approval` });
  }
  return findings;
}
