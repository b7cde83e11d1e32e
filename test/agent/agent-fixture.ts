// A real agent session for the suites: a throwaway workspace and its sandbox,
// a real policy, audit log and transcript folder, and a provider pointed at the
// scripted local model server. Everything is removed by `cleanup`.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEvent, AgentSession, AgentSessionOptions, ApprovalDecider, ApprovalRequest, Approver } from '../../src/agent';
import { AnthropicProvider, openAgentSession, recordingApprover } from '../../src/agent';
import type { AuditEvent } from '../../src/audit';
import { AuditLog, Redactor } from '../../src/audit';
import { workspaceKey } from '../../src/core/workspace-key';
import type { BashParser, PolicyLayer } from '../../src/policy';
import { createPolicy, loadBashParser } from '../../src/policy';
import { workspaceFilesFor } from '../../src/sandbox';
import { ShadowWorkspace } from '../../src/changes';
import { ownerCaller } from '../../src/core/caller';
import type { ModelServer, Script } from '../fixtures/model-server/index';
import { startModelServer } from '../fixtures/model-server/index';
import { openSandbox, type SandboxFixture } from '../helpers/sandbox-fixture';

let parser: Promise<BashParser> | undefined;

/** One agent session over a real sandbox and a scripted model. */
export interface AgentFixture {
  readonly sandbox: SandboxFixture;
  /** The change set, when the sandbox is shadowed (the default). */
  readonly changes: ShadowWorkspace | undefined;
  readonly workspace: string;
  readonly server: ModelServer;
  readonly session: AgentSession;
  readonly events: AgentEvent[];
  /** Every approval the session asked for, in order. */
  readonly approvals: ApprovalRequest[];
  readonly sessionsDir: string;
  /** The audit events written so far. */
  auditEvents(): AuditEvent[];
  cleanup(): Promise<void>;
}

/** Options of a fixture. */
export interface AgentFixtureOptions {
  readonly files?: Record<string, string>;
  readonly script: Script;
  /** Answers approvals; default: reject everything. */
  readonly decide?: ApprovalDecider;
  readonly policy?: PolicyLayer;
  readonly session?: Partial<AgentSessionOptions>;
  /** Reuse this sandbox (and its workspace) instead of a new one. */
  readonly sandbox?: SandboxFixture;
  /** Replaces the recording approver entirely (e.g. to answer like the queue's hunk review). */
  readonly approver?: Approver;
  /** Sees each audit event before it is appended; throwing fails the append (a full disk, say). */
  readonly auditFilter?: (event: AuditEvent) => void;
}

/** Builds the fixture; the sandbox is started. */
export async function agentFixture(options: AgentFixtureOptions): Promise<AgentFixture> {
  const sandbox = options.sandbox ?? openSandbox({}, options.files ?? {});
  const server = await startModelServer({ script: options.script, apiKey: 'test-key' });
  const state = mkdtempSync(join(tmpdir(), 'clawdock-agent-state-'));
  const redactor = new Redactor();
  const key = workspaceKey(sandbox.workspace);
  const audit = await AuditLog.open({ root: join(state, 'audit'), workspaceKey: key, redactor });
  parser ??= loadBashParser();
  const access = sandbox.sandbox.currentSettings.workspaceAccess;
  const policy = await createPolicy({ parser: await parser, workspaceAccess: access, ...(options.policy ? { user: options.policy } : {}) });
  const approvals: ApprovalRequest[] = [];
  const decide = options.decide ?? (async () => ({ verdict: 'reject' as const, note: 'the test rejects it' }));
  await sandbox.sandbox.up();
  const sessionsDir = join(state, 'sessions');
  const changes = access === 'shadow' ? new ShadowWorkspace({ sandbox: sandbox.sandbox, stateRoot: sandbox.stateRoot, caller: ownerCaller('cli'), audit: { append: (e: AuditEvent) => audit.append(e) } }) : undefined;
  const session = await openAgentSession({
    provider: new AnthropicProvider({ model: 'claude-sonnet-4-5', baseUrl: server.url, apiKey: 'test-key', retry: { maxAttempts: 1 } }),
    policy, sandbox: sandbox.sandbox, redactor,
    audit: {
      append: async (event: AuditEvent) => {
        options.auditFilter?.(event);
        return audit.append(event);
      },
    }, workspace: sandbox.workspace, sessionsDir, models: [],
    files: workspaceFilesFor(sandbox.sandbox), ...(changes ? { changes } : {}),
    approver: options.approver ?? recordingApprover(async (request, signal) => {
      approvals.push(request);
      return decide(request, signal);
    }, { append: (e: AuditEvent) => (options.auditFilter?.(e), audit.append(e)) }, { by: 'owner', surface: 'editor' }),
    ...options.session,
  });
  const events: AgentEvent[] = [];
  session.onEvent((e) => events.push(e));
  const dir = join(state, 'audit', key);
  return {
    sandbox, changes, workspace: sandbox.workspace, server, session, events, approvals, sessionsDir,
    auditEvents: () => readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event: AuditEvent }).event)),
    async cleanup() {
      await session.close().catch(() => undefined);
      changes?.dispose();
      await audit.close();
      await server.close();
      if (!options.sandbox) await sandbox.cleanup();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
