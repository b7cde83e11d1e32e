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
const extensionJs = join(out, 'extension.js');
const cliJs = join(out, 'cli.js');

before(() => {
  assert.equal(spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', out], { stdio: 'inherit' }).status, 0);
});

after(() => rmSync(out, { recursive: true, force: true }));

function externalRequires(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/require\("([^"./][^"]*)"\)/g)) found.add(m[1]!);
  const builtins = new Set([...builtinModules, ...builtinModules.map((b) => `node:${b}`)]);
  return [...found].filter((name) => !builtins.has(name) && name !== 'vscode').sort();
}

test('the extension bundle requires nothing but Node built-ins and vscode', () => {
  assert.deepEqual(externalRequires(extensionJs), []);
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
  for (const file of [extensionJs, cliJs]) assert.ok(!bundledPackages(file).has('@secretlint/core'), `${file} should import ./secretlint.js, not carry it`);
});

/** The packages a (non-minified) bundle carries, from esbuild's `// node_modules/<pkg>/…` path comments. */
function bundledPackages(file: string): Set<string> {
  const found = new Set<string>();
  for (const m of readFileSync(file, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) found.add(m[1]!);
  return found;
}

test('the bundles carry no gRPC or protobuf: dockerode\'s BuildKit session and progress decoder are stubbed (scripts/build.mjs, STUBS)', () => {
  for (const file of [extensionJs, cliJs]) {
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
  if (importers === '') assert.ok(!bundledPackages(extensionJs).has('ws'));
});

test('the production extension bundle stays under 800 KB and the .vsix under 1 MB, without the CLI', async () => {
  // A stand-in project folder holding what `npm run package` packs, with a production build as its dist/.
  const project = mkdtempSync(join(tmpdir(), 'clawdock-vsix-'));
  try {
    const r = spawnSync(process.execPath, ['scripts/build.mjs', '--production', '--outdir', join(project, 'dist')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const size = statSync(join(project, 'dist', 'extension.js')).size;
    assert.ok(size < 800 * 1024, `extension.js is ${Math.round(size / 1024)} KB (budget 800 KB): see what grew with esbuild's metafile`);
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
    assert.ok(!files.includes('dist/cli.js'), 'the extension never runs dist/cli.js: keep it out of the .vsix (.vscodeignore)');
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], 'source maps stay out of the .vsix');
    const zipped = files.reduce((sum, f) => sum + deflateRawSync(readFileSync(join(project, f))).length, 0);
    assert.ok(zipped < 1024 * 1024, `the .vsix would be about ${Math.round(zipped / 1024)} KB (budget 1 MB)`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
