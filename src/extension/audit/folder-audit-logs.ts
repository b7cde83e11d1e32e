// One AuditLog per workspace folder, opened on first use. Plain Node (the
// extension passes its global storage, its state and its redactor), tested beside.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuditLog, auditWorkspaceKey, workspaceAuditDir, type AuditEntry, type AuditEvent, type Redactor } from '../../audit';
import type { Logger } from '../../core/logger';

/** The newest line a writer reported: what verify's `expectHead` takes. */
export interface HeadAnchor {
  readonly seq: number;
  readonly hash: string;
}

/** Where head anchors are kept, outside the audit folder (VS Code's `globalState` fits). */
export interface AnchorStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** What the folder logs need. */
export interface FolderAuditLogsOptions {
  /** The audit root: `<globalStorage>/audit`. */
  readonly root: string;
  /** The redactor to open logs with. */
  readonly redactor: () => Redactor;
  readonly anchors: AnchorStore;
  readonly logger: Logger;
  /** Awaited before a log is first opened: the secrets must be known to the redactor first. */
  readonly beforeOpen?: () => Promise<void>;
  /** Every line appended through these logs, with the folder it belongs to (already redacted). */
  readonly onDidAppend?: (workspace: string, entry: AuditEntry) => void;
}

/** The state key of a workspace's head anchor. */
export function anchorKey(workspaceKey: string): string {
  return `clawdock.audit.head.${workspaceKey}`;
}

/**
 * The audit logs of the window's folders, by the folder's real path (the key
 * the CLI and the container use too). A log that failed to open is not cached:
 * the next action tries again and reports the (maybe fixed) problem.
 */
export class FolderAuditLogs {
  private readonly logs = new Map<string, Promise<AuditLog>>();
  private closed = false;

  constructor(private readonly options: FolderAuditLogsOptions) {}

  /** The audit folder name of a workspace folder. */
  key(workspace: string): string {
    return auditWorkspaceKey(realPath(workspace));
  }

  /** The folder holding a workspace's day files. */
  dir(workspace: string): string {
    return workspaceAuditDir(this.options.root, this.key(workspace));
  }

  /** The head this window last saw written for a workspace, if any. */
  expectHead(workspace: string): HeadAnchor | undefined {
    const anchor = this.options.anchors.get<HeadAnchor>(anchorKey(this.key(workspace)));
    return anchor && typeof anchor.seq === 'number' && typeof anchor.hash === 'string' ? { seq: anchor.seq, hash: anchor.hash } : undefined;
  }

  /** The workspace's log, opened (and its folder created, mode 0700) on first use. Throws AuditWriteError when it cannot be. */
  get(workspace: string): Promise<AuditLog> {
    const key = this.key(workspace);
    let log = this.logs.get(key);
    if (!log) {
      log = this.open(workspace, key);
      log.catch(() => this.logs.get(key) === log && this.logs.delete(key));
      this.logs.set(key, log);
    }
    return log;
  }

  /** Appends to the workspace's log; resolves once the line is on disk. Throws AuditWriteError / AuditEventError: then do not act. */
  async append(workspace: string, event: AuditEvent): Promise<AuditEntry> {
    return (await this.get(workspace)).append(event);
  }
  /** `AuditLog.appendBatched` on the folder's log: for a line about what already happened (how a command ended). */
  async appendBatched(workspace: string, event: AuditEvent): Promise<AuditEntry> {
    return (await this.get(workspace)).appendBatched(event);
  }


  /** Closes every log; lines already asked for still land. */
  async close(): Promise<void> {
    this.closed = true;
    const open = [...this.logs.values()];
    this.logs.clear();
    await Promise.all(open.map(async (log) => (await log.catch(() => undefined))?.close()));
  }

  private async open(workspace: string, key: string): Promise<AuditLog> {
    if (this.closed) throw new Error('the audit logs are closed (the extension is shutting down)');
    await this.options.beforeOpen?.();
    const log = await AuditLog.open({ root: this.options.root, workspaceKey: key, redactor: this.options.redactor(), logger: this.options.logger });
    log.onDidAppend((entry) => {
      this.keepAnchor(key, entry);
      this.options.onDidAppend?.(workspace, entry);
    });
    return log;
  }

  /** Keeps the newest head seen; an older one (another window's late write) never replaces it. */
  private keepAnchor(key: string, entry: AuditEntry): void {
    const stored = this.options.anchors.get<HeadAnchor>(anchorKey(key));
    if (stored && typeof stored.seq === 'number' && stored.seq > entry.seq) return;
    Promise.resolve(this.options.anchors.update(anchorKey(key), { seq: entry.seq, hash: entry.hash })).then(undefined, (err: unknown) =>
      this.options.logger.warn(`audit: could not keep the head of ${key}: ${(err as Error).message}`),
    );
  }
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}
