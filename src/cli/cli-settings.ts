import { join } from 'node:path';
import { clawdockHome } from '../core/clawdock-home';
import type { ConfigSource } from '../core/config/config-source';
import { checkPolicyKeys, readJsonFile, readPolicyFile } from './policy-file';

export { clawdockHome } from '../core/clawdock-home';

/**
 * The CLI's settings, read the same way by every command: `$CLAWDOCK_HOME/settings.json`,
 * holding the same keys as VS Code's settings (`"clawdock.sandbox.memoryMb": 1024`,
 * `"clawdock.policy.rules": […]`), over `$CLAWDOCK_HOME/policy.json` (policy keys
 * only, `{ "mode": …, "rules": […] }`): a key set in both is taken from settings.json.
 * A missing file is the defaults; a broken one (not JSON, a FIFO, an unknown policy
 * key) is an error naming it, never silently ignored.
 */
export function readCliSettings(env: NodeJS.ProcessEnv = process.env): ConfigSource {
  const home = clawdockHome(env);
  const file = join(home, 'settings.json');
  const values = readJsonFile(file, 'settings') ?? {};
  checkPolicyKeys(values, file);
  const policyFile = readPolicyFile(join(home, 'policy.json')) ?? {};
  return {
    get: <T>(key: string) => {
      const own = values[`clawdock.${key}`];
      return (own !== undefined ? own : policyFile[key]) as T | undefined;
    },
  };
}
