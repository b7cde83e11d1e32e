// A pinned code-server (VS Code in the browser) for `npm start` and the e2e
// suite: installed once into `.code-server/` from npm and finished offline,
// then launched on loopback with isolated folders and its own process group.
//
//   node scripts/code-server.mjs          install (or check) and print the entry path
//
// Why by hand: code-server's postinstall downloads ripgrep from GitHub and
// node-gyp would fetch Node's headers from nodejs.org; neither is reachable on
// the project's machines (../shared/docs/NOTES.md, "A real VS Code").
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { lstat, mkdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The newest code-server that runs on Node 20 (VS Code 1.100.3). */
export const CODE_SERVER_VERSION = '4.100.3';

/** The project folder (this file lives in scripts/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the install and `npm start`'s isolated folders live (git-ignored). */
export const CODE_SERVER_HOME = join(PROJECT_ROOT, '.code-server');

const STAMP = 'installed.json';

/** Prints a progress line on stderr, so stdout stays for the URL. */
export function log(message) {
  process.stderr.write(`[clawdock] ${message}\n`);
}

// ─── install ────────────────────────────────────────────────────────────────

/**
 * Installs code-server into `home` when missing and returns the path of its
 * entry script. The stamp records the version and Node's module ABI: native
 * modules built for another Node are rebuilt.
 */
export async function ensureCodeServer({ home = CODE_SERVER_HOME, say = log } = {}) {
  const pkgDir = join(home, 'node_modules', 'code-server');
  const entry = join(pkgDir, 'out', 'node', 'entry.js');
  const want = { version: CODE_SERVER_VERSION, nodeAbi: process.versions.modules };
  const stamp = await readJson(join(home, STAMP));
  if (stamp && stamp.version === want.version && stamp.nodeAbi === want.nodeAbi && existsSync(entry)) return entry;

  const started = Date.now();
  say(`installing code-server ${CODE_SERVER_VERSION} into ${home} (once; about a minute)`);
  const rg = await which('rg');
  if (!rg) throw new SetupError('ripgrep (rg) is not installed', 'run `node scripts/preflight.mjs --packages` as root (or `apt-get install ripgrep`)');
  const env = npmEnv();

  await mkdir(home, { recursive: true });
  await rm(join(home, STAMP), { force: true });
  await writeFile(join(home, 'package.json'), `${JSON.stringify({ name: 'clawdock-code-server', private: true, description: 'code-server for npm start and the e2e suite (scripts/code-server.mjs)', dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2)}\n`);

  const installed = await readJson(join(pkgDir, 'package.json'));
  if (installed?.version !== CODE_SERVER_VERSION) {
    say('1/6 npm install code-server (scripts off: its postinstall would download from GitHub)');
    await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: home, env });
  } else say('1/6 code-server package present');

  say('2/6 building argon2 (password hashing) against the local Node headers');
  await run('npm', ['rebuild', 'argon2'], { cwd: home, env });

  const vscodeDir = join(pkgDir, 'lib', 'vscode');
  say('3/6 installing VS Code\'s runtime dependencies');
  await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: vscodeDir, env });

  say('4/6 linking ripgrep and building native modules (node-pty, spdlog, kerberos, …)');
  // @vscode/ripgrep's postinstall skips the download when the binary exists.
  await mkdir(join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin'), { recursive: true });
  await forceSymlink(rg, join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  await run('npm', ['rebuild'], { cwd: vscodeDir, env });

  say('5/6 linking what the postinstall would have linked');
  await forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  await forceSymlink('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  await forceSymlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

  say('6/6 installing the built-in extensions\' shared dependencies');
  await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], { cwd: join(vscodeDir, 'extensions'), env });

  if (!existsSync(entry)) throw new SetupError(`code-server's entry ${entry} is missing after the install`, `remove ${home} and try again`);
  await writeFile(join(home, STAMP), `${JSON.stringify({ ...want, installedAt: new Date().toISOString() }, null, 2)}\n`);
  say(`code-server ${CODE_SERVER_VERSION} ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return entry;
}

/** npm's environment for offline native builds: Node's headers from the local install, no prompts. */
function npmEnv() {
  const env = { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  if (!env.npm_config_nodedir) {
    const prefix = dirname(dirname(process.execPath));
    const nodedir = [prefix, '/usr'].find((d) => existsSync(join(d, 'include', 'node', 'node.h')));
    if (!nodedir) throw new SetupError(`Node's headers are missing (looked in ${prefix}/include/node and /usr/include/node)`, 'install Node with its headers (Debian: the nodejs package from NodeSource, or nodejs-dev)');
    env.npm_config_nodedir = nodedir;
  }
  return env;
}

// ─── the extension ──────────────────────────────────────────────────────────

/** Builds and packages the extension (`npm run package`) and returns the .vsix path. */
export async function packageExtension({ root = PROJECT_ROOT, say = log } = {}) {
  const vsix = join(root, 'dist', 'clawdock.vsix');
  say('building and packaging the extension (npm run package)');
  await run('npm', ['run', '--silent', 'package'], { cwd: root, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (!existsSync(vsix)) throw new SetupError(`\`npm run package\` did not produce ${vsix}`, 'check the "package" script in package.json');
  return vsix;
}

/** Installs a .vsix into an isolated extensions folder (replacing an older copy). */
export async function installExtension({ entry, vsix, extensionsDir, userDataDir, env = isolatedEnv(CODE_SERVER_HOME), say = log }) {
  say(`installing ${vsix} into ${extensionsDir}`);
  await mkdir(extensionsDir, { recursive: true });
  await run(process.execPath, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], { env });
}

// ─── the engine ─────────────────────────────────────────────────────────────

/**
 * Asks the Docker engine named by DOCKER_HOST (or the default socket) for
 * `/_ping`, as the extension will. Resolves `{ ok, address, reason }`.
 */
export function pingEngine(env = process.env, timeoutMs = 5000) {
  const raw = (env.DOCKER_HOST ?? '').trim();
  let options;
  let address;
  if (raw === '' || raw.startsWith('/') || raw.startsWith('unix://')) {
    const socketPath = raw === '' ? '/var/run/docker.sock' : raw.replace(/^unix:\/\//, '');
    options = { socketPath, path: '/_ping' };
    address = `unix://${socketPath}`;
  } else {
    const m = /^(?:tcp|http):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(raw);
    address = raw;
    // TLS engines are checked by the extension itself; only plain TCP is probed here.
    if (!m || env.DOCKER_TLS_VERIFY === '1') return Promise.resolve({ ok: true, address, reason: 'not probed (TLS or unusual address)' });
    options = { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2] ?? 2375), path: '/_ping' };
  }
  return new Promise((done) => {
    const req = get(options, (res) => {
      res.resume();
      done(res.statusCode === 200 ? { ok: true, address } : { ok: false, address, reason: `answered HTTP ${res.statusCode}` });
    });
    req.on('error', (err) => done({ ok: false, address, reason: err.code ?? err.message }));
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      done({ ok: false, address, reason: `no answer within ${timeoutMs / 1000} s` });
    });
  });
}

/** The one-paragraph "how to fix it" for an engine that does not answer. */
export function engineHelp({ address, reason }) {
  return [
    `Docker is not reachable at ${address} (${reason}).`,
    'Clawdock runs every command in a Docker container, so it needs an engine:',
    '  - on this project\'s machines: bash .ci/engine.sh   (installs and starts dockerd)',
    '  - elsewhere: start Docker (Docker Desktop, `sudo systemctl start docker`, or Podman\'s socket)',
    '  - or point DOCKER_HOST at a running engine, e.g. DOCKER_HOST=unix:///run/user/1000/docker.sock',
  ].join('\n');
}

// ─── launch ─────────────────────────────────────────────────────────────────

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** A random password for `--auth password`. */
export function randomPassword() {
  return randomBytes(18).toString('base64url');
}

/** HOME and XDG folders under `dir`, so code-server reads and writes nothing of the user's. */
export function isolatedEnv(dir, base = process.env) {
  const env = { ...base, HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'home', '.config'), XDG_DATA_HOME: join(dir, 'home', '.local', 'share'), XDG_CACHE_HOME: join(dir, 'home', '.cache'), XDG_STATE_HOME: join(dir, 'home', '.local', 'state'), XDG_RUNTIME_DIR: join(dir, 'run') };
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

/** User settings for a quiet workbench; `trust` decides whether workspace trust applies. */
export function workbenchSettings({ trust }) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.commandCenter.enabled': false,
    'security.workspace.trust.enabled': trust,
    // Untrusted stays untrusted: no modal asks at startup (issue 6, test 5).
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
  };
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and waits until it
 * answers. `auth` is 'password' (then `password` is passed through PASSWORD)
 * or 'none'. `trust: false` turns workspace trust off (every folder trusted);
 * `trust: true` leaves folders untrusted until the person trusts them.
 * Resolves `{ url, port, pid, logFile, exited, stop() }`.
 */
export async function startCodeServer({ entry, workspace, dataDir, extensionsDir, userDataDir, port, auth = 'password', password, trust = true, settings = {}, logFile, say = log, env: baseEnv = process.env }) {
  if (auth === 'password' && !password) throw new Error('startCodeServer: auth "password" needs a password');
  port = port ?? (await freePort());
  const env = isolatedEnv(dataDir, baseEnv);
  for (const d of [env.HOME, env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.XDG_STATE_HOME, env.XDG_RUNTIME_DIR, extensionsDir, join(userDataDir, 'User')]) await mkdir(d, { recursive: true, mode: 0o700 });
  if (auth === 'password') env.PASSWORD = password;

  const userSettings = join(userDataDir, 'User', 'settings.json');
  const existing = (await readJson(userSettings)) ?? {};
  await writeFile(userSettings, `${JSON.stringify({ ...existing, ...workbenchSettings({ trust }), ...settings }, null, 2)}\n`);
  // Our own config file, so a config.yaml left in HOME cannot change auth or the address.
  const config = join(dataDir, 'config.yaml');
  await writeFile(config, `bind-addr: 127.0.0.1:${port}\nauth: ${auth}\ncert: false\n`, { mode: 0o600 });

  const args = [entry, '--config', config, '--bind-addr', `127.0.0.1:${port}`, '--auth', auth, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];
  if (!trust) args.push('--disable-workspace-trust');
  args.push(workspace);

  logFile = logFile ?? join(dataDir, 'code-server.log');
  await mkdir(dirname(logFile), { recursive: true });
  const out = createWriteStream(logFile, { flags: 'a' });
  await new Promise((done) => out.once('open', done));
  // detached: its own process group, so stop() reaches the extension host and the pty host too.
  const child = spawn(process.execPath, args, { cwd: workspace, env, detached: true, stdio: ['ignore', out, out] });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let running = true;
  void exited.then(() => (running = false));

  const stop = async () => {
    if (running) {
      killGroup(child.pid, 'SIGTERM');
      const late = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
      if (late) killGroup(child.pid, 'SIGKILL');
    }
    // Children that outlive the leader (a TERM is not always passed on) still go.
    killGroup(child.pid, 'SIGKILL');
    out.end();
  };

  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(`${url}healthz`, exited, 60_000);
  } catch (err) {
    await stop();
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
    throw new SetupError(`code-server did not start: ${err.message}\n--- ${logFile} (last lines)\n${tail}`, 'see the log above');
  }
  say(`code-server ${CODE_SERVER_VERSION} listening on ${url} (pid ${child.pid}, log ${logFile})`);
  return { url, port, pid: child.pid, logFile, exited, stop };
}

/** Sends a signal to a whole process group; a group that is gone is fine. */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

async function waitForHttp(url, exited, timeoutMs) {
  let gone = null;
  void exited.then((e) => (gone = e));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`it exited (${gone.signal ?? `code ${gone.code}`})`);
    const status = await new Promise((done) => {
      const req = get(url, (res) => {
        res.resume();
        done(res.statusCode);
      });
      req.on('error', () => done(0));
      req.setTimeout(2000, () => req.destroy());
    });
    if (status === 200) return;
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

// ─── small helpers ──────────────────────────────────────────────────────────

/** A setup step that failed, with what to do about it. */
export class SetupError extends Error {
  constructor(message, hint) {
    super(hint ? `${message} — ${hint}` : message);
    this.name = 'SetupError';
  }
}

/** Runs a command; output goes to stderr (progress) and, on failure, its tail into the error. */
export function run(cmd, args, { cwd, env } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => fail(new SetupError(`could not run ${cmd}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) return done();
      const shown = `${cmd} ${args.join(' ')}`.replace(process.execPath, 'node');
      fail(new SetupError(`\`${shown}\` failed (${signal ?? `exit ${code}`}) in ${cwd ?? process.cwd()}:\n${tail.trim()}`));
    });
  });
}

async function which(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

async function forceSymlink(target, path) {
  const current = await lstat(path).then((s) => (s.isSymbolicLink() ? readlink(path) : ''), () => null);
  if (current === target) return;
  await rm(path, { recursive: true, force: true });
  await symlink(target, path);
}

async function readJson(path) {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // No top-level await: the TypeScript e2e harness loads this file as CommonJS through tsx.
  ensureCodeServer().then(
    (entry) => process.stdout.write(`${entry}\n`),
    (err) => {
      log(err.message);
      process.exit(1);
    },
  );
}
