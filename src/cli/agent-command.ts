// `clawdock agent …`: the agent loop from a terminal (scripts, CI), with the
// same policy, sandbox, audit log and sessions as the extension.
import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AgentEvent, ApprovalDecider, ModelProvider, TurnResult } from '../agent';
import {
  allowSandboxed, AnthropicProvider, denyAll, listSessions, OpenAiProvider, openAgentSession, recordingApprover, ttyDecider,
} from '../agent';
import { taskOnViolation } from '../agent/violation-setting';
import { ConfigError, UsageError } from '../core/errors';
import { workspaceKey } from '../core/workspace-key';
import { createPolicy, visible, type Policy } from '../policy';
import { readSandboxSettings } from '../sandbox';
import { editableFilesFor } from '../changes';
import { changeNote, cliChanges, cliSandbox } from './sandbox-command';
import { flagNumber, flagString, parseArgs, type ParsedArgs } from './args';
import { openCliAudit, type CliAudit } from './cli-audit';
import { clawdockHome, readCliSettings } from './cli-settings';
import { readCliPolicyLayers } from './policy-layers';
import { EXIT, type CliIo } from './io';
import { readSecrets } from './secret-file';
import { readCliOnViolation } from './cli-violation';
import { readCliModelAllowlist } from './cli-models';

export const AGENT_USAGE = `  clawdock agent run "TASK" [--workspace DIR] [--provider anthropic|openai --model M --base-url URL]
                 [--approve ask|deny|allow-sandboxed] [--on-violation report|halt] [--max-turns N] [--session ID | --continue] [--json]
  clawdock agent sessions [--workspace DIR] [--json]`;

const AGENT_HELP = `usage:
${AGENT_USAGE}

  --approve ask              ask on the terminal for each approval (default with a TTY; refused without one)
  --approve deny             reject everything that needs approval (default without a TTY)
  --approve allow-sandboxed  approve what the policy only asks about (commands, ordinary file edits);
                             never protected paths, secrets files, or anything after untrusted content
  --on-violation halt        end the run at the first tool call the policy refuses (or whose arguments are invalid);
                             the model gets no second try (default: clawdock.policy.onViolation, "report"; a workspace's
                             .clawdock/policy.json may ask for "halt", and then this flag cannot loosen it)
  --json                     print the event stream, one JSON object per line
Keys: ANTHROPIC_API_KEY / OPENAI_API_KEY, else "apiKey.anthropic" / "apiKey.openai" in the vault ("clawdock secrets set apiKey.anthropic").
Exit: 0 finished, 1 stopped on a limit, budget or refusal (or cancelled), 2 usage, 3 engine or provider failure,
      4 halted on a policy violation (stderr and the audit log's run-halted line name the call and the rule).
`;

const DEFAULT_MODELS = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4.1' } as const;

/** `clawdock agent …`: returns the exit code. */
export async function runAgentCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...tail] = argv;
  const args = parseArgs(tail, ['workspace', 'provider', 'model', 'base-url', 'approve', 'max-turns', 'session', 'on-violation'], ['json', 'continue', 'help']);
  if (sub === 'help' || sub === undefined || args.flags.has('help')) {
    io.stdout(AGENT_HELP);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  const workspace = realWorkspace(resolve(io.cwd, flagString(args, 'workspace') ?? '.'));
  const sessionsDir = join(clawdockHome(io.env), 'sessions', workspaceKey(workspace));
  switch (sub) {
    case 'sessions': {
      if (args.positionals.length > 0) throw new UsageError(`unexpected arguments: ${args.positionals.join(' ')}`);
      const sessions = await listSessions(sessionsDir);
      if (args.flags.has('json')) io.stdout(`${JSON.stringify(sessions)}\n`);
      else io.stdout(sessions.length === 0 ? 'no saved sessions\n' : sessions.map((s) => `${s.id}  ${s.updatedAt.slice(0, 16).replace('T', ' ')}  ${visible(s.title)}\n`).join(''));
      return EXIT.ok;
    }
    case 'run':
      return runTask(args, io, workspace, sessionsDir);
    default:
      throw new UsageError(`unknown agent command ${JSON.stringify(sub)}`);
  }
}

async function runTask(args: ParsedArgs, io: CliIo, workspace: string, sessionsDir: string): Promise<number> {
  const task = args.positionals.join(' ').trim();
  if (task === '') throw new UsageError('agent run needs a task: clawdock agent run "fix the failing test"');
  const json = args.flags.has('json');
  const maxTurns = flagNumber(args, 'max-turns');
  if (args.flags.has('continue') && args.flags.has('session')) throw new UsageError('give --session ID or --continue, not both');
  const resume = args.flags.has('continue') ? (await listSessions(sessionsDir))[0]?.id : flagString(args, 'session');
  if (args.flags.has('continue') && resume === undefined) throw new UsageError('--continue: there is no saved session for this workspace yet');
  const provider = createProvider(args, io.env);
  const decider = chooseDecider(flagString(args, 'approve'), io);
  const onViolation = readCliOnViolation(flagString(args, 'on-violation'), io.env, workspace);

  const settings = readCliSettings(io.env);
  const sandboxSettings = readSandboxSettings(settings);
  const ref: { audit?: CliAudit } = {};
  const sandbox = cliSandbox(workspace, sandboxSettings, io, { audit: () => ref.audit });
  const audit = await openCliAudit(workspace, io.env);
  ref.audit = audit;
  const changes = sandboxSettings.workspaceAccess === 'shadow' ? cliChanges(sandbox, audit, io) : undefined;
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const policy = await loadCliPolicy(workspace, io.env);
    for (const notice of policy.notices) io.stderr(`clawdock: ${notice}\n`);
    await sandbox.up();
    const session = await openAgentSession({
      provider, policy, sandbox, audit: audit.log, redactor: audit.redactor, workspace, sessionsDir, models: readCliModelAllowlist(io.env, workspace),
      files: editableFilesFor(sandbox, clawdockHome(io.env)), ...(changes ? { changes } : {}),
      approver: recordingApprover(decider, audit.log, { by: audit.caller.id, surface: 'cli' }),
      ...(resume !== undefined ? { resume } : {}),
      ...(maxTurns !== undefined ? { budget: { maxTurns: Math.floor(maxTurns) } } : {}),
    });
    session.onEvent(json ? (e) => io.stdout(`${JSON.stringify(e)}\n`) : humanRenderer(io));
    let result: TurnResult;
    try {
      if (!json) io.stderr(`clawdock: session ${session.id} (${provider.info.label}, ${provider.info.model})\n`);
      result = await session.runTurn({ text: task, caller: audit.caller, onViolation: taskOnViolation(audit.caller, onViolation) }, { signal: abort.signal });
    } finally {
      await session.close();
    }
    if (changes && !json) io.stderr(changeNote(await changes.afterCommand()));
    return exitCodeOf(result);
  } finally {
    process.off('SIGINT', onSignal);
    changes?.dispose();
    sandbox.dispose();
    await audit.close();
  }
}

/** The policy of a workspace the person named: the CLI's one policy reader (user settings, tightened by the workspace's `.clawdock/policy.json`). */
export async function loadCliPolicy(workspace: string, env: NodeJS.ProcessEnv): Promise<Policy> {
  // The person named this folder, so its settings count (they can only tighten).
  return createPolicy({ ...readCliPolicyLayers(env, workspace), workspaceTrusted: true, workspaceAccess: readSandboxSettings(readCliSettings(env)).workspaceAccess });
}

/** The exit code for how a turn ended. */
export function exitCodeOf(result: Pick<TurnResult, 'stop'>): number {
  switch (result.stop.reason) {
    case 'finished':
      return result.stop.endedAfterRefusal ? EXIT.failure : EXIT.ok;
    case 'error':
      return EXIT.engine;
    case 'halted':
      return EXIT.halted;
    default:
      return EXIT.failure;
  }
}

function realWorkspace(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    throw new UsageError(`the workspace ${path} does not exist`);
  }
}

/** The model provider from the flags, the environment and the CLI's secrets file. */
export function createProvider(args: ParsedArgs, env: NodeJS.ProcessEnv): ModelProvider {
  const secrets = readSecrets(env);
  const keys = { anthropic: env.ANTHROPIC_API_KEY || secrets['apiKey.anthropic'], openai: env.OPENAI_API_KEY || secrets['apiKey.openai'] };
  const baseUrl = flagString(args, 'base-url');
  const named = flagString(args, 'provider');
  if (named !== undefined && named !== 'anthropic' && named !== 'openai') throw new UsageError('--provider must be anthropic or openai');
  const id = named ?? (keys.anthropic && !baseUrl ? 'anthropic' : keys.openai || baseUrl ? 'openai' : undefined);
  if (id === undefined) {
    throw new UsageError('no model provider: set ANTHROPIC_API_KEY or OPENAI_API_KEY, or pass --provider openai --base-url URL --model M for a local server (Ollama, LM Studio, vLLM)');
  }
  const model = flagString(args, 'model') ?? (baseUrl ? undefined : DEFAULT_MODELS[id]);
  if (model === undefined) throw new UsageError('--base-url needs --model: the name the server knows the model by');
  const common = { model, ...(baseUrl ? { baseUrl } : {}) };
  if (id === 'anthropic' && !keys.anthropic) throw new UsageError('no Anthropic key: export ANTHROPIC_API_KEY=… (or store it: `clawdock secrets set apiKey.anthropic`)');
  if (id === 'openai' && !keys.openai && !baseUrl) throw new UsageError('no OpenAI key: export OPENAI_API_KEY=… (or pass --base-url for a local server)');
  try {
    return id === 'anthropic'
      ? new AnthropicProvider({ ...common, apiKey: keys.anthropic })
      : new OpenAiProvider({ ...common, ...(keys.openai ? { apiKey: keys.openai } : {}) });
  } catch (error) {
    // A malformed --base-url is a mistake on the command line.
    if (error instanceof ConfigError) throw new UsageError(`--base-url: ${error.message}`);
    throw error;
  }
}

function chooseDecider(mode: string | undefined, io: CliIo): ApprovalDecider {
  const stdin = io.stdin as NodeJS.ReadableStream & { isTTY?: boolean };
  switch (mode ?? (stdin.isTTY ? 'ask' : 'deny')) {
    case 'ask':
      if (!stdin.isTTY) throw new UsageError('--approve ask needs a terminal to ask on, and standard input is not one; use --approve deny or allow-sandboxed in scripts');
      // Prompts go to stderr so `--json` stdout stays one event per line.
      return ttyDecider({ input: stdin, output: process.stderr });
    case 'deny':
      return denyAll;
    case 'allow-sandboxed':
      return allowSandboxed;
    default:
      throw new UsageError('--approve must be ask, deny or allow-sandboxed');
  }
}

/** Model text on stdout; tool activity, approvals and the stop on stderr; everything made safe for a terminal. */
function humanRenderer(io: CliIo): (event: AgentEvent) => void {
  const safe = (text: string) => visible(text).replace(/\\u\{000A\}/g, '\n').replace(/\\u\{0009\}/g, '\t');
  let midLine = false;
  const err = (text: string) => {
    // End the model's line first, so tool lines do not run into its text.
    if (midLine) io.stdout('\n');
    midLine = false;
    io.stderr(text);
  };
  return (e) => {
    switch (e.type) {
      case 'text-delta':
        io.stdout(safe(e.text));
        midLine = !e.text.endsWith('\n');
        break;
      case 'tool-call-running': err(`\n▸ ${safe(e.summary)}\n`); break;
      case 'tool-output': err(safe(e.text)); break;
      case 'tool-call-decided':
        if (e.decision === 'deny' || e.decision === 'pause') err(`\n✗ ${e.tool} refused: ${safe(e.reasons.join('; '))}\n`);
        break;
      case 'approval-resolved':
        if (e.outcome.status !== 'approved') err(`✗ approval ${e.outcome.status}${'note' in e.outcome && e.outcome.note ? `: ${safe(e.outcome.note)}` : ''}\n`);
        break;
      case 'tool-call-finished':
        if (e.status !== 'ran' && e.status !== 'refused' && e.status !== 'rejected') err(`  (${e.status})\n`);
        break;
      case 'tainted': err(`! ${safe(e.reason)}\n`); break;
      case 'context-trimmed': err(`! ${safe(e.note)}\n`); break;
      case 'turn-finished': {
        const cost = e.totals.costUsd !== undefined ? `, ~$${e.totals.costUsd.toFixed(3)}` : '';
        err(`\n■ ${e.stop.reason === 'finished' ? 'done' : safe(e.stop.message)} (${e.totals.modelCalls} model calls, ${e.totals.toolCalls} tool calls, ${e.totals.inputTokens + e.totals.outputTokens} tokens${cost})\n`);
        break;
      }
      default:
        break;
    }
  };
}
