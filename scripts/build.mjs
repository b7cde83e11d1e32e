// Bundles the extension (vscode external) and the CLI with esbuild.
import { build } from 'esbuild';
import { cp, mkdir, chmod, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/**
 * Modules of our dependencies that Clawdock never reaches, replaced by the small
 * stubs in scripts/stubs (test/package/bundle.test.ts keeps them out):
 * dockerode's BuildKit session and progress decoder (they pull @grpc/grpc-js and
 * protobufjs; our image builds with the classic builder), readable-stream
 * (a copy of Node's own streams), the `debug` tracer (docker-modem, secretlint), and zod's
 * ~50 message locales (we only use English, zod's default), `z.compile` and
 * `z.fromJSONSchema`, and the optional packages ws and node-fetch try
 * to load and do without (bufferutil, utf-8-validate, encoding). Goal (issue 11): extension.js under 800 KB.
 */
const STUBS = [
  { importer: /[\\/]node_modules[\\/]dockerode[\\/]lib[\\/]/, path: /^\.\/session(\.js)?$/, stub: 'scripts/stubs/dockerode-session.cjs' },
  { importer: /[\\/]node_modules[\\/]dockerode[\\/]lib[\\/]/, path: /^\.\/buildkit(\.js)?$/, stub: 'scripts/stubs/dockerode-buildkit.cjs' },
  { importer: /[\\/]node_modules[\\/]/, path: /^readable-stream$/, stub: 'scripts/stubs/readable-stream.cjs' },
  { importer: /[\\/]node_modules[\\/]/, path: /^debug$/, stub: 'scripts/stubs/debug.cjs' },
  { importer: /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/, path: /^\.\.\/locales\/index\.js$/, stub: 'scripts/stubs/zod-locales.mjs' },
  { importer: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]core[\\/]/, path: /^\.\/compile\.js$/, stub: 'scripts/stubs/zod-unused.mjs' },
  { importer: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]classic[\\/]/, path: /^\.\/from-json-schema\.js$/, stub: 'scripts/stubs/zod-unused.mjs' },
  { importer: /[\\/]node_modules[\\/]ws[\\/]lib[\\/]/, path: /^(bufferutil|utf-8-validate)$/, stub: 'scripts/stubs/optional-absent.cjs' },
  { importer: /[\\/]node_modules[\\/]node-fetch[\\/]/, path: /^encoding$/, stub: 'scripts/stubs/optional-absent.cjs' },
];

/**
 * Modules our source imports that are loaded on first use instead of with the
 * bundle (each stub requires the real module; only imports from src/ are
 * redirected, so the stub itself reaches the real one).
 */
const LAZY = [{ path: /^dockerode$/, stub: 'scripts/stubs/dockerode-lazy.cjs' }];

/** An esbuild plugin that resolves each STUBS and LAZY entry to its stand-in. */
const stubUnreached = {
  name: 'stub-unreached',
  setup(b) {
    for (const { importer, path, stub } of STUBS) {
      b.onResolve({ filter: path }, (args) => (importer.test(args.importer) ? { path: resolve(stub) } : undefined));
    }
    for (const { path, stub } of LAZY) {
      b.onResolve({ filter: path }, (args) => (/[\\/]src[\\/]/.test(args.importer) ? { path: resolve(stub) } : undefined));
    }
  },
};

/**
 * secretlint (~70 KB) goes in a file of its own, dist/secretlint.js: only the
 * audit's async redaction pass needs it, on first use (an `import()`), so the
 * extension's activation does not parse it.
 */
const SECRETLINT_PACKAGES = /^@secretlint\/(core|secretlint-rule-preset-recommend|profiler)$/;
const splitSecretlint = {
  name: 'split-secretlint',
  setup(b) {
    b.onResolve({ filter: SECRETLINT_PACKAGES }, (args) => (/[\\/]src[\\/]/.test(args.importer) ? { path: './secretlint.js', external: true } : undefined));
  },
};

/**
 * For the activation shell's bundle only: our own modules (src/) count as free
 * of side effects at import, as package.json `"sideEffects": false` would say,
 * so importing one thing from a room's index.ts brings that thing, not the room
 * (the shell needs two small functions of src/gateway). test/package keeps
 * the shell small and free of zod, dockerode, ws and web-tree-sitter.
 */
const SRC = resolve('src') + sep;
const srcSideEffectFree = {
  name: 'src-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData?.resolving || !args.importer.startsWith(SRC)) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
      if (r.errors.length > 0 || !r.path.startsWith(SRC)) return undefined;
      return { path: r.path, sideEffects: false };
    });
  },
};

const production = process.argv.includes('--production');
/** `--outdir DIR`: bundle elsewhere (test/package measures a production build without touching dist/). */
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? 'dist' : process.argv[outdirAt + 1];
if (!outdir) throw new Error('--outdir needs a folder');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  loader: { '.py': 'text', '.sh': 'text' },
  // web-tree-sitter's ESM build locates its wasm through import.meta.url, which a
  // CommonJS bundle lacks; its CommonJS build takes the path we give it.
  // dockerode's ssh transport pulls ssh2 and its optional native helpers, which
  // a unix socket or TCP engine never needs and the .vsix does not carry.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs', ssh2: './scripts/stubs/ssh2.cjs' },
  plugins: [stubUnreached, splitSecretlint],
};

/**
 * `--metafile FILE`: write esbuild's account of what went into extension.js
 * and extension-core.js (one metafile, both outputs; see it with esbuild's analyser).
 */
const metaAt = process.argv.indexOf('--metafile');
const metafile = metaAt === -1 ? undefined : process.argv[metaAt + 1];
await mkdir(outdir, { recursive: true });
await Promise.all([
  // The extension is two bundles: a small activation shell (the package's `main`) and the core it
  // loads on first use from the file beside it (src/extension/activation/lazy-core.ts).
  Promise.all([
    build({ ...common, plugins: [srcSideEffectFree, ...common.plugins], entryPoints: ['src/extension/main.ts'], outfile: `${outdir}/extension.js`, metafile: true }),
    build({ ...common, entryPoints: ['src/extension/core-main.ts'], outfile: `${outdir}/extension-core.js`, metafile: true }),
  ]).then(async ([shell, core]) => {
    if (metafile) await writeFile(metafile, JSON.stringify({ inputs: { ...shell.metafile.inputs, ...core.metafile.inputs }, outputs: { ...shell.metafile.outputs, ...core.metafile.outputs } }));
  }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, plugins: [stubUnreached], entryPoints: ['scripts/secretlint-entry.mjs'], outfile: `${outdir}/secretlint.js` }),
  // The egress proxy runs in its own container as `node -e SCRIPT` (src/egress/deploy/proxy-script.ts): one file for the image's Node 18.
  build({ bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, sourcemap: false, logLevel: 'warning', entryPoints: ['src/egress/proxy/proxy-main.ts'], outfile: `${outdir}/egress-proxy.js` }),
  // The chat webview's script: browser code, bundled beside its stylesheet in media/.
  build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: production, logLevel: 'warning', entryPoints: ['src/extension/chat/webview/main.ts'], outfile: 'media/chat/main.js' }),
]);
await chmod(`${outdir}/cli.js`, 0o755);
// The bash grammar is loaded at run time from these wasm files; they ship in the .vsix.
await cp('node_modules/web-tree-sitter/web-tree-sitter.wasm', `${outdir}/web-tree-sitter.wasm`);
await cp('node_modules/tree-sitter-bash/tree-sitter-bash.wasm', `${outdir}/tree-sitter-bash.wasm`);
await cp('sandbox-image', `${outdir}/sandbox-image`, { recursive: true });
// The resident executor is a Python file the bundles read at run time (src/sandbox/exec/executor-script.ts).
await cp('src/sandbox/exec/executor.py', `${outdir}/executor.py`);
