import { existsSync } from 'node:fs';
import path from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';
import type { Language, Tree } from 'web-tree-sitter';
import { ClawdockError } from '../../core/errors';

/** A loaded bash grammar: parsing is synchronous once the wasm is loaded. */
export interface BashParser {
  /** Parses a command line; the caller must `delete()` the tree (it lives in wasm memory). */
  parse(source: string): Tree;
}

/** Where the two wasm files live; defaults to node_modules from source, or beside the bundle. */
export interface BashParserOptions {
  /** A directory holding `web-tree-sitter.wasm` and `tree-sitter-bash.wasm` (the bundle copies both to `dist/`). */
  readonly wasmDir?: string;
}

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const BASH_WASM = 'tree-sitter-bash.wasm';

// Required, not imported: an import makes esbuild bundle web-tree-sitter's ESM
// build, which reads `import.meta.url` — empty in our CommonJS bundle — while
// require picks its CommonJS build both under tsx and in dist/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language: TSLanguage, Parser } = require('web-tree-sitter') as typeof TreeSitter;

// web-tree-sitter keeps one Emscripten module per process: initialising it twice
// at once races, so the first init is shared. Everything else is per parser.
let runtimeReady: Promise<void> | undefined;

/**
 * Loads the bash grammar (async, once per call — hold on to the result and share
 * it). Throws a ClawdockError naming the file when a wasm is missing.
 */
export async function loadBashParser(options: BashParserOptions = {}): Promise<BashParser> {
  const runtimeWasm = locateWasm(RUNTIME_WASM, 'web-tree-sitter', options.wasmDir);
  const bashWasm = locateWasm(BASH_WASM, 'tree-sitter-bash', options.wasmDir);
  runtimeReady ??= Parser.init({ locateFile: () => runtimeWasm }).catch((cause: unknown) => {
    runtimeReady = undefined;
    throw new ClawdockError(`could not start the bash parser from ${runtimeWasm}`, { cause, hint: 'reinstall the extension; the wasm files ship inside it' });
  });
  await runtimeReady;
  let language: Language;
  try {
    language = await TSLanguage.load(bashWasm);
  } catch (cause) {
    throw new ClawdockError(`could not load the bash grammar from ${bashWasm}`, { cause, hint: 'reinstall the extension; the wasm files ship inside it' });
  }
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(source) {
      const tree = parser.parse(source);
      if (!tree) throw new ClawdockError('the bash parser returned no tree');
      return tree;
    },
  };
}

/** Finds a wasm file: the given directory, else the package in node_modules, else beside this file (the bundle). */
function locateWasm(file: string, pkg: string, wasmDir: string | undefined): string {
  if (wasmDir !== undefined) return path.join(wasmDir, file);
  const candidates: string[] = [];
  try {
    candidates.push(require.resolve(`${pkg}/${file}`));
  } catch {
    // Not resolvable from here: we are running from the bundle, where node_modules is absent.
  }
  // Beside the bundle (`dist/`, where the build copies the wasm); `__dirname` only exists in CommonJS.
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  candidates.push(path.join(here, file));
  return candidates.find((c) => existsSync(c)) ?? path.join(here, file);
}
