import type { lintSource as LintSourceFn } from '@secretlint/core';
import type { secretLintProfiler as ProfilerInstance } from '@secretlint/profiler';
import type { creator as presetCreator } from '@secretlint/secretlint-rule-preset-recommend';
import { isMasked } from './mask';

interface Secretlint {
  readonly lintSource: typeof LintSourceFn;
  readonly creator: typeof presetCreator;
}

let loaded: Promise<Secretlint> | undefined;

/** secretlint is loaded on first use: it is large and only the async pass needs it. */
function loadSecretlint(): Promise<Secretlint> {
  loaded ??= Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
    import('@secretlint/profiler').catch(() => undefined),
  ]).then(([core, preset, profiler]) => {
    if (profiler) silence(profiler.secretLintProfiler);
    return { lintSource: core.lintSource, creator: preset.creator };
  });
  return loaded;
}

/**
 * secretlint's core marks every run on a process-wide profiler that keeps
 * every mark forever (in its own list and in Node's performance timeline) and
 * searches that list on each new mark: in a long-lived process each lint gets
 * slower and memory grows (audit appends went from 2 ms to 9 ms within a few
 * thousand). We never read its profile, so its `mark` becomes a no-op.
 * Clearing the marks afterwards instead races its PerformanceObserver, which
 * then throws from a promise.
 */
function silence(profiler: typeof ProfilerInstance): void {
  (profiler as { mark: (marker: unknown) => void }).mark = () => undefined;
}

/**
 * The secret values secretlint's recommended preset finds in `text`.
 *
 * Returns values, not ranges: a reported range can be off (NOTES.md, "Finding
 * secrets" — the AWS rule reports the name as well as part of the key), so the
 * value is taken from the message data and re-found in the text by the caller.
 * Only when no data value occurs in the text is the reported range used.
 */
export async function findSecretValuesWithSecretlint(text: string): Promise<string[]> {
  if (text.trim() === '') return [];
  const { lintSource, creator } = await loadSecretlint();
  const result = await lintSource({
    source: { content: text, filePath: 'clawdock-redaction.txt', contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] },
      noPhysicFilePath: true,
    },
  });
  const values = new Set<string>();
  for (const message of result.messages) {
    const candidates = Object.values(message.data ?? {}).filter(
      (v): v is string => typeof v === 'string' && v.length >= 8 && !isMasked(v) && text.includes(v),
    );
    if (candidates.length > 0) {
      for (const c of candidates) values.add(c);
    } else {
      const [start, end] = message.range;
      const slice = text.slice(start, end);
      if (slice.trim().length >= 8 && !isMasked(slice)) values.add(slice);
    }
  }
  return [...values];
}
