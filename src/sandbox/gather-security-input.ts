import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readRedactionSettings, verifyWorkspace, type SecurityAuditInput } from '../audit';
import type { ConfigSource } from '../core/config/config-source';
import { readPolicySettings } from '../policy';
import type { ContainerEngine } from './engine/engine';
import { SANDBOX_SETTINGS } from './sandbox-settings';

/** What the security audit is gathered from; every part optional, since a missing part is reported as unchecked. */
export interface SecurityGatherOptions {
  readonly config: ConfigSource;
  readonly engine?: ContainerEngine;
  /** The workspace's container name, to read its actual mounts. */
  readonly containerName?: string;
  /** The workspace's audit folder and the head kept outside it. */
  readonly auditDir?: string;
  readonly expectHead?: { readonly seq: number; readonly hash: string };
  readonly grantedSecrets?: readonly string[];
}

/**
 * Gathers the security audit's input from settings, the engine and the disk,
 * the same way for the extension and the CLI.
 */
export async function gatherSecurityInput(options: SecurityGatherOptions): Promise<SecurityAuditInput> {
  const sandbox: Record<string, unknown> = {};
  for (const spec of SANDBOX_SETTINGS) sandbox[spec.key] = options.config.get(spec.key) ?? spec.default;
  const policy = readPolicySettings(options.config);
  const redaction = readRedactionSettings(options.config);
  const input: { -readonly [K in keyof SecurityAuditInput]: SecurityAuditInput[K] } = {
    sandbox,
    redaction: { highEntropy: redaction.highEntropy, secretlint: redaction.secretlint },
    policy: {
      mode: policy.mode,
      autoApproveEdits: policy.autoApproveEdits,
      allowRules: policy.rules.filter((r) => r.decision === 'allow').map((r, i) => ({ id: r.id ?? `rule-${i + 1}`, pattern: r.pattern })),
    },
    grantedSecrets: options.grantedSecrets ?? [],
  };
  if (options.engine) {
    try {
      const info = await options.engine.info();
      input.engine = { rootless: info.rootless, userNamespaces: info.userns };
      if (options.containerName) {
        const container = await options.engine.inspectContainer(options.containerName);
        const mounts = (container?.raw as { Mounts?: { Type?: string; Source?: string; Destination?: string; RW?: boolean }[] } | undefined)?.Mounts ?? [];
        input.mounts = mounts.filter((m) => m.Type === 'bind').map((m) => ({ source: m.Source ?? '', target: m.Destination ?? '', readOnly: m.RW === false }));
      }
    } catch {
      // An engine that does not answer leaves those checks out; the status says why elsewhere.
    }
  }
  if (options.auditDir) {
    const dir = options.auditDir;
    try {
      const dirMode = (await stat(dir)).mode & 0o777;
      const files = await Promise.all((await readdir(dir)).filter((n) => n.endsWith('.jsonl')).map(async (n) => ({ path: join(dir, n), mode: (await stat(join(dir, n))).mode & 0o777 })));
      const verify = await verifyWorkspace(dir, options.expectHead ? { expectHead: options.expectHead } : {});
      input.audit = { dir, dirMode, files, verify };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return input;
}
