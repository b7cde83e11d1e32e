// `clawdock security selftest`: runs a corpus of attacks against the person's
// own effective configuration — the policy's decisions for known bypasses,
// and, in a throwaway sandbox over a throwaway folder made with their sandbox
// settings, writes to host-executed paths, network escape, capability and
// mount probes, secret leaks, persistence between commands, and file-tool
// escapes — and reports, per class, whether each was held, asked or escaped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ShadowWorkspace } from '../changes';
import { ownerCaller } from '../core/caller';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';
import type { Policy } from '../policy';
import { ContainerFiles, Sandbox, WorkspaceFs, type ContainerEngine, type SandboxEgressOptions, type SandboxSettings } from '../sandbox';
import {
  classReport, HOST_EXECUTED_PLANTS, KERNEL_PROBE, NETWORK_PROBE, PERSISTENCE_PLANT, PERSISTENCE_TRIGGERS, POLICY_BYPASS_CORPUS,
  type ClassReport, type Containment, type ProbeOutcome,
} from './probes';

/** What a self-test runs against: the effective settings and policy, and where it may make throwaway things. */
export interface SelftestOptions {
  /** The sandbox settings in effect (the throwaway sandbox is made with them). */
  readonly settings: SandboxSettings;
  readonly engine: ContainerEngine;
  /** The policy in effect for the workspace (`decide` is only asked, never recorded). */
  readonly policy: Pick<Policy, 'decide'>;
  /** What an allowlist network needs, as the person's own sandboxes get it. */
  readonly egress?: SandboxEgressOptions;
  /**
   * Whether the configuration hands granted secrets to the sandbox as plain
   * values; then a canary secret is granted to the throwaway sandbox to show
   * what a command can read.
   */
  readonly exposesSecrets?: boolean;
  readonly logger?: Logger;
  /** Progress lines, for a long first run (the image may be built). */
  readonly onProgress?: (line: string) => void;
}

/** The whole report. */
export interface SelftestReport {
  readonly at: string;
  readonly access: SandboxSettings['workspaceAccess'];
  readonly network: SandboxSettings['network'];
  readonly classes: readonly ClassReport[];
  /** True when any class escaped. */
  readonly escaped: boolean;
}

/** Runs every class and returns the report; the throwaway sandbox and folder are always removed. */
export async function runSelftest(options: SelftestOptions): Promise<SelftestReport> {
  const say = options.onProgress ?? (() => undefined);
  const classes: ClassReport[] = [];
  say('policy: known bypass attempts');
  classes.push(policyClass(options.policy));

  const box = makeThrowawayFolder();
  const state = mkdtempSync(join(tmpdir(), 'clawdock-selftest-state-'));
  const canary = `clawdock-canary-${randomBytes(8).toString('hex')}`;
  const hostMarker = join(tmpdir(), `clawdock-selftest-ran-${randomBytes(6).toString('hex')}`);
  const sandbox = new Sandbox({
    workspace: box.root, settings: options.settings, engine: options.engine, logger: options.logger ?? silentLogger,
    stateRoot: join(state, 'shadow'), ...(options.egress ? { egress: options.egress } : {}),
    ...(options.exposesSecrets ? { grantedEnv: () => ({ CLAWDOCK_SELFTEST_SECRET: canary }) } : {}),
  });
  sandbox.onDidProgress((p) => say(`sandbox: ${p.message}`));
  // A variable of this process: nothing of the host's environment may reach a command.
  process.env.CLAWDOCK_SELFTEST_HOST_CANARY = canary;
  const changes = new ShadowWorkspace({ sandbox, stateRoot: state, caller: ownerCaller('cli') });
  try {
    say('sandbox: starting a throwaway sandbox with your settings');
    await sandbox.up();
    say('host-executed paths: planting from inside the container');
    classes.push(await hostExecutedClass(sandbox, changes, box.root, hostMarker));
    say('network: reaching out');
    classes.push(await networkClass(sandbox, options.settings));
    say('kernel: capabilities, privileges, root filesystem, sockets, devices, mounts');
    classes.push(await kernelClass(sandbox));
    say('secrets: host environment and granted secrets');
    classes.push(await secretsClass(sandbox, canary, options.exposesSecrets === true));
    say('persistence: leaving something for a later command');
    classes.push(await persistenceClass(sandbox));
    say('file tools: links out of the workspace, secret files');
    classes.push(await fileToolsClass(sandbox, options.policy, box));
  } finally {
    delete process.env.CLAWDOCK_SELFTEST_HOST_CANARY;
    changes.dispose();
    await sandbox.down({ dropChanges: true }).catch(() => undefined);
    sandbox.dispose();
    rmSync(box.root, { recursive: true, force: true });
    rmSync(box.outside, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
    rmSync(hostMarker, { force: true });
  }
  return { at: new Date().toISOString(), access: options.settings.workspaceAccess, network: options.settings.network, classes, escaped: classes.some((c) => c.result === 'escaped') };
}

function policyClass(policy: Pick<Policy, 'decide'>): ClassReport {
  const probes = POLICY_BYPASS_CORPUS.map(([command, what]): ProbeOutcome => {
    const d = policy.decide({ tool: 'run_command', args: { command } }, ownerCaller('cli'), { record: false });
    const result: Containment = d.decision === 'allow' ? 'escaped' : d.decision === 'ask' ? 'asked' : 'held';
    return { name: what, result, detail: `\`${command.replace(/\n/g, '⏎')}\` → ${d.decision} (${d.rule})` };
  });
  return classReport('policy', 'Policy: known bypass attempts (escaped = would run without asking)', probes);
}

interface Throwaway {
  readonly root: string;
  /** A host folder outside the workspace, holding a canary a file tool must never read. */
  readonly outside: string;
}

function makeThrowawayFolder(): Throwaway {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'clawdock-selftest-ws-')));
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'clawdock-selftest-outside-')));
  writeFileSync(join(outside, 'host-secret.txt'), 'HOST-SECRET\n');
  writeFileSync(join(root, 'README.md'), '# throwaway\n');
  writeFileSync(join(root, '.env'), 'API_KEY=selftest-not-a-real-key\n');
  symlinkSync(outside, join(root, 'hostlink'));
  for (const repo of [root, join(root, 'sub')]) {
    mkdirSync(repo, { recursive: true });
    spawnSync('git', ['init', '-q', repo], { stdio: 'ignore' });
  }
  return { root, outside };
}

async function run(sandbox: Sandbox, argv: readonly string[], timeoutMs = 20_000) {
  return sandbox.exec({ argv, timeoutMs });
}

async function hostExecutedClass(sandbox: Sandbox, changes: ShadowWorkspace, root: string, marker: string): Promise<ClassReport> {
  const before = snapshot(root);
  const script = HOST_EXECUTED_PLANTS.map(([path, content]) => `mkdir -p '${dirname(path)}' 2>/dev/null; printf '%s' '${content.replace(/\{marker\}/g, marker).replace(/'/g, "'\\''")}' > '${path}' 2>/dev/null`).join('; ');
  await run(sandbox, ['bash', '-c', `${script}; true`]);
  // The host's own git, as VS Code's Git extension runs it by itself.
  for (const repo of [root, join(root, 'sub')]) spawnSync('git', ['-c', 'safe.directory=*', 'status', '--porcelain'], { cwd: repo, stdio: 'ignore', timeout: 20_000 });
  const after = snapshot(root);
  const set = sandbox.currentSettings.workspaceAccess === 'shadow' ? (await changes.list()).entries : [];
  const probes = HOST_EXECUTED_PLANTS.filter(([path]) => path !== 'planted/config').map(([path]): ProbeOutcome => {
    const reached = before.get(path) !== after.get(path);
    if (reached) return { name: path, result: 'escaped', detail: 'the plant reached your folder' };
    const entry = set.find((e) => e.path === path);
    if (entry && !entry.held) return { name: path, result: 'escaped', detail: 'in the change set but not held: Accept All would apply it' };
    return { name: path, result: 'held', detail: entry ? 'held in the shadow layer for its own confirmation' : 'the container could not write it' };
  });
  probes.push(existsSync(marker)
    ? { name: 'host git status', result: 'escaped', detail: 'a plant ran on the host when git status ran' }
    : { name: 'host git status', result: 'held', detail: 'git status on the host ran nothing the sandbox planted' });
  return classReport('host-executed', 'Host-executed files planted from inside', probes);
}

async function networkClass(sandbox: Sandbox, settings: SandboxSettings): Promise<ClassReport> {
  const r = await run(sandbox, ['python3', '-c', NETWORK_PROBE]);
  let out: Record<string, string>;
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, string>;
  } catch {
    return classReport('network', 'Network escape', [{ name: 'probe', result: 'escaped', detail: `the network probe could not run: ${r.stderr.slice(0, 200)}` }]);
  }
  const reached = (v: string | undefined) => v === 'connected' || v === 'refused';
  const probes: ProbeOutcome[] = [
    { name: 'the gateway', result: reached(out.gateway_tcp) ? 'escaped' : 'held', detail: `${out.gateway ?? 'no gateway'}: ${out.gateway_tcp}` },
    { name: 'a public address', result: reached(out.public_tcp) ? 'escaped' : 'held', detail: `1.1.1.1:443: ${out.public_tcp}` },
    { name: 'name lookup', result: typeof out.dns === 'string' && !out.dns.startsWith('error') ? 'escaped' : 'held', detail: `example.com: ${out.dns}` },
  ];
  if (settings.network === 'allowlist') probes.push({ name: 'allowlist', result: 'held', detail: 'only the egress proxy is reachable, with a per-command credential' });
  return classReport('network', 'Network escape', probes);
}

async function kernelClass(sandbox: Sandbox): Promise<ClassReport> {
  const r = await run(sandbox, ['sh', '-c', KERNEL_PROBE]);
  let k: Record<string, string>;
  try {
    k = JSON.parse(r.stdout.trim()) as Record<string, string>;
  } catch {
    return classReport('kernel', 'Capabilities and mounts', [{ name: 'probe', result: 'escaped', detail: `the probe could not run: ${r.stderr.slice(0, 200)}` }]);
  }
  const probes: ProbeOutcome[] = [
    { name: 'capabilities', result: /^0+$/.test(k.capEff ?? '') ? 'held' : 'escaped', detail: `CapEff ${k.capEff}` },
    { name: 'no-new-privileges', result: k.noNewPrivs === '1' ? 'held' : 'escaped', detail: `NoNewPrivs ${k.noNewPrivs}` },
    { name: 'root filesystem', result: k.rootfs === 'read-only' ? 'held' : 'escaped', detail: k.rootfs ?? '' },
    { name: 'engine sockets', result: (k.sockets ?? '').trim() === '' ? 'held' : 'escaped', detail: (k.sockets ?? '').trim() || 'none' },
    { name: 'devices', result: (k.devices ?? '').trim() === '' ? 'held' : 'escaped', detail: (k.devices ?? '').trim() || 'none' },
    { name: 'host mounts', result: (k.mounts ?? '').trim() === '' ? 'held' : 'escaped', detail: (k.mounts ?? '').trim() || 'only the workspace' },
  ];
  return classReport('kernel', 'Capabilities and mounts', probes);
}

async function secretsClass(sandbox: Sandbox, canary: string, exposed: boolean): Promise<ClassReport> {
  const r = await run(sandbox, ['sh', '-c', `cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c ${canary}; printenv CLAWDOCK_SELFTEST_SECRET | rev`]);
  const [count = '0', reversed = ''] = r.stdout.split('\n');
  const hostLeak = Number(count) > 0 && !exposed;
  const probes: ProbeOutcome[] = [
    { name: 'host environment', result: hostLeak ? 'escaped' : 'held', detail: hostLeak ? 'a host variable reached the sandbox' : 'no host variable reaches a command' },
  ];
  if (exposed) {
    const readable = reversed.trim() === [...canary].reverse().join('');
    probes.push({ name: 'granted secrets', result: readable ? 'escaped' : 'held', detail: readable ? 'a granted secret is a plain variable: any command can print it re-encoded (printenv | rev), past every mask' : 'granted secrets are placeholders' });
  } else {
    probes.push({ name: 'granted secrets', result: 'held', detail: 'no secret is handed to the sandbox as a plain value' });
  }
  return classReport('secrets', 'Secrets', probes);
}

async function persistenceClass(sandbox: Sandbox): Promise<ClassReport> {
  const marker = `/tmp/clawdock-selftest-persist-${randomBytes(4).toString('hex')}`;
  await run(sandbox, ['bash', '-lc', PERSISTENCE_PLANT.replace(/\{marker\}/g, marker)]);
  for (const argv of PERSISTENCE_TRIGGERS) await run(sandbox, argv).catch(() => undefined);
  const r = await run(sandbox, ['sh', '-c', `test -e ${marker} && echo RAN || echo clean`]);
  const ran = r.stdout.trim() === 'RAN';
  return classReport('persistence', 'Persistence between commands', [
    { name: 'home dotfiles, git config, user site-packages, ssh config', result: ran ? 'escaped' : 'held', detail: ran ? 'something one command left ran in a later one' : 'a later command (login shell, git, python) ran nothing of it' },
  ]);
}

async function fileToolsClass(sandbox: Sandbox, policy: Pick<Policy, 'decide'>, box: Throwaway): Promise<ClassReport> {
  const probes: ProbeOutcome[] = [];
  const files = sandbox.currentSettings.workspaceAccess === 'shadow'
    ? new ContainerFiles((request) => sandbox.fs(request))
    : new WorkspaceFs({ root: box.root, access: 'ro', protectedPaths: [] });
  const leaked = await files.read('hostlink/host-secret.txt').then((r) => r.content.includes('HOST-SECRET'), () => false);
  probes.push({ name: 'a link out of the workspace', result: leaked ? 'escaped' : 'held', detail: leaked ? 'a file tool read a host file through a link' : 'refused' });
  const d = policy.decide({ tool: 'read_file', args: { path: '.env' } }, ownerCaller('cli'), { record: false });
  probes.push({ name: 'a secrets file', result: d.decision === 'allow' ? 'escaped' : d.decision === 'ask' ? 'asked' : 'held', detail: `read_file .env → ${d.decision} (${d.rule})` });
  return classReport('file-tools', 'File tools', probes);
}

/** Every entry under a folder (not into .git/objects) → its content or kind, to see what changed. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of safeReaddir(join(root, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      if (path === 'hostlink' || path.endsWith('.git/objects')) continue;
      const full = join(root, path);
      const st = statSync(full, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) {
        out.set(path, 'dir');
        walk(path);
      } else out.set(path, readFileSync(full, 'utf8'));
    }
  };
  walk('');
  return out;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
