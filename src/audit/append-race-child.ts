// A writer process for append-lock.test.ts: opens a workspace's audit log,
// waits for "go" on stdin (so every writer starts at once), appends N lines
// tagged with its name, and prints "done". With the name `crash`, it takes the
// append lock and dies holding it instead. Not part of any bundle.
import { once } from 'node:events';
import { withAppendLock } from './append-lock';
import { workspaceAuditDir } from './audit-paths';
import { AuditLog } from './audit-log';
import { Redactor } from './redact/redactor';
import { execEvent } from './test-events';

async function main(): Promise<void> {
  const [root, key, name, count] = process.argv.slice(2) as [string, string, string, string];
  if (name === 'crash') return withAppendLock(workspaceAuditDir(root, key), async () => process.exit(9));
  const log = await AuditLog.open({ root, workspaceKey: key, redactor: new Redactor({ secretlint: false }) });
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  for (let i = 0; i < Number(count); i++) await log.append(execEvent(`${name}:${i}`));
  await log.close();
  process.stdout.write('done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
