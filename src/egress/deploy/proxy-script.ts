import type * as Esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EgressError } from '../egress-error';

/** esbuild settings of the proxy's one-file bundle; scripts/build.mjs writes the same to dist/egress-proxy.js. */
export const PROXY_BUNDLE = { entry: 'src/egress/proxy/proxy-main.ts', file: 'egress-proxy.js', target: 'node18' } as const;

/** Linux refuses a single argument longer than this (MAX_ARG_STRLEN); the script travels as `node -e SCRIPT`. */
const MAX_ARGUMENT = 128 * 1024 - 1;

let cached: string | undefined;

/**
 * The proxy as one script for `node -e` in its container: the bundle built
 * beside dist/extension.js and dist/cli.js, or, when running from source
 * (tests, `npm run bench`), bundled now with esbuild, a dev dependency.
 */
export async function proxyScript(): Promise<string> {
  if (cached) return cached;
  const beside = join(__dirname, PROXY_BUNDLE.file);
  let script: string;
  if (existsSync(beside)) {
    script = readFileSync(beside, 'utf8');
  } else {
    const root = resolve(__dirname, '..', '..', '..');
    const entry = join(root, PROXY_BUNDLE.entry);
    if (!existsSync(entry)) throw new EgressError(`the egress proxy bundle ${beside} is missing`, { hint: 'reinstall Clawdock, or run `npm run build`' });
    // A variable module name keeps the extension's bundler from trying to bundle esbuild itself.
    const esbuildName = 'esbuild';
    const esbuild = (await import(esbuildName)) as typeof Esbuild;
    const out = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', target: PROXY_BUNDLE.target, format: 'cjs', minify: true, write: false, logLevel: 'silent' });
    script = out.outputFiles[0]!.text;
  }
  if (Buffer.byteLength(script) > MAX_ARGUMENT) throw new EgressError(`the egress proxy script is ${Buffer.byteLength(script)} bytes, more than one command-line argument may hold`);
  cached = script;
  return script;
}
