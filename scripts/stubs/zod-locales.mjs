// Stands in for zod's locales/index.js: zod's namespace object re-exports all
// of its ~50 message locales (about 260 KB minified), and a namespace that is
// used as a whole cannot be tree-shaken. Clawdock's messages are English (the
// default zod sets itself), so only `en` is kept.
export { default as en } from 'zod/v4/locales/en.js';
