/** One contributed setting: the single source for defaults, package.json and the README. */
export interface SettingSpec {
  /** Key relative to `clawdock.`, e.g. `sandbox.memoryMb`. */
  readonly key: string;
  readonly type: 'string' | 'number' | 'boolean' | 'array';
  readonly default: unknown;
  readonly description: string;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** True when a change only takes effect in a new sandbox container. */
  readonly restart: boolean;
  /** Items of an array setting: `object` for structured entries, else strings. */
  readonly items?: 'string' | 'object';
  /** `machine`: only user settings may set it, so a workspace cannot loosen it. */
  readonly scope?: 'machine';
  /** Ignored in an untrusted workspace's settings (VS Code's `restricted`). */
  readonly restricted?: boolean;
}
