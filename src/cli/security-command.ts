import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { securityAudit, type SecurityAuditReport, type SecurityFix } from '../audit';
import { UsageError } from '../core/errors';
import { createEngine, readSandboxSettings } from '../sandbox';
import { gatherSecurityFacts } from '../sandbox/security-input';
import { identifyWorkspace } from '../sandbox/workspace-identity';
import { flagString, parseArgs } from './args';
import { resolve } from 'node:path';
import { formatSelftest, runSelftest } from '../selftest';
import { readEgressSettings } from '../egress';
import { loadCliPolicy } from './agent-command';
import { workspaceAudit } from './audit-command';
import { cliSecretFacts, readHeadAnchor } from './cli-audit';
import { clawdockHome, readCliSettings } from './cli-settings';
import { EXIT, type CliIo } from './io';
import { describeCliPolicy, formatPolicySummary } from './policy-layers';

export const SECURITY_USAGE = '  clawdock security audit [--workspace DIR] [--fix] [--json]\n  clawdock security selftest [--workspace DIR] [--json]';

const ICON = { critical: 'CRITICAL', warn: 'warn    ', info: 'info    ' } as const;

function describe(report: SecurityAuditReport): string {
  const lines = report.findings.map((f) => `${ICON[f.severity]} ${f.title}\n         ${f.detail}\n         fix: ${f.fix}`);
  const c = report.counts;
  return `${lines.join('\n')}${lines.length ? '\n' : ''}${c.critical} critical, ${c.warn} warn, ${c.info} info\n`;
}

/** Applies only tightening fixes: a setting in $CLAWDOCK_HOME/settings.json, or a chmod. */
function applyFixes(fixes: readonly SecurityFix[], env: NodeJS.ProcessEnv): string[] {
  const done: string[] = [];
  const file = join(clawdockHome(env), 'settings.json');
  let settings: Record<string, unknown> | undefined;
  for (const fix of fixes) {
    if (fix.kind === 'chmod') {
      chmodSync(fix.path, fix.mode);
      done.push(`chmod ${fix.mode.toString(8)} ${fix.path}`);
    } else {
      if (!settings) {
        try {
          settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        } catch {
          settings = {};
        }
      }
      settings[`clawdock.${fix.key}`] = fix.value;
      done.push(`clawdock.${fix.key} = ${JSON.stringify(fix.value)}`);
    }
  }
  if (settings) {
    mkdirSync(clawdockHome(env), { recursive: true, mode: 0o700 });
    writeFileSync(`${file}.tmp`, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  return done;
}

/** `clawdock security audit`: exit 0 with no critical finding, 1 otherwise. */
export async function runSecurityCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...tail] = argv;
  if (sub === 'selftest') return runSelftestCommand(tail, io);
  if (sub !== 'audit') throw new UsageError(sub ? `unknown security command ${JSON.stringify(sub)}` : 'missing security command (audit or selftest)');
  const args = parseArgs(tail, ['workspace'], ['fix', 'json']);
  if (args.positionals.length > 0 || args.rest.length > 0) throw new UsageError('security audit takes no arguments');
  const config = readCliSettings(io.env);
  const settings = readSandboxSettings(config);
  const { realPath: real, dir: auditDir, key } = workspaceAudit(args, io);
  const expectHead = readHeadAnchor(io.env, key);
  // The CLI's settings file is the user's own: it is both the effective and the user layer.
  const input = await gatherSecurityFacts({
    config,
    userConfig: config,
    engine: { engine: createEngine(settings, io.env), containerName: identifyWorkspace(real).containerName },
    audit: { dir: auditDir, ...(expectHead ? { expectHead } : {}) },
    ...cliSecretFacts(io.env),
  });
  const report = securityAudit(input);
  const applied = args.flags.has('fix') ? applyFixes(report.fixes, io.env) : [];
  // The policy the agent runs with, from the CLI's one policy reader.
  const policy = await describeCliPolicy(io.env, real);
  if (args.flags.has('json')) io.stdout(`${JSON.stringify({ ...report, applied, policy })}\n`);
  else {
    io.stdout(describe(report));
    io.stdout(formatPolicySummary(policy));
    for (const a of applied) io.stdout(`fixed: ${a}\n`);
    if (!args.flags.has('fix') && report.fixes.length > 0) io.stdout(`${report.fixes.length} finding(s) can be tightened automatically: run with --fix\n`);
  }
  return report.counts.critical > 0 && applied.length === 0 ? EXIT.failure : EXIT.ok;
}

/**
 * `clawdock security selftest`: the containment self-test against this
 * machine's effective configuration (the CLI's settings, the workspace's
 * policy). Exit 0 when nothing escaped, 1 when anything did.
 */
async function runSelftestCommand(tail: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(tail, ['workspace'], ['json']);
  if (args.positionals.length > 0 || args.rest.length > 0) throw new UsageError('security selftest takes no arguments');
  const settings = readSandboxSettings(readCliSettings(io.env));
  const workspace = resolve(io.cwd, flagString(args, 'workspace') ?? '.');
  const policy = await loadCliPolicy(workspace, io.env);
  const json = args.flags.has('json');
  const report = await runSelftest({
    settings, engine: createEngine(settings, io.env), policy,
    egress: {
      settings: () => readEgressSettings({ user: readCliSettings(io.env), workspaceTrusted: true }),
      // The throwaway sandbox's connections are the test's own: not part of any workspace's record.
      audit: async () => undefined,
    },
    // Only the old form (with dangerouslyExposeSecretsToSandbox) puts values into commands; bound secrets stay in the proxy (issue 16).
    exposesSecrets: cliSecretFacts(io.env).grantedSecrets.length > 0,
    onProgress: (line) => {
      if (!json) io.stderr(`clawdock: ${line}\n`);
    },
  });
  io.stdout(json ? `${JSON.stringify(report)}\n` : formatSelftest(report));
  return report.escaped ? EXIT.failure : EXIT.ok;
}
