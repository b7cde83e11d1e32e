// What Security Audit looks at, gathered from the settings, the engine and the
// audit folder. Plain Node over a ConfigSource and the engine interface, tested beside.
import { stat } from 'node:fs/promises';
import { listDayFiles, readRedactionSettings, verifyWorkspace, type SecurityAuditInput } from '../audit';
import type { ConfigSource } from '../core/config/config-source';
import { readPolicySettings } from '../policy';
import type { ContainerEngine } from './engine/engine';
import { SANDBOX_SETTINGS } from './sandbox-settings';

/** Where the facts come from; a part left out is not checked (and not reported as fine). */
export interface SecurityFacts {
  /** The effective settings of the folder (user and workspace merged, as VS Code applies them). */
  readonly config: ConfigSource;
  /** User settings alone: only they may add allow rules or approve edits automatically. */
  readonly userConfig: ConfigSource;
  /** Names in every command's environment (the old form of `clawdock.sandbox.grantedSecrets`, with `dangerouslyExposeSecretsToSandbox`). */
  readonly grantedSecrets: readonly string[];
  /** Secrets bound to hosts, and bare names refused (issue 16): names and hosts only. */
  readonly boundSecrets?: SecurityAuditInput['boundSecrets'];
  readonly refusedSecrets?: readonly string[];
  /** The engine and the folder's container name, to read rootless/userns and the actual mounts. */
  readonly engine?: { readonly engine: Pick<ContainerEngine, 'info' | 'inspectContainer'>; readonly containerName: string };
  /** The folder's audit folder and the head kept outside it. */
  readonly audit?: { readonly dir: string; readonly expectHead?: { readonly seq: number; readonly hash: string } };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Gathers the security audit's input. Never throws for an engine that does not answer: those checks are left out. */
export async function gatherSecurityFacts(facts: SecurityFacts): Promise<SecurityAuditInput> {
  const sandbox: Record<string, unknown> = {};
  for (const spec of SANDBOX_SETTINGS) sandbox[spec.key] = facts.config.get(spec.key) ?? spec.default;
  const redaction = readRedactionSettings(facts.config);
  const input: Mutable<SecurityAuditInput> = {
    sandbox,
    redaction: { highEntropy: redaction.highEntropy, secretlint: redaction.secretlint },
    grantedSecrets: [...facts.grantedSecrets],
    ...(facts.boundSecrets ? { boundSecrets: facts.boundSecrets } : {}),
    ...(facts.refusedSecrets ? { refusedSecrets: facts.refusedSecrets } : {}),
    policy: readPolicy(facts),
    agent: {
      onViolation: facts.config.get<unknown>('policy.onViolation') === 'halt' || facts.userConfig.get<unknown>('policy.onViolation') === 'halt' ? 'halt' : 'report',
      // The longer of the effective and the user's list: a workspace's own list only narrows the user's.
      allowedModels: Math.max(listLength(facts.config.get<unknown>('models.allowed')), listLength(facts.userConfig.get<unknown>('models.allowed'))),
    },
  };
  if (facts.engine) {
    try {
      const info = await facts.engine.engine.info();
      input.engine = { rootless: info.rootless, userNamespaces: info.userns };
      const container = await facts.engine.engine.inspectContainer(facts.engine.containerName);
      const mounts = (container?.raw as { Mounts?: { Type?: string; Source?: string; Destination?: string; RW?: boolean }[] } | undefined)?.Mounts;
      if (mounts) input.mounts = mounts.filter((m) => m.Type === 'bind').map((m) => ({ source: m.Source ?? '', target: m.Destination ?? '', readOnly: m.RW === false }));
    } catch {
      // The engine does not answer: its checks are left out; the status bar says why.
    }
  }
  if (facts.audit) input.audit = await readAuditFacts(facts.audit.dir, facts.audit.expectHead);
  return input;
}

function listLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function readPolicy(facts: SecurityFacts): SecurityAuditInput['policy'] {
  const mode = facts.config.get<unknown>('policy.mode');
  try {
    const user = readPolicySettings(facts.userConfig);
    return {
      ...(typeof mode === 'string' ? { mode } : {}),
      autoApproveEdits: user.autoApproveEdits,
      allowRules: user.rules.filter((r) => r.decision === 'allow').map((r, i) => ({ id: r.id ?? `user:rules[${i}]`, pattern: r.pattern })),
    };
  } catch {
    // Rules the policy cannot read stop it from loading at all (and say so there); the mode is still checked.
    return typeof mode === 'string' ? { mode } : {};
  }
}

async function readAuditFacts(dir: string, expectHead: { seq: number; hash: string } | undefined): Promise<NonNullable<SecurityAuditInput['audit']>> {
  let dirMode: number;
  try {
    dirMode = (await stat(dir)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // Nothing recorded yet: only a head kept for it says something is missing.
    return { dir, ...(expectHead ? { verify: await verifyWorkspace(dir, { expectHead }) } : {}) };
  }
  const files = await Promise.all((await listDayFiles(dir)).map(async (f) => ({ path: f.path, mode: (await stat(f.path)).mode & 0o777 })));
  return { dir, dirMode, files, verify: await verifyWorkspace(dir, expectHead ? { expectHead } : {}) };
}
