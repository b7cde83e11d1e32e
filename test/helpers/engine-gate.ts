// Decides, before a real-engine suite registers its tests, whether the engine
// answers: skipped on a laptop without Docker, a failure in CI (issue 2: "a
// skipped sandbox suite is a failure there"). The same suites run against
// every engine CI has (Docker, then Podman's socket: scripts/test.mjs), so
// the gate also says which engine answered, asked of the engine itself.
import { spawnSync } from 'node:child_process';
import { engineKindOf, type EngineKind } from '../../src/sandbox/engine/engine-profile';
import { resolveEngineAddress } from '../../src/sandbox';

/** Asks the engine for `path` synchronously (`describe` needs to know now; the files are CommonJS). */
function askEngine(path: string, env: NodeJS.ProcessEnv): { status: number; body: string } | null {
  const address = resolveEngineAddress('', env);
  const probe = `
    const http = require(${JSON.stringify(address.protocol === 'https' ? 'https' : 'http')});
    const req = http.get(${JSON.stringify(address.socketPath ? { socketPath: address.socketPath, path } : { host: address.host, port: address.port, path, rejectUnauthorized: false })}, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => { process.stdout.write(JSON.stringify({ status: res.statusCode, body })); process.exit(0); });
    });
    req.on('error', () => process.exit(1));
    req.setTimeout(5000, () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', probe], { timeout: 10_000, encoding: 'utf8' });
  if (result.status !== 0) return null;
  try {
    return JSON.parse(result.stdout) as { status: number; body: string };
  } catch {
    return null;
  }
}

/** The name failures carry: `CLAWDOCK_ENGINE_LABEL` (scripts/test.mjs sets it per engine), else the engine's kind. */
export function engineLabel(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLAWDOCK_ENGINE_LABEL || engineKind(env);
}

let kindCache: EngineKind | undefined;

/** Which engine answers at DOCKER_HOST (or the default socket), from its `/version`; Docker when it does not say. */
export function engineKind(env: NodeJS.ProcessEnv = process.env): EngineKind {
  if (kindCache && env === process.env) return kindCache;
  const answer = askEngine('/version', env);
  let kind: EngineKind = 'docker';
  try {
    if (answer?.status === 200) kind = engineKindOf(JSON.parse(answer.body) as Parameters<typeof engineKindOf>[0]);
  } catch {
    kind = 'docker';
  }
  if (env === process.env) kindCache = kind;
  return kind;
}

/** Options for `describe` that skip the suite when no engine answers; throws when CI=true. */
export function requireEngine(env: NodeJS.ProcessEnv = process.env): { skip: string | false } {
  const answer = askEngine('/_ping', env);
  if (answer?.status === 200) return { skip: false };
  const address = resolveEngineAddress('', env);
  const label = env.CLAWDOCK_ENGINE_LABEL ? `${env.CLAWDOCK_ENGINE_LABEL} ` : '';
  const why = `the ${label}engine does not answer at ${address.display}; run \`bash .ci/engine.sh\` (Docker) or \`bash .ci/podman.sh\` (Podman) to start it`;
  if (env.CI === 'true') throw new Error(`${why} (CI=true: the real-engine suites may not be skipped)`);
  return { skip: why };
}

/**
 * Options for one test that cannot apply on some engine: skipped there, with
 * the reason, and only there. Use sparingly: every hardening item must hold on
 * every engine; this is for what the engine lacks, never for what we failed to do.
 */
export function unlessEngine(kind: EngineKind, reason: string): { skip: string | false } {
  return engineKind() === kind ? { skip: `not on ${kind}: ${reason}` } : { skip: false };
}
