// The .vsix carries dist/ without node_modules: the bundles must not require anything else.
// Built into a folder of its own: dist/ is shared with `npm run package` and the e2e suite.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, type Dirent } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { deflateRawSync } from 'node:zlib';

const out = mkdtempSync(join(tmpdir(), 'clawdock-bundle-'));
/** The activation shell (package.json `main`); it loads the core beside it on first use. */
const extensionJs = join(out, 'extension.js');
const coreJs = join(out, 'extension-core.js');
const cliJs = join(out, 'cli.js');
/** esbuild's account of extension.js and extension-core.js (kept outside `out`, which mirrors dist/). */
const metafile = `${out}.meta.json`;

/** The activation shell's budget: a tenth of today's would not hold one real dependency (zod alone is ~100 KB). */
const SHELL_BUDGET_KB = 16;
/** The core's budget: its size when the shell split off (1,042 KB) plus about 10 %, so growth is noticed. */
const CORE_BUDGET_KB = 1150;

before(() => {
  assert.equal(spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', out, '--metafile', metafile], { stdio: 'inherit' }).status, 0);
});

after(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(metafile, { force: true });
});

/**
 * The packages a (non-minified) bundle requires at run time, but those a dependency only tries,
 * as the first statement of a `try` block, and does without (ws's optional native helpers
 * bufferutil and utf-8-validate, node-fetch's encoding): the .vsix carries none of them.
 */
function externalRequires(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/require\("([^"./][^"]*)"\)/g)) {
    const tried = /try\s*\{\s*(?:(?:(?:const|let|var)\s+)?[\w$]+\s*=\s*)?$/.test(text.slice(Math.max(0, m.index - 80), m.index));
    if (!tried) found.add(m[1]!);
  }
  const builtins = new Set([...builtinModules, ...builtinModules.map((b) => `node:${b}`)]);
  return [...found].filter((name) => !builtins.has(name) && name !== 'vscode').sort();
}

test('the extension bundles (shell and core) require nothing but Node built-ins and vscode', () => {
  assert.deepEqual(externalRequires(extensionJs), []);
  assert.deepEqual(externalRequires(coreJs), []);
});

test('the activation shell bundles no package and none of the rooms the core needs, only vscode glue and small helpers', () => {
  const { outputs } = JSON.parse(readFileSync(metafile, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const shell = Object.entries(outputs).find(([file]) => file.endsWith('/extension.js'))?.[1];
  assert.ok(shell, `${metafile} names no extension.js`);
  const inputs = Object.keys(shell.inputs);
  const packages = [...new Set(inputs.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter((p) => p !== undefined))];
  assert.deepEqual(packages, [], 'the shell bundles packages (zod, dockerode, ws, web-tree-sitter …?): they belong in the core, loaded on first use');
  const rooms = inputs.filter((f) => !/^src\/(core|extension|gateway)\//.test(f));
  assert.deepEqual(rooms, [], 'the shell bundles modules of the core\'s rooms: import small dependency-free modules, not a room that builds schemas or tables at load');
});

test('the CLI bundle requires nothing but Node built-ins', () => {
  assert.deepEqual(externalRequires(cliJs), []);
});

test('the CLI runs from a copy of dist/ with no node_modules, bash parser included', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdock-dist-'));
  cpSync(out, dir, { recursive: true });
  const r = spawnSync(process.execPath, [join(dir, 'cli.js'), 'policy', 'check', '--call', JSON.stringify({ tool: 'run_command', args: { command: 'echo hi | tee out.txt' } })], {
    encoding: 'utf8',
    cwd: dir,
    env: { PATH: process.env.PATH, CLAWDOCK_HOME: join(dir, 'home') },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).subcommands, [['echo', 'hi'], ['tee', 'out.txt']]);
});

test('secretlint loads from its own file beside the bundles and finds a token there', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clawdock-dist-'));
  try {
    cpSync(out, dir, { recursive: true });
    const script = `
      const m = await import('./secretlint.js');
      const r = await m.lintSource({ source: { content: 'token ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', filePath: 'x.txt', contentType: 'text' },
        options: { config: { rules: [{ id: 'preset', rule: m.creator }] }, noPhysicFilePath: true } });
      process.stdout.write(String(r.messages.length) + ' ' + typeof m.secretLintProfiler.mark);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: dir, env: { PATH: process.env.PATH } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '1 function');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const file of [extensionJs, coreJs, cliJs]) assert.ok(!bundledPackages(file).has('@secretlint/core'), `${file} should import ./secretlint.js, not carry it`);
});

/**
 * The packages a (non-minified) bundle carries, from esbuild's `// node_modules/<pkg>/…` path
 * comments (`// ../other/node_modules/…` where node_modules is a link to another checkout).
 */
function bundledPackages(file: string): Set<string> {
  const found = new Set<string>();
  for (const m of readFileSync(file, 'utf8').matchAll(/^\/\/ (?:[^\n]*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) found.add(m[1]!);
  return found;
}

test('the bundles carry no gRPC or protobuf: dockerode\'s BuildKit session and progress decoder are stubbed (scripts/build.mjs, STUBS)', () => {
  for (const file of [coreJs, cliJs]) {
    const packages = bundledPackages(file);
    assert.ok(packages.has('dockerode'), `${file}: expected dockerode's path comments (is this a non-minified build?)`);
    for (const unwanted of ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'readable-stream', 'debug']) {
      assert.ok(!packages.has(unwanted), `${file} bundles ${unwanted} again; stub the module that pulls it in (scripts/stubs)`);
    }
    assert.doesNotMatch(readFileSync(file, 'utf8'), /^\/\/ node_modules\/zod\/v4\/locales\/(?!en\.js)/m, `${file} bundles zod's non-English locales`);
  }
});

test('ws (a dependency kept for the gateway) is bundled only once something under src imports it', () => {
  const importers = spawnSync('grep', ['-rlE', "from 'ws'|require\\('ws'\\)", 'src'], { encoding: 'utf8' }).stdout.trim();
  if (importers === '') assert.ok(!bundledPackages(coreJs).has('ws'));
});

test(`the production bundles stay in budget — the activation shell (extension.js) under ${SHELL_BUDGET_KB} KB, the core under ${CORE_BUDGET_KB} KB — and the .vsix under 1 MB, without the CLI`, async () => {
  // A stand-in project folder holding what `npm run package` packs, with a production build as its dist/.
  const project = mkdtempSync(join(tmpdir(), 'clawdock-vsix-'));
  try {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', join(project, 'dist')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const kb = (file: string) => statSync(join(project, 'dist', file)).size / 1024;
    const why = 'see what grew with `node scripts/build.mjs --production --outdir DIR --metafile FILE` and esbuild\'s analyser';
    assert.ok(kb('extension.js') < SHELL_BUDGET_KB, `extension.js (the activation shell) is ${kb('extension.js').toFixed(1)} KB (budget ${SHELL_BUDGET_KB} KB): ${why}`);
    assert.ok(kb('extension-core.js') < CORE_BUDGET_KB, `extension-core.js is ${Math.round(kb('extension-core.js'))} KB (budget ${CORE_BUDGET_KB} KB): ${why}`);
    for (const f of ['package.json', '.vscodeignore', 'README.md', 'SECURITY.md', 'LICENSE', 'media']) cpSync(f, join(project, f), { recursive: true });
    // The listing `vsce package` packs, compressed as the zip will be.
    const { listFiles, PackageManager } = await import('@vscode/vsce');
    const files = await listFiles({ cwd: project, packageManager: PackageManager.None });
    // Every file the build writes beside the bundle is read at run time (the executor, the egress
    // proxy's script, the grammars, the image's Dockerfile …): each ships, but the CLI and source maps.
    const built = (readdirSync(join(project, 'dist'), { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((e) => e.isFile())
      .map((e) => relative(project, join(e.parentPath ?? e.path, e.name)).split(sep).join('/'))
      .filter((f) => f !== 'dist/cli.js' && !f.endsWith('.map'));
    assert.deepEqual(built.filter((f) => !files.includes(f)), [], 'built files missing from the .vsix (.vscodeignore)');
    assert.ok(files.includes('dist/egress-proxy.js'), 'the egress proxy\'s script ships beside the bundle (an allowlist network needs it)');
    assert.ok(files.includes('dist/extension-core.js'), 'the core ships beside the activation shell, which loads it on first use');
    assert.ok(!files.includes('dist/cli.js'), 'the extension never runs dist/cli.js: keep it out of the .vsix (.vscodeignore)');
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'source maps stay out of the .vsix');
    const zipped = files.reduce((sum, f) => sum + deflateRawSync(readFileSync(join(project, f))).length, 0);
    assert.ok(zipped < 1024 * 1024, `the .vsix would be about ${Math.round(zipped / 1024)} KB (budget 1 MB)`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
