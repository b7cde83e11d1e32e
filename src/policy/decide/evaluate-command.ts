import { posix } from 'node:path';
import type { CommandAnalysis, Redirect, SubCommand } from '../command/command-analysis';
import { isLiteral } from '../command/word';
import type { RuleSet, SubcommandEvaluation } from '../rules/rule-set';
import { workspaceRelative } from '../tools/workspace-path';
import type { Finding, Verdict } from '../verdict';
import { mostRestrictive } from '../verdict';
import type { PathRules } from './path-rules';
import { globAimsAtSecrets } from '../paths/secret-globs';

/** How a whole command line fared: each sub-command against the rules, plus findings about the line. */
export interface CommandEvaluation {
  readonly analysis: CommandAnalysis;
  readonly subcommands: readonly SubcommandEvaluation[];
  /** Findings beyond rule matches: analysis (parse errors, wrappers …) and paths (redirects, secrets). */
  readonly findings: readonly Finding[];
  readonly verdict: Verdict;
  /** Only read-only commands, no redirections that write, nothing asked: what read-only profiles may run. */
  readonly readOnly: boolean;
}

// Redirect targets that are not files in any sense that matters.
const HARMLESS_TARGETS = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;
const DEVICE_TARGET = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|mapper\/|md\d|dm-|loop|mem$|kmem$|port$)/;
// Names a glob argument might expand to that read-deny globs cover: `cat *.pem`, `cat .e*`.


/** Judges an analysed command line: every sub-command must pass, and nothing about the line may ask more. */
export function evaluateCommand(analysis: CommandAnalysis, rules: RuleSet, paths: PathRules, cwd: string): CommandEvaluation {
  const subcommands = analysis.subcommands.map((s) => rules.evaluate(s));
  const findings: Finding[] = analysis.findings.map((f) => ({ verdict: f.verdict, rule: f.kind, source: 'builtin', reason: f.reason }));
  // `cd .git && echo x > config`: paths are checked from every directory the line may cd into.
  const cwds = [cwd, ...cdTargets(analysis.subcommands, cwd)];
  for (const dir of cwds) {
    for (const r of analysis.redirects) findings.push(...redirectFindings(r, paths, dir));
    subcommands.forEach((e) => findings.push(...argumentFindings(e.subcommand, e.readOnly, paths, dir)));
  }
  dedupe(findings);
  if (analysis.subcommands.length === 0 && findings.length === 0) {
    findings.push({ verdict: 'allow', rule: 'empty', source: 'builtin', reason: 'runs no command' });
  }
  const verdict = mostRestrictive(...subcommands.map((e) => e.verdict), ...findings.map((f) => f.verdict));
  const readOnly = verdict === 'allow' && subcommands.every((e) => e.readOnly) && !analysis.redirects.some((r) => r.write && !HARMLESS_TARGETS.test(r.target.value));
  return { analysis, subcommands, findings, verdict, readOnly };
}

function cdTargets(subcommands: readonly SubCommand[], cwd: string): string[] {
  const out = new Set<string>();
  for (const s of subcommands) {
    const [name, target] = s.words;
    if ((name?.value === 'cd' || name?.value === 'pushd') && target && isLiteral(target) && !target.value.startsWith('-')) {
      const dir = posix.resolve(cwd, target.value);
      if (dir !== cwd) out.add(dir);
    }
  }
  return [...out].slice(0, 8);
}

function dedupe(findings: Finding[]): void {
  const seen = new Set<string>();
  let k = 0;
  for (const f of findings) {
    const key = `${f.verdict}\u0000${f.rule}\u0000${f.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings[k++] = f;
  }
  findings.length = k;
}

function redirectFindings(r: Redirect, paths: PathRules, cwd: string): Finding[] {
  const target = r.target.value;
  if (!isLiteral(r.target)) {
    const verb = r.write ? 'writes to' : 'reads from';
    return [{ verdict: 'ask', rule: 'redirect-dynamic', source: 'builtin', reason: `the command ${verb} a file whose name is only known at run time (${clip(target)})` }];
  }
  if (HARMLESS_TARGETS.test(target)) return [];
  const out: Finding[] = [];
  if (r.write && DEVICE_TARGET.test(target)) {
    out.push({ verdict: 'deny', rule: 'device-write', source: 'builtin', reason: `the command writes to the device ${target}` });
  }
  const relative = workspaceRelative(target, cwd);
  if (relative === undefined) {
    const denied = paths.readDeny.match(outsidePath(target));
    if (denied) out.push({ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `the command ${r.write ? 'writes' : 'reads'} ${target}, which matches the read-deny glob ${denied.glob}` });
  } else {
    const denied = paths.readDeny.match(relative);
    if (denied) out.push({ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `the command ${r.write ? 'writes' : 'reads'} ${relative}, which matches the read-deny glob ${denied.glob}` });
    if (r.write) {
      const prot = paths.protectedPaths.match(relative);
      if (prot) out.push({ verdict: 'ask', rule: `protectedPaths:${prot.glob}`, source: prot.source, reason: `the command writes ${relative}, a protected path (${prot.glob}) that the editor or git runs or trusts; changes always need approval` });
    }
  }
  if (r.write) {
    const where = relative === undefined ? `${target} (outside /workspace)` : relative;
    out.push({ verdict: 'ask', rule: 'redirect-write', source: 'builtin', reason: `the command writes the file ${where} with ${r.operator}` });
  }
  return out;
}

function argumentFindings(sub: SubCommand, readOnly: boolean, paths: PathRules, cwd: string): Finding[] {
  const out: Finding[] = [];
  for (const word of sub.words.slice(1)) {
    if (word.dynamic) {
      // `"$HOME/.ssh/id_rsa"`: what follows a leading variable still says what is read.
      const tail = word.value.replace(LEADING_EXPANSION, '');
      const denied = tail !== word.value && tail.startsWith('/') && !/[$`]/.test(tail) ? paths.readDeny.match(outsidePath(tail)) : undefined;
      if (denied) out.push({ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `\`${sub.argv[0]}\` touches ${clip(word.value)}, which matches the read-deny glob ${denied.glob}` });
      continue;
    }
    const value = word.value.includes('=') && word.value.startsWith('-') ? word.value.slice(word.value.indexOf('=') + 1) : word.value;
    if (value === '' || value.startsWith('-')) continue;
    if (word.glob) {
      if (globAimsAtSecrets(value)) {
        out.push({ verdict: 'ask', rule: 'readDeny:glob-argument', source: 'builtin', reason: `the argument ${clip(value)} may expand to secret files (such as .env or keys)` });
      }
      continue;
    }
    const relative = workspaceRelative(value, cwd);
    if (relative === '.') continue;
    if (relative === undefined) {
      // Outside the workspace (`~/.ssh/id_rsa`, `/root/.aws/credentials`): read-deny globs still say what is secret.
      const denied = paths.readDeny.match(outsidePath(value));
      if (denied) out.push({ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `\`${sub.argv[0]}\` touches ${value}, which matches the read-deny glob ${denied.glob}` });
      continue;
    }
    const denied = paths.readDeny.match(relative);
    if (denied) out.push({ verdict: 'ask', rule: `readDeny:${denied.glob}`, source: denied.source, reason: `\`${sub.argv[0]}\` touches ${relative}, which matches the read-deny glob ${denied.glob}` });
    const prot = readOnly ? undefined : paths.protectedPaths.match(relative);
    if (prot) out.push({ verdict: 'ask', rule: `protectedPaths:${prot.glob}`, source: prot.source, reason: `\`${sub.argv[0]}\` names ${relative}, a protected path (${prot.glob}); changes to it always need approval` });
  }
  return out;
}

const LEADING_EXPANSION = /^(\$\{[^}]*\}|\$\w+|\$\([^)]*\)|`[^`]*`)+/;

/** An outside path as a relative one, for matching globs: `~/.ssh/x` → `.ssh/x`, `/etc/x` → `etc/x`. */
function outsidePath(value: string): string {
  return posix.normalize(value.replace(/^~[^/]*\/?/, '')).replace(/^(\.\.\/|\/)+/, '');
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
