// The OpenClaw bridge's settings as one typed table and one reader. All of
// them are the owner's: a cloned repository must not point the node at its own
// gateway or widen what a chat group may run.
import type { ConfigSource } from '../../core/config/config-source';
import { readBoolean, readString } from '../../core/config/config-source';
import { ConfigError } from '../../core/errors';
import type { SettingSpec } from '../../core/config/setting-spec';
import type { SessionProfileRule } from './session-caller';

/** OpenClaw's default gateway port on loopback. */
export const DEFAULT_GATEWAY_URL = 'ws://127.0.0.1:18789';

/** A read-only snapshot of the bridge settings. */
export interface OpenClawSettings {
  /** Connect when the window opens (set by `Connect to OpenClaw Gateway…`). */
  readonly enabled: boolean;
  readonly gatewayUrl: string;
  /** How this node is named at the gateway (`openclaw nodes status`). */
  readonly displayName: string;
  readonly sessionProfiles: readonly SessionProfileRule[];
}

/** The bridge's settings (keys relative to `clawdock.`), for package.json and the README. */
export const OPENCLAW_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'openclaw.enabled', type: 'boolean', default: false, restart: false, scope: 'machine', restricted: true,
    description: 'Connect this window to the OpenClaw gateway at `openclaw.gatewayUrl` as a node, so the gateway\'s agent runs commands (`exec` with host `node`) and `vscode_agent` tasks in this workspace\'s sandbox, under this policy and your approvals. Set by `Clawdock: Connect to OpenClaw Gateway…`. User settings only.',
  },
  {
    key: 'openclaw.gatewayUrl', type: 'string', default: DEFAULT_GATEWAY_URL, restart: false, scope: 'machine', restricted: true,
    description: 'WebSocket URL of the OpenClaw gateway (`ws://` on loopback, `wss://` elsewhere). The token lives in SecretStorage, never here. User settings only.',
  },
  {
    key: 'openclaw.displayName', type: 'string', default: '', restart: false, scope: 'machine', restricted: true,
    description: 'Name of this node at the gateway (`openclaw nodes status`). Empty: `Clawdock (<workspace folder>)`. User settings only.',
  },
  {
    key: 'openclaw.sessionProfiles', type: 'array', items: 'object', default: [], restart: false, scope: 'machine', restricted: true,
    description: 'Your overrides of what a gateway session may do: `{ "session": "agent:main:telegram:group:-100123*", "profile": "paired" }` (`*` matches anything; profiles `paired`, `group`, `readonly`). By default the gateway\'s main session and DM sessions are `paired` (every command and change asks you), group and channel sessions `group` (read-only), anything else `readonly`. User settings only.',
  },
];

const PROFILES = new Set(['paired', 'group', 'readonly']);

/** Whether the bridge should connect (`clawdock.openclaw.enabled`); read alone by the extension's activation shell. */
export function readOpenClawEnabled(source: ConfigSource): boolean {
  return readBoolean(source, 'openclaw.enabled', false);
}

/**
 * Reads the bridge settings. A malformed profile rule is an error naming it,
 * not skipped: a rule may tighten as well as widen, and skipping one that
 * tightens would loosen what a session may do.
 */
export function readOpenClawSettings(source: ConfigSource, fallbackName = 'Clawdock'): OpenClawSettings {
  const raw = source.get<unknown>('openclaw.sessionProfiles') ?? [];
  if (!Array.isArray(raw)) throw new ConfigError('clawdock.openclaw.sessionProfiles', 'must be a list of { "session": "…", "profile": "paired" | "group" | "readonly" }');
  const rules = raw.map((r, i): SessionProfileRule => {
    const { session, profile } = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
    if (typeof session !== 'string' || session.trim() === '' || session.length > 500 || typeof profile !== 'string' || !PROFILES.has(profile) || Object.keys(r as object).some((k) => k !== 'session' && k !== 'profile')) {
      throw new ConfigError(`clawdock.openclaw.sessionProfiles[${i}]`, 'must be { "session": "<session key, * for any run>", "profile": "paired" | "group" | "readonly" }');
    }
    return { session: session.trim(), profile: profile as SessionProfileRule['profile'] };
  });
  return {
    enabled: readOpenClawEnabled(source),
    gatewayUrl: readString(source, 'openclaw.gatewayUrl', DEFAULT_GATEWAY_URL),
    displayName: readString(source, 'openclaw.displayName', fallbackName).slice(0, 100),
    sessionProfiles: rules,
  };
}
