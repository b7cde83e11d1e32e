// `npm start` as a new user runs it, in a clean clone: the README's first
// command must serve the workbench on loopback and stop cleanly on Ctrl-C.
//
//   node .ci/start-smoke.mjs [REPO]     (REPO defaults to this checkout; its HEAD is cloned)
//
// Steps: clone HEAD into a temp folder (no node_modules, no dist, no
// .code-server), run `npm start -- SCRATCH --no-auth --port P` there in its
// own process group, wait until GET / on 127.0.0.1:P answers with the
// workbench page, send SIGINT to the group, and check that npm, code-server
// and every child of either are gone and the port is free.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const REPO = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
/** A fresh clone installs npm packages and code-server (about a minute each here). */
const READY_WITHIN_MS = 15 * 60_000;
const STOP_WITHIN_MS = 60_000;

const say = (line) => process.stderr.write(`[start-smoke] ${line}\n`);

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** GET a URL on loopback: `{ status, body }`, or `{ status: 0 }` when nothing answers. */
function fetchText(url) {
  return new Promise((done) => {
    const req = get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', () => done({ status: 0 }));
    req.setTimeout(5000, () => req.destroy());
  });
}

/** True while any process of the group `pgid` lives. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Pids of live processes whose command line mentions `text`. */
function processesMentioning(text) {
  const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter((line) => line.includes(text) && !line.includes('start-smoke'))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'clawdock-start-smoke-'));
  const clone = join(work, 'clone');
  const scratch = join(work, 'scratch folder');
  const logFile = join(work, 'npm-start.log');
  let child;
  try {
    say(`cloning ${REPO} (HEAD) into ${clone}`);
    const cloned = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', REPO, clone], { stdio: 'inherit' });
    if (cloned.status !== 0) throw new Error('git clone failed');
    spawnSync('mkdir', ['-p', scratch]);
    writeFileSync(join(scratch, 'hello.txt'), 'a scratch folder for the npm start smoke test\n');

    const port = await freePort();
    const out = createWriteStream(logFile);
    await new Promise((done) => out.once('open', done));
    say(`npm start -- "${scratch}" --no-auth --port ${port}  (log: ${logFile})`);
    // detached: npm start gets a process group of its own, as a terminal would give it.
    child = spawn('npm', ['start', '--', scratch, '--no-auth', '--port', String(port)], {
      cwd: clone,
      detached: true,
      stdio: ['ignore', out, out],
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    });
    let exited = null;
    child.once('exit', (code, signal) => (exited = { code, signal }));

    const url = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + READY_WITHIN_MS;
    let page = { status: 0 };
    while (Date.now() < deadline && exited === null) {
      page = await fetchText(url);
      // code-server sends the folder along in a redirect first; follow it once.
      if (page.status >= 300 && page.status < 400 && page.location) page = await fetchText(new URL(page.location, url).href);
      if (page.status === 200) break;
      await sleep(1000);
    }
    if (exited) throw new Error(`npm start exited before serving (${exited.signal ?? `code ${exited.code}`})`);
    if (page.status !== 200) throw new Error(`${url} did not answer within ${READY_WITHIN_MS / 60_000} min`);
    if (!/workbench/i.test(page.body)) throw new Error(`${url} answered, but not with the workbench page:\n${page.body.slice(0, 300)}`);
    say(`GET ${url} answered with the workbench (${page.body.length} bytes)`);

    const log = readFileSync(logFile, 'utf8');
    const serverPid = Number(/listening on \S+ \(pid (\d+)/.exec(log)?.[1]);
    if (!serverPid) throw new Error('npm start did not name the code-server pid in its log');

    say(`Ctrl-C (SIGINT to the process group ${child.pid})`);
    process.kill(-child.pid, 'SIGINT');
    const stopBy = Date.now() + STOP_WITHIN_MS;
    while (Date.now() < stopBy && (exited === null || groupAlive(child.pid) || groupAlive(serverPid))) await sleep(250);
    if (exited === null) throw new Error(`npm start did not exit within ${STOP_WITHIN_MS / 1000} s of Ctrl-C`);
    if (groupAlive(child.pid)) throw new Error(`processes of npm start's group ${child.pid} outlived it`);
    if (groupAlive(serverPid)) throw new Error(`code-server's process group ${serverPid} outlived npm start`);
    const leftovers = processesMentioning(clone);
    if (leftovers.length > 0) throw new Error(`processes started from the clone are still running: ${leftovers.join(' ')}`);
    if ((await fetchText(url)).status !== 0) throw new Error(`${url} still answers after the stop`);
    say(`stopped cleanly (${exited.signal ?? `exit ${exited.code}`}); the port is free and no process is left`);
  } catch (err) {
    const tail = (() => {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      } catch {
        return '(no log)';
      }
    })();
    say(`FAILED: ${err.message}\n--- npm start log (last lines)\n${tail}`);
    process.exitCode = 1;
  } finally {
    if (child?.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
    for (const pid of processesMentioning(clone)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
