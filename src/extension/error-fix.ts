// Which setting fixes an error, so the error message can offer "Open Settings".
// Plain Node so it is tested without VS Code.
import { ConfigError, EngineUnreachableError } from '../core/errors';

const SETTING_IN_TEXT = /`(clawdock\.[A-Za-z0-9_.]+)`/;

/** The setting a person should change to fix `err`, when the error names one. */
export function settingToFix(err: unknown): string | undefined {
  if (err instanceof ConfigError) return err.setting;
  if (err instanceof EngineUnreachableError) return 'clawdock.sandbox.dockerHost';
  if (err instanceof Error) return SETTING_IN_TEXT.exec(err.message)?.[1];
  return undefined;
}
