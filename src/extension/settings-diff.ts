// Which sandbox settings changed between two snapshots, and whether the
// container must be recreated for them. Plain Node so it is tested without VS Code.
import { SANDBOX_SETTINGS, type SandboxSettings } from '../sandbox';

/** One changed setting, by its full name (`clawdock.sandbox.memoryMb`). */
export interface ChangedSetting {
  readonly setting: string;
  /** True when only a new container picks the change up. */
  readonly restart: boolean;
}

/** The settings whose values differ between `before` and `after`, in the Settings editor's order. */
export function changedSandboxSettings(before: SandboxSettings, after: SandboxSettings): ChangedSetting[] {
  return SANDBOX_SETTINGS.filter((spec) => {
    const field = spec.key.replace(/^sandbox\./, '') as keyof SandboxSettings;
    return JSON.stringify(before[field]) !== JSON.stringify(after[field]);
  }).map((spec) => ({ setting: `clawdock.${spec.key}`, restart: spec.restart }));
}
