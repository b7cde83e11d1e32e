import type { ToolCall } from '../tools/tool-definition';
import type { Finding } from '../verdict';
import type { PathRules } from './path-rules';
import { globAimsAtSecrets } from '../paths/secret-globs';

/**
 * How the sandbox sees the workspace (`clawdock.sandbox.workspaceAccess`):
 * `shadow` — a private layer; nothing reaches the folder until the person
 * accepts it from the change set; `rw` — the folder itself; `ro` — read-only.
 */
export type WorkspaceAccess = 'shadow' | 'rw' | 'ro';

/** What a file tool's decision depends on beyond its paths. */
export interface FileToolContext {
  readonly access: WorkspaceAccess;
  /** The owner in `ask-risky` mode: the only caller whose writes may go through without asking. */
  readonly ownerAskRisky: boolean;
  /** `policy.autoApproveEdits` (user settings), with a `rw` workspace. */
  readonly autoApproveEdits: boolean;
}

/**
 * Findings for a read or write tool. Reads: read-deny globs refuse. Writes: in
 * `shadow` the owner's writes go to the layer without asking (protected paths
 * too, held there for their own approval); in `rw` every write asks (protected
 * paths always); in `ro` writes are refused.
 */
export function evaluateFileTool(call: ToolCall, paths: PathRules, context: FileToolContext): Finding[] {
  const findings: Finding[] = [];
  const shadow = context.access === 'shadow' && context.ownerAskRisky;
  for (const p of call.paths) {
    const denied = paths.readDeny.match(p.relative);
    if (call.kind === 'read') {
      if (denied) findings.push({ verdict: 'deny', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `${p.relative} matches the read-deny glob ${denied.glob}: secrets stay out of the model's context; ask the person for what you need from it` });
      continue;
    }
    const prot = paths.protectedPaths.match(p.relative);
    if (prot && shadow) {
      findings.push({ verdict: 'allow', rule: `protectedPaths:${prot.glob}`, source: prot.source, reason: `${p.relative} is a protected path (${prot.glob}) that the editor or git runs or trusts: it is written into the shadow layer and held for your separate approval in the change set` });
    } else if (prot) {
      findings.push({ verdict: 'ask', rule: `protectedPaths:${prot.glob}`, source: prot.source, reason: `${p.relative} is a protected path (${prot.glob}) that the editor or git runs or trusts; changes always need approval` });
    }
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
  if (context.access === 'ro') {
    findings.push({ verdict: 'deny', rule: 'workspace-read-only', source: 'builtin', reason: `${call.tool} changes ${target}, but the workspace is read-only for this sandbox; set clawdock.sandbox.workspaceAccess to "shadow" or "rw" to let the agent change files` });
  } else if (shadow) {
    findings.push({ verdict: 'allow', rule: 'shadow-layer', source: 'builtin', reason: `${call.tool} changes ${target}: writes go to the sandbox's shadow layer; nothing reaches your folder until you accept it in the change set` });
  } else if (context.autoApproveEdits && context.ownerAskRisky && findings.length === 0) {
    findings.push({ verdict: 'allow', rule: 'autoApproveEdits', source: 'user', reason: `${call.tool} changes ${target}; edits are approved automatically (policy.autoApproveEdits)` });
  } else {
    findings.push({ verdict: 'ask', rule: 'file-change', source: 'builtin', reason: `${call.tool} changes ${target}; file changes need approval` });
  }
  return findings;
}
