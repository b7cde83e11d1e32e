// Decides, before a real-engine suite registers its tests, whether the engine
// answers: skipped on a laptop without Docker, a failure in CI (issue 2: "a
// skipped sandbox suite is a failure there").
import { spawnSync } from 'node:child_process';
import { resolveEngineAddress } from '../../src/sandbox';

/** Options for `describe` that skip the suite when no engine answers; throws when CI=true. */
export function requireEngine(env: NodeJS.ProcessEnv = process.env): { skip: string | false } {
  const address = resolveEngineAddress('', env);
  // Synchronous on purpose: `describe` needs to know now, and the files are CommonJS (no top-level await).
  const probe = `
    const http = require(${JSON.stringify(address.protocol === 'https' ? 'https' : 'http')});
    const req = http.get(${JSON.stringify(address.socketPath ? { socketPath: address.socketPath, path: '/_ping' } : { host: address.host, port: address.port, path: '/_ping', rejectUnauthorized: false })}, (res) => process.exit(res.statusCode === 200 ? 0 : 1));
    req.on('error', () => process.exit(1));
    req.setTimeout(5000, () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', probe], { timeout: 10_000, stdio: 'ignore' });
  if (result.status === 0) return { skip: false };
  const why = `the Docker engine does not answer at ${address.display}; run \`bash .ci/engine.sh\` to start it`;
  if (env.CI === 'true') throw new Error(`${why} (CI=true: the real-engine suites may not be skipped)`);
  return { skip: why };
}
