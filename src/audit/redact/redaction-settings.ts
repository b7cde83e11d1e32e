import type { ConfigSource } from '../../core/config/config-source';
import { readBoolean, readStringList } from '../../core/config/config-source';
import type { RedactorOptions } from './redactor';

/** A read-only snapshot of the `clawdock.redaction.*` settings. */
export interface RedactionSettings {
  /** Extra patterns; they add to the built-in rules, never replace them. */
  readonly patterns: readonly string[];
  /** Mask random-looking values next to weaker key-like names. */
  readonly highEntropy: boolean;
  /** Run secretlint's recommended preset over audit lines. */
  readonly secretlint: boolean;
}

/** The redaction settings, for package.json and docs (same shape as the sandbox's SettingSpec). */
export const REDACTION_SETTINGS = [
  { key: 'redaction.patterns', type: 'array', default: [], restart: false, description: 'Extra secret patterns to mask (`"regex"` or `"/regex/flags"`; name the secret part `(?<s>…)` to keep its context visible). They add to the built-in rules and never replace them.' },
  { key: 'redaction.highEntropy', type: 'boolean', default: true, restart: false, description: 'Also mask random-looking values next to weaker key-like names (`session_key=…`, `signature: …`). Turning it off is reported by `Clawdock: Security Audit`.' },
  { key: 'redaction.secretlint', type: 'boolean', default: true, restart: false, description: 'Run secretlint\'s recommended preset over audit lines on top of the built-in rules. Turning it off is reported by `Clawdock: Security Audit`.' },
] as const;

/** Reads the redaction settings with their defaults. */
export function readRedactionSettings(source: ConfigSource): RedactionSettings {
  return {
    patterns: readStringList(source, 'redaction.patterns'),
    highEntropy: readBoolean(source, 'redaction.highEntropy', true),
    secretlint: readBoolean(source, 'redaction.secretlint', true),
  };
}

/** The Redactor options for these settings. */
export function redactorOptions(settings: RedactionSettings): RedactorOptions {
  return { patterns: settings.patterns, highEntropy: settings.highEntropy, secretlint: settings.secretlint };
}
