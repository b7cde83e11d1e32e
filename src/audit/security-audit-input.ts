import type { VerifyResult } from './verify';

/**
 * Everything `securityAudit` looks at, gathered by the caller (extension or
 * CLI) from settings, the engine and the disk. Every part is optional: a part
 * left out is not checked (and not reported as fine).
 */
export interface SecurityAuditInput {
  /** Effective sandbox settings, keys relative to `clawdock.` (`sandbox.network`, `sandbox.dangerouslyAllowNetwork`, …). */
  readonly sandbox?: Readonly<Record<string, unknown>>;
  /** Host paths the running container actually mounts, as the engine reports them. */
  readonly mounts?: readonly { readonly source: string; readonly target: string; readonly readOnly: boolean }[];
  readonly engine?: {
    readonly rootless?: boolean;
    /** userns-remap or an equivalent: root in the container is not root on the host. */
    readonly userNamespaces?: boolean;
  };
  readonly audit?: {
    readonly dir: string;
    /** Mode bits of the workspace's audit folder (`stat().mode`). */
    readonly dirMode?: number;
    /** Mode bits of each day file. */
    readonly files?: readonly { readonly path: string; readonly mode: number }[];
    readonly verify?: VerifyResult;
  };
  readonly redaction?: { readonly highEntropy: boolean; readonly secretlint: boolean };
  /**
   * Names whose values go into every command's environment: the old form of
   * `grantedSecrets`, let through by `dangerouslyExposeSecretsToSandbox` — an
   * escape path (issue 16).
   */
  readonly grantedSecrets?: readonly string[];
  /** Secrets bound to hosts (issue 16): the sandbox sees a placeholder; the egress proxy sends the value to these hosts only. */
  readonly boundSecrets?: readonly { readonly name: string; readonly hosts: readonly string[] }[];
  /** Bare names refused for want of `dangerouslyExposeSecretsToSandbox`: commands fail until they are bound to hosts. */
  readonly refusedSecrets?: readonly string[];
  readonly policy?: {
    readonly mode?: string;
    readonly autoApproveEdits?: boolean;
    /** The user's and workspace's `allow` rules (argv patterns). */
    readonly allowRules?: readonly { readonly id: string; readonly pattern: readonly string[] }[];
  };
  /** What the agent does with a refused call, and which models it may use (issue 15). */
  readonly agent?: {
    /** `clawdock.policy.onViolation`: `report` lets the owner's model try again after a refused call. */
    readonly onViolation?: string;
    /** Entries of `clawdock.models.allowed` (0: any model may receive the code). */
    readonly allowedModels?: number;
  };
  readonly gateway?: {
    readonly enabled: boolean;
    readonly dmPolicy?: string;
    readonly allowFrom?: readonly string[];
    readonly groupAllowFrom?: readonly string[];
    /** Length of the gateway token (never the token itself); 0 when none is set. */
    readonly tokenLength?: number;
    /** The address the gateway listens on. */
    readonly bind?: string;
  };
}
