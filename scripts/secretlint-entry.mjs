// The secretlint pass's three packages as one file, dist/secretlint.js, loaded
// by src/audit/redact/secretlint-pass.ts on first use (scripts/build.mjs). One
// file, so core and our code share one profiler instance (the pass silences it).
export { lintSource } from '@secretlint/core';
export { creator } from '@secretlint/secretlint-rule-preset-recommend';
export { secretLintProfiler } from '@secretlint/profiler';
