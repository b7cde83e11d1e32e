// Stands in for two zod modules Clawdock never calls: z.compile (a schema
// JIT, ~29 KB) and z.fromJSONSchema (~12 KB). zod's `z` namespace re-exports
// them, and a namespace used as a whole cannot be tree-shaken. Calling one
// says so instead of failing obscurely. If zod renames an export, the build
// fails with "No matching export" — update this file then.
const unavailable = (name) => () => {
  throw new Error(`zod's ${name} is not included in Clawdock's bundle (scripts/stubs/zod-unused.mjs)`);
};
export const INVALID = Symbol.for('zod.compile.invalid');
export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}
export const compile = unavailable('compile');
export const compileFn = unavailable('compile');
export const withParser = unavailable('withParser');
export const fromJSONSchema = unavailable('fromJSONSchema');
