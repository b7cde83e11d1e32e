// Bundles the extension (vscode external) and the CLI with esbuild.
import { build } from 'esbuild';
import { cp, mkdir, chmod } from 'node:fs/promises';

const production = process.argv.includes('--production');
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
};

await mkdir('dist', { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js' }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The chat webview's script: browser code, bundled beside its stylesheet in media/.
  build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: production, logLevel: 'warning', entryPoints: ['src/extension/chat/webview/main.ts'], outfile: 'media/chat/main.js' }),
]);
await chmod('dist/cli.js', 0o755);
// The bash grammar is loaded at run time from these wasm files; they ship in the .vsix.
await cp('node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm');
await cp('node_modules/tree-sitter-bash/tree-sitter-bash.wasm', 'dist/tree-sitter-bash.wasm');
await cp('sandbox-image', 'dist/sandbox-image', { recursive: true });
