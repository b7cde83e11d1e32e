// `npm start [-- WORKSPACE] [--no-auth] [--port N]`: Clawdock in a real VS Code.
// Checks the Docker engine, builds and packages the extension, installs a
// pinned code-server once (.code-server/), installs the .vsix into isolated
// folders there, and serves the workspace on 127.0.0.1 until Ctrl-C.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CODE_SERVER_HOME,
  PROJECT_ROOT,
  engineHelp,
  ensureCodeServer,
  installExtension,
  isolatedEnv,
  log,
  packageExtension,
  pingEngine,
  portIsFree,
  randomPassword,
  startCodeServer,
} from './code-server.mjs';
import { preflight } from './preflight.mjs';

const USAGE = `usage: npm start [-- [WORKSPACE] [--no-auth] [--port N]]

  WORKSPACE   folder to open (default: the current folder)
  --no-auth   serve without a password (anyone who reaches 127.0.0.1:PORT gets a shell-capable editor)
  --port N    listen on 127.0.0.1:N (default: a free port)`;

/** Exit codes: 2 bad arguments, 3 no engine, 1 anything else. */
const EXIT = { usage: 2, engine: 3, failed: 1 };

function parseArgs(argv) {
  const opts = { workspace: undefined, auth: 'password', port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return { help: true };
    if (a === '--no-auth') opts.auth = 'none';
    else if (a === '--port' || a.startsWith('--port=')) {
      const value = a.includes('=') ? a.slice('--port='.length) : argv[++i];
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port needs a number from 1 to 65535, got ${value ?? 'nothing'}`);
      opts.port = port;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (opts.workspace === undefined) opts.workspace = a;
    else throw new UsageError(`one workspace folder only (got ${opts.workspace} and ${a})`);
  }
  return opts;
}

class UsageError extends Error {}

/** The folder `npm start` was called from: npm runs scripts in the project root but remembers INIT_CWD. */
function callerDir() {
  return process.env.INIT_CWD ?? process.cwd();
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const workspace = resolve(callerDir(), opts.workspace ?? '.');
  if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
    process.stderr.write(`the workspace ${workspace} is not a folder\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (opts.port !== undefined && !(await portIsFree(opts.port))) {
    process.stderr.write(`port ${opts.port} on 127.0.0.1 is taken; pick another --port or leave it out for a free one\n`);
    return EXIT.usage;
  }

  // The preflight `npm test` runs too: npm dependencies, Debian packages (code-server
  // needs ripgrep and a toolchain), and, as root on a Debian-like machine, an engine.
  const ready = preflight();
  if (!ready.dependencies || !ready.packages) return EXIT.failed;
  // Before anything is built or started: without an engine nothing in Clawdock works.
  const engine = await pingEngine();
  if (!engine.ok) {
    process.stderr.write(`${engineHelp(engine)}\n`);
    return EXIT.engine;
  }
  log(`Docker engine answers at ${engine.address}`);

  const entry = await ensureCodeServer();
  const vsix = await packageExtension();
  const dataDir = CODE_SERVER_HOME;
  const extensionsDir = join(dataDir, 'extensions');
  const userDataDir = join(dataDir, 'user-data');
  await installExtension({ entry, vsix, extensionsDir, userDataDir, env: isolatedEnv(dataDir) });

  const before = sandboxRunning(workspace);
  const password = opts.auth === 'password' ? randomPassword() : undefined;
  const server = await startCodeServer({ entry, workspace, dataDir, extensionsDir, userDataDir, port: opts.port, auth: opts.auth, password, trust: true, settings: { 'security.workspace.trust.startupPrompt': 'once' } });

  let stopping = false;
  const shutdown = async (why) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping code-server`);
    await server.stop();
    // A container this session started goes too; one that was already running belongs to someone else.
    if (!before && sandboxRunning(workspace)) {
      log(`removing the sandbox container started for ${workspace}`);
      spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli.js'), 'sandbox', 'down', '--workspace', workspace], { stdio: 'ignore', timeout: 30_000 });
    }
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('Ctrl-C'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));

  const lines = ['', `  Clawdock in VS Code: ${server.url}`, `  workspace: ${workspace}`];
  if (password) lines.push(`  password:  ${password}   (shown once; a new one every start)`);
  else lines.push('  authentication: OFF (--no-auth) — anyone who can reach this port gets an editor with a terminal');
  lines.push('  VS Code asks whether you trust the folder: Clawdock\'s sandbox commands need a trusted workspace.');
  lines.push(`  Ctrl-C stops it. Log: ${server.logFile}`, '');
  process.stdout.write(`${lines.join('\n')}\n`);

  const end = await server.exited;
  if (!stopping) {
    process.stderr.write(`code-server exited on its own (${end.signal ?? `code ${end.code}`}); see ${server.logFile}\n`);
    await server.stop();
    return EXIT.failed;
  }
  return new Promise(() => {}); // shutdown() exits
}

/** Whether the workspace's sandbox container runs, asked through Clawdock's own CLI (needs a build). */
function sandboxRunning(workspace) {
  const cli = join(PROJECT_ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) return false;
  const r = spawnSync(process.execPath, [cli, 'sandbox', 'status', '--workspace', workspace, '--json'], { encoding: 'utf8', timeout: 20_000 });
  try {
    return JSON.parse(r.stdout).state === 'running';
  } catch {
    return false;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`npm start failed: ${err.message}\n`);
    process.exit(EXIT.failed);
  },
);
