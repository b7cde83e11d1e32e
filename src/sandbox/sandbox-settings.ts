import { ConfigError } from '../core/errors';
import type { ConfigSource } from '../core/config/config-source';
import type { SettingSpec } from '../core/config/setting-spec';

export type { SettingSpec } from '../core/config/setting-spec';
import { readBoolean, readEnum, readNumber, readString, readStringList } from '../core/config/config-source';

/**
 * How the container sees the workspace. `shadow`: a private layer over the
 * real folder; what commands change comes back as a change set to review.
 * `rw`: a bind mount (weaker: only the host-executed paths at the root are
 * overlaid read-only). `ro`: read-only.
 */
export type WorkspaceAccess = 'shadow' | 'rw' | 'ro';

/** Every access mode, strictest-to-read first in the Settings editor. */
export const WORKSPACE_ACCESS_MODES: readonly WorkspaceAccess[] = ['shadow', 'rw', 'ro'];

/** What happens to a shadow layer's ordinary changes after each command. */
export type ApplyChanges = 'review' | 'auto';

/**
 * Container network: `none` (default); `allowlist` — only the domains the
 * person names, through Clawdock's egress proxy (src/egress), audited per
 * connection; `dangerouslyOpen` — the engine's bridge, anything the host can
 * reach (needs `dangerouslyAllowNetwork`).
 */
export type SandboxNetwork = 'none' | 'allowlist' | 'dangerouslyOpen';

/** Every network mode. */
export const SANDBOX_NETWORKS: readonly SandboxNetwork[] = ['none', 'allowlist', 'dangerouslyOpen'];

/** An extra host folder the user asked to mount; checked against the blocked bind sources. */
export interface ExtraMount {
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

/** A read-only snapshot of every `clawdock.sandbox.*` setting, defaults and clamps applied. */
export interface SandboxSettings {
  readonly image: string;
  readonly dockerHost: string;
  readonly workspaceAccess: WorkspaceAccess;
  readonly applyChanges: ApplyChanges;
  readonly keepInSandbox: readonly string[];
  readonly keepGitIgnoredInSandbox: boolean;
  readonly undoHistoryMb: number;
  readonly protectedPaths: readonly string[];
  readonly memoryMb: number;
  readonly cpus: number;
  readonly pidsLimit: number;
  readonly tmpSizeMb: number;
  readonly homeSizeMb: number;
  readonly idleStopMinutes: number;
  readonly pruneAfterDays: number;
  readonly outputCapBytes: number;
  readonly defaultTimeoutSeconds: number;
  readonly network: SandboxNetwork;
  readonly readOnlyRootFs: boolean;
  readonly noNewPrivileges: boolean;
  readonly capAdd: readonly string[];
  readonly extraMounts: readonly ExtraMount[];
  readonly dangerouslyAllowNetwork: boolean;
  readonly dangerouslyAllowWritableRootFs: boolean;
  readonly dangerouslyAllowNewPrivileges: boolean;
  readonly dangerouslyAllowCapabilities: boolean;
  readonly dangerouslyAllowUnlimitedResources: boolean;
  readonly dangerouslyAllowExtraMounts: boolean;
}

/** Every sandbox setting, in the order shown in the Settings editor. */
export const SANDBOX_SETTINGS: readonly SettingSpec[] = [
  { key: 'sandbox.image', type: 'string', default: '', restart: true, restricted: true, description: 'Image to run. Empty: the bundled Clawdock image (Debian bookworm, non-root, bash, git, ripgrep, python3, nodejs), built on first use. Pin a tag or digest when naming your own.' },
  { key: 'sandbox.dockerHost', type: 'string', default: '', restart: true, restricted: true, scope: 'machine', description: 'Engine address (`unix:///path.sock`, `tcp://host:port`, or a socket path). Empty: `DOCKER_HOST`, then the default socket. Podman\'s Docker-compatible socket works too.' },
  { key: 'sandbox.workspaceAccess', type: 'string', default: 'shadow', enum: ['shadow', 'rw', 'ro'], restart: true, description: 'How the container sees the workspace. `shadow` (default): a private layer over your folder; nothing a command does reaches the folder until you accept it from the change set (host-executed files are always held for their own confirmation). `rw`: a bind mount, weaker — commands write your folder directly and only the host-executed paths at the root are read-only. `ro`: read-only.' },
  { key: 'sandbox.applyChanges', type: 'string', default: 'review', enum: ['review', 'auto'], restart: false, description: 'Shadow workspace: `review` (default) keeps every change in the sandbox until you accept it; `auto` applies ordinary changes to your folder after each command (undoable with `Clawdock: Undo Last Applied Change`). Host-executed files and files kept in the sandbox always wait for you.' },
  { key: 'sandbox.keepInSandbox', type: 'array', default: [], restart: false, description: 'Shadow workspace: globs of changed files that stay in the sandbox unless you pull them (accept them by path), on top of what `.gitignore` ignores (see `keepGitIgnoredInSandbox`). A glob without a slash matches at any depth.' },
  { key: 'sandbox.keepGitIgnoredInSandbox', type: 'boolean', default: true, restart: false, description: 'Shadow workspace: files your folder\'s `.gitignore` files ignore (`node_modules/`, build output) stay in the sandbox unless you pull them, so an `npm install` does not flood the review.' },
  { key: 'sandbox.undoHistoryMb', type: 'number', default: 256, minimum: 1, maximum: 65536, restart: false, description: 'Most space the undo history of applied changes keeps (the content each change replaced); the oldest entries go first.' },
  { key: 'sandbox.protectedPaths', type: 'array', default: [], restart: true, description: 'Extra globs of host-executed paths, on top of the built-in ones (every `.git`\'s contents but git\'s data, a new `.git`, `.vscode/`, `*.code-workspace`, `.devcontainer/`, `.devcontainer.json`, `.husky/`, `.envrc`, `.github/workflows/`, at any depth). Shadow changes to them are held for their own confirmation; the agent\'s edits and commands that touch them ask; in `rw` mode the ones at the root are read-only. A glob without a slash matches at any depth.' },
  { key: 'sandbox.memoryMb', type: 'number', default: 2048, minimum: 0, maximum: 1048576, restart: true, description: 'Memory limit in MiB (0 = unlimited, needs `dangerouslyAllowUnlimitedResources`).' },
  { key: 'sandbox.cpus', type: 'number', default: 2, minimum: 0, maximum: 256, restart: true, description: 'CPU limit in cores (0 = unlimited, needs `dangerouslyAllowUnlimitedResources`).' },
  { key: 'sandbox.pidsLimit', type: 'number', default: 512, minimum: 0, maximum: 1000000, restart: true, description: 'Maximum number of processes (0 = unlimited, needs `dangerouslyAllowUnlimitedResources`).' },
  { key: 'sandbox.tmpSizeMb', type: 'number', default: 512, minimum: 1, maximum: 65536, restart: true, description: 'Size of the tmpfs at /tmp in MiB (/run gets 16 MiB).' },
  { key: 'sandbox.homeSizeMb', type: 'number', default: 512, minimum: 1, maximum: 65536, restart: true, description: 'Size of the tmpfs home directory (/home/sandbox) in MiB.' },
  { key: 'sandbox.idleStopMinutes', type: 'number', default: 30, minimum: 0, maximum: 10080, restart: true, description: 'Stop the container after this many idle minutes (0 = never).' },
  { key: 'sandbox.pruneAfterDays', type: 'number', default: 7, minimum: 0, maximum: 3650, restart: false, description: '`prune` removes stopped Clawdock containers unused for this many days (0 = all stopped ones).' },
  { key: 'sandbox.outputCapBytes', type: 'number', default: 1048576, minimum: 1024, maximum: 268435456, restart: false, description: 'Output captured per command stream (stdout, stderr); the rest is dropped and the result says it was truncated.' },
  { key: 'sandbox.defaultTimeoutSeconds', type: 'number', default: 120, minimum: 1, maximum: 86400, restart: false, description: 'Commands still running after this many seconds are killed with their whole process group.' },
  { key: 'sandbox.grantedSecrets', type: 'array', items: 'object', default: [], restart: false, scope: 'machine', restricted: true, description: 'Secrets bound to hosts: `{ "name": "NPM_TOKEN", "hosts": ["registry.npmjs.org"] }`, with `"header"` and `"scheme"` (default per well-known host, else `Authorization: Bearer`), or `"placement": "basic"` (the password of Basic credentials, e.g. git over HTTPS) or `"query"` (with `"param"`). Commands in the sandbox see only a placeholder in `NAME`; with `sandbox.network: "allowlist"` the egress proxy puts the real value into requests to those hosts alone, over TLS it terminates with a CA only this sandbox trusts, and refuses the placeholder anywhere else (audited as an attempted leak). The values live in SecretStorage (`Clawdock: Grant Secret to Sandbox…`; CLI: `sandboxSecret.<NAME>` in the vault), never in settings. A bare name (the old form, the value itself in every command\'s environment) is refused unless `dangerouslyExposeSecretsToSandbox` is on.' },
  { key: 'sandbox.network', type: 'string', default: 'none', enum: ['none', 'allowlist', 'dangerouslyOpen'], restart: true, restricted: true, description: 'Container network. `none` (default): no network at all. `allowlist`: only the domains in `sandbox.allowedDomains` (and its presets), through Clawdock\'s egress proxy; every connection is audited with the command that made it, and if the proxy stops the sandbox has no network. `dangerouslyOpen`: the engine\'s bridge, anything the host can reach (needs `dangerouslyAllowNetwork`; `bridge` is read as this).' },
  { key: 'sandbox.readOnlyRootFs', type: 'boolean', default: true, restart: true, restricted: true, description: 'Mount the container\'s root filesystem read-only. `false` needs `dangerouslyAllowWritableRootFs`.' },
  { key: 'sandbox.noNewPrivileges', type: 'boolean', default: true, restart: true, restricted: true, description: 'Set `no-new-privileges` (setuid binaries gain nothing). `false` needs `dangerouslyAllowNewPrivileges`.' },
  { key: 'sandbox.capAdd', type: 'array', default: [], restart: true, restricted: true, description: 'Linux capabilities to give back after dropping all. Needs `dangerouslyAllowCapabilities`.' },
  { key: 'sandbox.extraMounts', type: 'array', items: 'object', default: [], restart: true, restricted: true, description: 'Extra host folders to mount: `{ "source": "/host/path", "target": "/mnt/x", "readOnly": true }`. Needs `dangerouslyAllowExtraMounts`; blocked sources (/, /etc, sockets, ~/.ssh, …) are always refused.' },
  { key: 'sandbox.dangerouslyAllowNetwork', type: 'boolean', default: false, restart: true, restricted: true, scope: 'machine', description: 'Allow `sandbox.network: "dangerouslyOpen"`. The agent can then reach anything the host can.' },
  { key: 'sandbox.dangerouslyAllowWritableRootFs', type: 'boolean', default: false, restart: true, restricted: true, scope: 'machine', description: 'Allow `sandbox.readOnlyRootFs: false`.' },
  { key: 'sandbox.dangerouslyAllowNewPrivileges', type: 'boolean', default: false, restart: true, restricted: true, scope: 'machine', description: 'Allow `sandbox.noNewPrivileges: false`.' },
  { key: 'sandbox.dangerouslyAllowCapabilities', type: 'boolean', default: false, restart: true, restricted: true, scope: 'machine', description: 'Allow `sandbox.capAdd`.' },
  { key: 'sandbox.dangerouslyAllowUnlimitedResources', type: 'boolean', default: false, restart: true, restricted: true, scope: 'machine', description: 'Allow 0 (unlimited) for memory, CPU and process limits.' },
  { key: 'sandbox.dangerouslyAllowExtraMounts', type: 'boolean', default: false, restart: true, restricted: true, scope: 'machine', description: 'Allow `sandbox.extraMounts`.' },
  { key: 'sandbox.dangerouslyExposeSecretsToSandbox', type: 'boolean', default: false, restart: false, restricted: true, scope: 'machine', description: 'Let bare names in `sandbox.grantedSecrets` through: their values go into every command\'s environment, where any command can print, re-encode or send them (masking output cannot stop a command that holds the value). `security audit` reports it as an escape path.' },
];

function spec(key: string): SettingSpec {
  const found = SANDBOX_SETTINGS.find((s) => s.key === key);
  if (!found) throw new Error(`unknown setting ${key}`);
  return found;
}

function num(source: ConfigSource, key: string): number {
  const s = spec(key);
  return readNumber(source, key, s.default as number, s.minimum ?? -Infinity, s.maximum ?? Infinity);
}

function bool(source: ConfigSource, key: string): boolean {
  return readBoolean(source, key, spec(key).default as boolean);
}

function readExtraMounts(source: ConfigSource): ExtraMount[] {
  const raw = source.get<unknown>('sandbox.extraMounts');
  if (!Array.isArray(raw)) return [];
  return raw.map((m, i) => {
    const o = (m ?? {}) as Record<string, unknown>;
    if (typeof o.source !== 'string' || typeof o.target !== 'string' || !o.target.startsWith('/')) {
      throw new ConfigError('clawdock.sandbox.extraMounts', `entry ${i} needs a string "source" and an absolute "target"`);
    }
    return { source: o.source, target: o.target, readOnly: o.readOnly !== false };
  });
}

// `bridge` was the open network's name before the allowlist existed.
function readNetwork(source: ConfigSource): SandboxNetwork {
  if (source.get<unknown>('sandbox.network') === 'bridge') return 'dangerouslyOpen';
  return readEnum(source, 'sandbox.network', SANDBOX_NETWORKS, 'none');
}

/** Reads every sandbox setting into a snapshot with defaults and clamps. Does not validate loosening; see `assertSafeSettings`. */
export function readSandboxSettings(source: ConfigSource): SandboxSettings {
  return {
    image: readString(source, 'sandbox.image', ''),
    dockerHost: readString(source, 'sandbox.dockerHost', ''),
    workspaceAccess: readEnum(source, 'sandbox.workspaceAccess', WORKSPACE_ACCESS_MODES, 'shadow'),
    applyChanges: readEnum(source, 'sandbox.applyChanges', ['review', 'auto'] as const, 'review'),
    keepInSandbox: readStringList(source, 'sandbox.keepInSandbox'),
    keepGitIgnoredInSandbox: bool(source, 'sandbox.keepGitIgnoredInSandbox'),
    undoHistoryMb: num(source, 'sandbox.undoHistoryMb'),
    protectedPaths: readStringList(source, 'sandbox.protectedPaths'),
    memoryMb: num(source, 'sandbox.memoryMb'),
    cpus: num(source, 'sandbox.cpus'),
    pidsLimit: Math.round(num(source, 'sandbox.pidsLimit')),
    tmpSizeMb: num(source, 'sandbox.tmpSizeMb'),
    homeSizeMb: num(source, 'sandbox.homeSizeMb'),
    idleStopMinutes: num(source, 'sandbox.idleStopMinutes'),
    pruneAfterDays: num(source, 'sandbox.pruneAfterDays'),
    outputCapBytes: Math.round(num(source, 'sandbox.outputCapBytes')),
    defaultTimeoutSeconds: num(source, 'sandbox.defaultTimeoutSeconds'),
    network: readNetwork(source),
    readOnlyRootFs: bool(source, 'sandbox.readOnlyRootFs'),
    noNewPrivileges: bool(source, 'sandbox.noNewPrivileges'),
    capAdd: readStringList(source, 'sandbox.capAdd').map((c) => c.toUpperCase().replace(/^CAP_/, '')),
    extraMounts: readExtraMounts(source),
    dangerouslyAllowNetwork: bool(source, 'sandbox.dangerouslyAllowNetwork'),
    dangerouslyAllowWritableRootFs: bool(source, 'sandbox.dangerouslyAllowWritableRootFs'),
    dangerouslyAllowNewPrivileges: bool(source, 'sandbox.dangerouslyAllowNewPrivileges'),
    dangerouslyAllowCapabilities: bool(source, 'sandbox.dangerouslyAllowCapabilities'),
    dangerouslyAllowUnlimitedResources: bool(source, 'sandbox.dangerouslyAllowUnlimitedResources'),
    dangerouslyAllowExtraMounts: bool(source, 'sandbox.dangerouslyAllowExtraMounts'),
  };
}

/** The loosenings a config asks for, each with the flag that permits it. */
const LOOSENINGS: ReadonlyArray<{ setting: string; flag: keyof SandboxSettings; loosened: (s: SandboxSettings) => boolean; what: string }> = [
  { setting: 'sandbox.network', flag: 'dangerouslyAllowNetwork', loosened: (s) => s.network === 'dangerouslyOpen', what: 'gives the container an open network' },
  { setting: 'sandbox.readOnlyRootFs', flag: 'dangerouslyAllowWritableRootFs', loosened: (s) => !s.readOnlyRootFs, what: 'makes the root filesystem writable' },
  { setting: 'sandbox.noNewPrivileges', flag: 'dangerouslyAllowNewPrivileges', loosened: (s) => !s.noNewPrivileges, what: 'lets setuid binaries gain privileges' },
  { setting: 'sandbox.capAdd', flag: 'dangerouslyAllowCapabilities', loosened: (s) => s.capAdd.length > 0, what: 'gives capabilities back' },
  { setting: 'sandbox.memoryMb', flag: 'dangerouslyAllowUnlimitedResources', loosened: (s) => s.memoryMb === 0, what: 'removes the memory limit' },
  { setting: 'sandbox.cpus', flag: 'dangerouslyAllowUnlimitedResources', loosened: (s) => s.cpus === 0, what: 'removes the CPU limit' },
  { setting: 'sandbox.pidsLimit', flag: 'dangerouslyAllowUnlimitedResources', loosened: (s) => s.pidsLimit === 0, what: 'removes the process limit' },
  { setting: 'sandbox.extraMounts', flag: 'dangerouslyAllowExtraMounts', loosened: (s) => s.extraMounts.length > 0, what: 'mounts host folders besides the workspace' },
];

/** Names of the `dangerously…` flags that are on and actually loosen something (for status and `security audit`). */
export function activeLoosenings(s: SandboxSettings): string[] {
  return LOOSENINGS.filter((l) => l.loosened(s) && s[l.flag] === true).map((l) => `clawdock.${l.setting}`);
}

/** Refuses a config that loosens hardening without the matching `dangerously…` flag. */
export function assertSafeSettings(s: SandboxSettings): void {
  for (const l of LOOSENINGS) {
    if (l.loosened(s) && s[l.flag] !== true) {
      throw new ConfigError(`clawdock.${l.setting}`, `this value ${l.what}, which is refused by default`, `set \`clawdock.sandbox.${String(l.flag)}\` to true if you really mean it, or restore the default`);
    }
  }
}
