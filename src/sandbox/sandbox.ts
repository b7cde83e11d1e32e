import { rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { clawdockHome } from '../core/clawdock-home';
import { EngineUnreachableError, SandboxError } from '../core/errors';
import type { Event } from '../core/event';
import { Emitter } from '../core/event';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';
import { assertBindSourceAllowed } from './bind-guard';
import { baseEnv, LABELS, planContainer, type ContainerPlan } from './container-spec';
import type { ContainerEngine, ContainerInfo, ImageProgress } from './engine/engine';
import { describeProfile, DOCKER_PROFILE, type EngineKind, type EngineProfile } from './engine/engine-profile';
import { adaptCreateBody } from './engine/podman-create';
import { healthOf, type SandboxHealth } from './engine/engine-health';
import { EngineExecRunner } from './exec/engine-exec-runner';
import type { CommandRunner, ExecHooks, ExecRequest, ExecResult, FsRequest } from './exec/exec-types';
import { PersistentRunner } from './exec/persistent-runner';
import { ensureImage } from './image';
import { planProtectedMounts } from './protected-mounts';
import { activeLoosenings, assertSafeSettings, type SandboxSettings } from './sandbox-settings';
import { toWorkspaceRelative, WORKSPACE_MOUNT } from './workspace-path';
import { identifyWorkspace, type WorkspaceIdentity } from './workspace-identity';
import { copyStateFile, ensureCopyVolume, ensureShadowVolume, isStrictVolume, layoutOfVolume, removeShadowVolume, shadowLayout, type ShadowLayout } from './shadow/shadow-volume';
import { CopyLayer } from './shadow/copy-layer';
import { randomBytes } from 'node:crypto';
import { assertOnlyOnEgressNetwork, describeRefusal, removeEgressNetwork, sandboxTrustEnv, startEgress, trustInstallCommand, type AskOwner, type BoundSecret, type Egress, type EgressRecord, type EgressSettings, type StartEgressOptions } from '../egress';

/** Where a workspace's sandbox stands. */
export type SandboxState = 'absent' | 'stopped' | 'running' | 'paused' | 'unreachable';

/** A snapshot for the status bar, `sandbox status` and tests. */
export interface SandboxStatus {
  readonly state: SandboxState;
  readonly workspace: string;
  readonly containerName: string;
  readonly containerId: string | null;
  readonly image: string | null;
  /** False when the running container was made from other settings and will be recreated once idle. */
  readonly upToDate: boolean;
  /** How commands reach the container: the resident executor, or one exec per command. */
  readonly runner: 'executor' | 'exec-api' | 'none';
  readonly access: SandboxSettings['workspaceAccess'];
  readonly loosened: readonly string[];
  readonly runningCommands: number;
  readonly engine: string;
  /** Which engine answered (asked of it, not guessed from the address); absent while it does not answer. */
  readonly engineKind?: EngineKind;
  /** The engine in one line: kind, version, rootless, and what it adds (Podman's keep-id). */
  readonly engineDetail?: string;
  /** Whether the engine runs the container's health check, and what it last said (Podman without systemd runs none). */
  readonly health?: SandboxHealth;
  /** `shadow` access: where the layer lives and how it is mounted. */
  readonly shadow?: { readonly volume: string; readonly upper: string; readonly mount: 'overlay' | 'overlay (plain options)' | 'copy' };
  /** `allowlist` network: the egress proxy, and how many domain entries it allows. */
  readonly egress?: { readonly proxy: string | null; readonly network: string | null; readonly allowed: number; readonly denied: number; readonly ask: boolean };
  readonly detail?: string;
}

/** A command that ran, for whoever follows what commands change (the shadow workspace's change sets). */
export interface CommandRun {
  /** Epoch ms when the command was handed to the container. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** What a Sandbox needs from its owner. */
export interface SandboxOptions {
  readonly workspace: string;
  readonly settings: SandboxSettings;
  readonly engine: ContainerEngine;
  readonly logger?: Logger;
  /** Directory holding the bundled Dockerfile; found automatically when omitted. */
  readonly imageContextDir?: string;
  /**
   * Secrets the owner explicitly granted to the sandbox, as environment variables
   * for every command. Nothing else from the host environment enters.
   */
  readonly grantedEnv?: () => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
  /** Where shadow layers live (default `$CLAWDOCK_HOME/shadow`). */
  readonly stateRoot?: string;
  /** What an `allowlist` network needs: the merged domain rules, the audit hook, and who answers `ask`. */
  readonly egress?: SandboxEgressOptions;
  /**
   * How a shadow workspace is made: `auto` (an overlay the engine mounts, a
   * copy when it cannot) or `copy` (always the copy; tests of the fallback).
   */
  readonly shadowStrategy?: 'auto' | 'copy';
}

/** The egress proxy's inputs, from whoever owns the settings layers and the audit log. */
export interface SandboxEgressOptions {
  /** The domain rules now (the user's, narrowed by the workspace's). */
  settings(): EgressSettings;
  /** Records one connection; when it throws, the proxy refuses everything from then on. */
  audit(record: EgressRecord): Promise<void>;
  /** The owner's answer for a domain on neither list (with `sandbox.egressAsk`); none: refused. */
  readonly askOwner?: AskOwner;
  /**
   * Secrets bound to hosts (issue 16), values included, read before each
   * command. The values go to the proxy alone (over its stdin); each command
   * sees a placeholder in the variable, and the proxy puts the value into
   * requests to the secret's hosts. Throws (and so refuses the command) when
   * the grants cannot be used.
   */
  secrets?(): readonly BoundSecret[] | Promise<readonly BoundSecret[]>;
  /** For the real-engine tests only: names resolved to the test's own servers, which are then not refused as host addresses. */
  readonly testing?: Pick<StartEgressOptions, 'resolver' | 'exemptAddresses' | 'askTimeoutMs' | 'upstreamCa'>;
}

/**
 * One workspace folder's container: created hardened on first use, reused while
 * its config hash matches, recreated (when idle) when it does not, recovered when
 * it or the engine went away. Commands go through a resident executor when the
 * image has python3, else through the engine's exec API.
 */
export class Sandbox {
  private settings: SandboxSettings;
  private readonly engine: ContainerEngine;
  private readonly logger: Logger;
  private readonly identity: WorkspaceIdentity;
  private runner: CommandRunner | undefined;
  private containerId: string | undefined;
  private imageRef: string | undefined;
  private stale = false;
  private settingsChanged = true;
  private active = 0;
  private serial: Promise<unknown> = Promise.resolve();
  private shadow: ShadowLayout | undefined;
  private copy: CopyLayer | undefined;
  private egress: Egress | undefined;
  /** The runner (so the container start) and CA the sandbox's trust was last installed for. */
  private trustInstalled: { readonly runner: CommandRunner; readonly ca: string } | undefined;
  private profile: EngineProfile | undefined;

  private readonly _onDidProgress = new Emitter<ImageProgress>();
  /** Image build/pull and start-up progress, for a notification or the terminal. */
  readonly onDidProgress: Event<ImageProgress> = this._onDidProgress.event;
  private readonly _onDidChangeState = new Emitter<SandboxState>();
  /** Fires when the container comes up, stops or goes away. */
  readonly onDidChangeState: Event<SandboxState> = this._onDidChangeState.event;
  private readonly _onDidRunCommand = new Emitter<CommandRun>();
  /** Fires when a command ended (however it ended), so its changes can be looked for. */
  readonly onDidRunCommand: Event<CommandRun> = this._onDidRunCommand.event;

  constructor(private readonly options: SandboxOptions) {
    this.settings = options.settings;
    this.engine = options.engine;
    this.logger = options.logger ?? silentLogger;
    this.identity = identifyWorkspace(options.workspace);
  }

  get workspace(): WorkspaceIdentity {
    return this.identity;
  }

  get currentSettings(): SandboxSettings {
    return this.settings;
  }

  /** Takes new settings; a container made from the old ones is recreated at the next call when no command runs. */
  updateSettings(settings: SandboxSettings): void {
    this.settings = settings;
    this.settingsChanged = true;
  }

  /** Runs one step at a time: create/start/recreate/remove never interleave. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.serial.then(fn, fn);
    this.serial = next.catch(() => undefined);
    return next;
  }

  /** Brings the container up (building or pulling the image when needed) and returns its status. */
  async up(): Promise<SandboxStatus> {
    await this.exclusive(() => this.ensure());
    return this.status();
  }

  private plan(imageId: string, shadowVolume?: string, egress: Egress | undefined = this.egress): ContainerPlan {
    const s = this.settings;
    assertSafeSettings(s);
    assertBindSourceAllowed(this.identity.realPath, 'workspace folder');
    const extraMounts = s.extraMounts.map((m) => ({
      source: assertBindSourceAllowed(m.source, 'clawdock.sandbox.extraMounts'),
      target: m.target,
      readOnly: m.readOnly,
    }));
    const protectedMounts = s.workspaceAccess === 'rw' ? planProtectedMounts(this.identity.realPath, s.protectedPaths) : [];
    const volume = s.workspaceAccess === 'shadow' ? (shadowVolume ?? this.shadow?.volumeName ?? this.defaultShadowLayout().volumeName) : undefined;
    const egressNetwork = s.network === 'allowlist' ? egress?.sandboxNetwork : undefined;
    return planContainer({ workspace: this.identity, settings: s, imageId, protectedMounts, extraMounts, ...(volume ? { shadowVolume: volume } : {}), ...(egressNetwork ? { egressNetwork } : {}), ...(this.profile ? { engine: this.profile } : {}) });
  }

  private defaultShadowLayout(): ShadowLayout {
    return shadowLayout(this.options.stateRoot ?? join(clawdockHome(), 'shadow'), this.identity);
  }

  /**
   * The shadow layer in use, or undefined when the workspace is not shadowed.
   * Found without starting anything: from this session, else the engine's
   * volume (another window or CLI run may have made it), else where it will be.
   */
  async shadowLayout(): Promise<ShadowLayout | undefined> {
    if (this.settings.workspaceAccess !== 'shadow') return undefined;
    if (this.shadow) return this.shadow;
    const wanted = this.defaultShadowLayout();
    const volume = await this.engine.inspectVolume(wanted.volumeName);
    return volume ? layoutOfVolume(volume, wanted) : wanted;
  }

  /**
   * Runs a file operation inside the container, on /workspace as the sandbox
   * sees it (the shadow layer's merged view), starting the container when needed.
   */
  async fs(request: FsRequest): Promise<unknown> {
    if (!this.runner?.alive || this.settingsChanged) await this.exclusive(() => this.ensure());
    const runner = this.runner;
    if (!runner) throw new SandboxError('the sandbox has no command runner');
    return runner.fs(request);
  }

  /** Makes the container exist, run, match the settings, and have a runner. */
  private async ensure(): Promise<void> {
    assertSafeSettings(this.settings);
    this.profile = await this.engine.profile();
    const image = await ensureImage(this.engine, this.settings.image, (p) => this._onDidProgress.fire(p), this.options.imageContextDir);
    this.imageRef = image.ref;
    if (this.settings.workspaceAccess === 'shadow') {
      this.shadow = this.options.shadowStrategy === 'copy'
        ? await ensureCopyVolume(this.engine, this.identity, this.defaultShadowLayout())
        : await ensureShadowVolume(this.engine, this.identity, this.defaultShadowLayout());
    }
    if (this.settings.network === 'allowlist') await this.ensureEgress();
    else await this.stopEgress();
    const plan = this.plan(image.id, this.shadow?.volumeName);
    let info = await this.engine.inspectContainer(plan.name);

    if (info && info.labels[LABELS.configHash] !== plan.configHash) {
      if (this.active > 0) {
        this.stale = true;
        this.logger.info(`settings changed; the sandbox will be recreated when its ${this.active} running command(s) finish`);
      } else {
        this.logger.info(`recreating the sandbox: its settings changed (${info.labels[LABELS.configHash]} → ${plan.configHash})`);
        await this.removeContainer(info);
        info = null;
      }
    }
    if (!info) {
      this._onDidProgress.fire({ message: 'Creating the sandbox container' });
      try {
        await this.engine.createContainer(plan.body);
      } catch (err) {
        // Another window or CLI run may have created it a moment ago.
        if (!(err instanceof SandboxError) || !/already in use|Conflict/i.test(err.message)) throw err;
      }
      info = await this.engine.inspectContainer(plan.name);
      if (!info) throw new SandboxError('the sandbox container vanished right after it was created');
      this.stale = false;
    }
    // A second network would be a way around the proxy: refuse to run such a container.
    if (this.egress && this.settings.network === 'allowlist') assertOnlyOnEgressNetwork(info.raw as Parameters<typeof assertOnlyOnEgressNetwork>[0], this.egress.networkName);
    if (info.paused) {
      throw new SandboxError('the sandbox is paused (Stop Everything froze it for inspection)', { hint: 'run `Clawdock: Resume Sandbox` or `Discard Sandbox`' });
    }
    if (!info.running) {
      this._onDidProgress.fire({ message: 'Starting the sandbox container' });
      info = await this.startWithShadowFallback(info);
      this._onDidChangeState.fire('running');
    }
    if (this.containerId !== info.id || !this.runner?.alive) {
      this.runner?.dispose();
      this.runner = await this.startRunner(info.id);
    }
    this.containerId = info.id;
    this.settingsChanged = false;
    await this.ensureCopySeeded(info);
  }

  /**
   * The copy fallback: the first time its volume is used, its root is given
   * to the workspace's owner (a one-shot container with only CAP_CHOWN and CAP_FOWNER, since
   * the sandbox itself has none) and the folder is copied in.
   */
  private async ensureCopySeeded(info: ContainerInfo): Promise<void> {
    const layout = this.shadow;
    const runner = this.runner;
    if (layout?.kind !== 'copy' || !runner) {
      this.copy = undefined;
      return;
    }
    this.copy ??= new CopyLayer(this.engine, (request) => this.runner ? this.runner.fs(request) : Promise.reject(new SandboxError('the sandbox has no command runner')), this.identity, copyStateFile(layout));
    if (this.copy.isSeeded()) return;
    if (this.identity.uid !== 0) await this.giveVolumeRoot(info.imageId, layout.volumeName);
    await this.copy.seed(info.id, (message) => this._onDidProgress.fire({ message }));
  }

  private async giveVolumeRoot(imageId: string, volume: string): Promise<void> {
    const mode = (statSync(this.identity.realPath).mode & 0o777).toString(8);
    const name = `${this.identity.containerName}-chown`;
    await this.engine.removeContainer(name).catch(() => undefined);
    // Through the same engine adaptation as the sandbox itself (Podman's tmpfs, limits and seccomp rules).
    // FOWNER too: Podman gives a fresh volume's root to the image's /workspace owner, which root may not chmod without it.
    const id = await this.engine.createContainer(adaptCreateBody({
      name, Image: imageId, Entrypoint: [], User: '0:0', Cmd: ['/bin/sh', '-c', `chmod ${mode} /workspace && chown ${this.identity.uid}:${this.identity.gid} /workspace`],
      Labels: { [LABELS.managed]: 'true' }, NetworkDisabled: true,
      HostConfig: { CapDrop: ['ALL'], CapAdd: ['CHOWN', 'FOWNER'], SecurityOpt: ['no-new-privileges:true'], NetworkMode: 'none', ReadonlyRootfs: true, Mounts: [{ Type: 'volume', Source: volume, Target: '/workspace', VolumeOptions: { NoCopy: true } }] },
    }, this.profile ?? DOCKER_PROFILE));
    try {
      await this.engine.startContainer(id);
      for (let i = 0; i < 300; i++) {
        const done = await this.engine.inspectContainer(id);
        if (done && !done.running) {
          if (done.exitCode !== 0) throw new SandboxError(`could not give the copied workspace to its owner (exit ${done.exitCode})`);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new SandboxError('giving the copied workspace to its owner did not finish in 30 s');
    } finally {
      await this.engine.removeContainer(id).catch(() => undefined);
    }
  }

  /**
   * The copy layer of a shadow workspace the engine could not overlay (the
   * container started and the folder copied in first), or undefined for an
   * overlay or no shadow at all.
   */
  async copyLayer(): Promise<CopyLayer | undefined> {
    const layout = await this.shadowLayout();
    if (layout?.kind !== 'copy') return undefined;
    if (!this.copy || !this.runner?.alive) await this.exclusive(() => this.ensure());
    return this.copy;
  }

  /**
   * Starts the container. The shadow volume asks the kernel for options that
   * keep the upper layer self-contained; a kernel too old to know one of them
   * (and so without that feature) refuses the mount: then the volume is made
   * again with plain overlay options, once, and `status` says so.
   */
  private async startWithShadowFallback(info: ContainerInfo): Promise<ContainerInfo> {
    try {
      await this.engine.startContainer(info.id);
      return info;
    } catch (err) {
      const shadow = this.shadow;
      if (!shadow || shadow.kind === 'copy' || !(err instanceof SandboxError) || !/overlay|invalid argument|mount|no such file/i.test(err.message)) throw err;
      const volume = await this.engine.inspectVolume(shadow.volumeName);
      if (volume && isStrictVolume(volume)) {
        this.logger.info(`the kernel refused the shadow layer's strict overlay options (${err.message}); trying plain overlay options`);
        try {
          return await this.recreateWith(info, () => ensureShadowVolume(this.engine, this.identity, shadow, false));
        } catch (second) {
          this.logger.info(`plain overlay options failed too (${(second as Error).message})`);
        }
      }
      // No overlay of the folder here (a remote engine, a VM): a copy of it instead, kept in step before each command.
      this.logger.info(`the engine cannot overlay the folder (${err.message}); the shadow workspace uses a copy instead`);
      this._onDidProgress.fire({ message: 'This engine cannot overlay the folder: copying it into the sandbox instead' });
      return this.recreateWith(info, () => ensureCopyVolume(this.engine, this.identity, shadow));
    }
  }

  /** Removes the container and its shadow volume, makes the volume again with `make`, and starts a new container on it. */
  private async recreateWith(info: ContainerInfo, make: () => Promise<ShadowLayout>): Promise<ContainerInfo> {
    // By name: an earlier attempt may have made a container of its own since `info`.
    await this.engine.removeContainer(this.identity.containerName);
    if (this.shadow) await this.engine.removeVolume(this.shadow.volumeName);
    this.shadow = await make();
    const plan = this.plan(info.imageId, this.shadow.volumeName);
    await this.engine.createContainer(plan.body);
    const created = await this.engine.inspectContainer(plan.name);
    if (!created) throw new SandboxError('the sandbox container vanished right after it was created');
    await this.engine.startContainer(created.id);
    return (await this.engine.inspectContainer(created.id)) ?? created;
  }


  /**
   * Starts the workspace's egress proxy when it is not running (a proxy that
   * stopped is started again at the next command; until then the sandbox has
   * no network). It runs from the bundled image, which carries Node.
   */
  private async ensureEgress(): Promise<Egress> {
    if (this.egress) return this.egress;
    const options = this.options.egress;
    if (!options) {
      throw new SandboxError('`clawdock.sandbox.network` is "allowlist" but nothing here runs the egress proxy', { hint: 'use Clawdock\'s own CLI or extension, or set `clawdock.sandbox.network` to "none"' });
    }
    const endpoint = this.engine.endpoint;
    if (!endpoint) throw new SandboxError(`the engine at ${this.engine.address} cannot run the egress proxy (no API address)`);
    // The proxy's networks are made for Docker's bridge driver (an internal network, `inhibit_ipv4`); on
    // Podman 4.3 they are untested and the proxy did not come up, so no network rather than an unproven one.
    if (this.profile?.kind === 'podman') {
      throw new SandboxError(`the allowlist network is not supported on Podman yet (the engine at ${this.engine.address} is Podman ${this.profile.version})`, { hint: 'set `clawdock.sandbox.network` to "none" (no network at all), or use Docker for an allowlist network' });
    }
    this._onDidProgress.fire({ message: 'Starting the egress proxy' });
    const bundled = await ensureImage(this.engine, '', (p) => this._onDidProgress.fire(p), this.options.imageContextDir);
    const egress = await startEgress({
      engine: endpoint, workspace: this.identity.realPath, settings: options.settings(), image: bundled.id,
      audit: (record) => options.audit(record), ...(options.askOwner ? { askOwner: options.askOwner } : {}), logger: this.logger, ...options.testing,
    });
    egress.onDidStop((reason) => {
      if (this.egress !== egress) return;
      this.egress = undefined;
      this.logger.warn(`the egress proxy stopped (${reason}): the sandbox has no network until the next command starts it again`);
    });
    this.egress = egress;
    return egress;
  }

  private async stopEgress(): Promise<void> {
    const egress = this.egress;
    this.egress = undefined;
    await egress?.stop().catch((err: unknown) => this.logger.warn(`stopping the egress proxy: ${(err as Error).message}`));
  }

  /** New domain rules for the running proxy (no restart needed). */
  updateEgressSettings(): void {
    if (this.egress && this.options.egress) this.egress.updateSettings(this.options.egress.settings());
  }

  private async startRunner(containerId: string): Promise<CommandRunner> {
    const env = Object.entries(baseEnv()).map(([k, v]) => `${k}=${v}`);
    try {
      return await PersistentRunner.start(this.engine, containerId, env, this.logger);
    } catch (err) {
      if (err instanceof EngineUnreachableError) throw err;
      this.logger.info(`the resident executor could not start (${(err as Error).message}); using the engine's exec API per command`);
      return new EngineExecRunner(this.engine, containerId);
    }
  }

  /** Runs a command in the sandbox, starting or recovering the container first when needed. */
  async exec(request: ExecRequest, hooks: ExecHooks = {}): Promise<ExecResult> {
    if (!Array.isArray(request.argv) || request.argv.length === 0 || request.argv.some((a) => typeof a !== 'string' || a.includes('\0'))) {
      throw new SandboxError('a command needs a program name and string arguments without NUL bytes');
    }
    const rel = toWorkspaceRelative(request.cwd ?? '.');
    const cwd = rel === '.' ? WORKSPACE_MOUNT : `${WORKSPACE_MOUNT}/${rel}`;
    const timeoutMs = Math.max(1, Math.round(request.timeoutMs ?? this.settings.defaultTimeoutSeconds * 1000));
    const granted = this.options.grantedEnv ? await this.options.grantedEnv() : {};
    const bound = this.settings.network === 'allowlist' && this.options.egress?.secrets ? await this.options.egress.secrets() : [];
    // Warm path: a live runner and nothing to reconcile costs one round trip, no engine call.
    if (!this.runner?.alive || this.settingsChanged || (this.stale && this.active === 0) || (this.settings.network === 'allowlist' && !this.egress)) {
      await this.exclusive(() => this.ensure());
    }
    // A copied workspace first takes the folder's own edits (an overlay sees them by itself).
    if (this.shadow?.kind === 'copy' && this.copy) await this.copy.syncFromFolder();
    // The proxy knows each command by a credential of its own, revoked when it ends.
    const egress = this.settings.network === 'allowlist' ? this.egress : undefined;
    const commandId = egress ? randomBytes(8).toString('hex') : undefined;
    const secretEnv = egress ? await this.prepareBoundSecrets(egress, bound) : {};
    const resolved = {
      argv: request.argv,
      cwd,
      env: { ...baseEnv(), ...granted, ...(request.env ?? {}), ...secretEnv, ...(egress && commandId ? egress.proxyEnv(commandId) : {}) },
      timeoutMs,
      capBytes: this.settings.outputCapBytes,
    };
    const runner = this.runner;
    if (!runner) throw new SandboxError('the sandbox has no command runner');
    this.active++;
    const startedAt = Date.now();
    try {
      let result = await runner.run(resolved, hooks);
      if (egress && commandId) {
        const refused = egress.releaseCommand(commandId).map((r) => describeRefusal(r));
        if (refused.length > 0) result = { ...result, networkRefusals: refused };
      }
      return result.exitCode === 137 && !result.timedOut && !result.cancelled ? await this.explainKill(result) : result;
    } catch (err) {
      if (err instanceof SandboxError && !runner.alive) {
        const info = await this.engine.inspectContainer(this.identity.containerName).catch(() => null);
        const why = info?.oomKilled ? 'the container ran out of memory and stopped' : info && !info.running ? `the container stopped (exit ${info.exitCode ?? '?'})` : 'the connection to the container was lost';
        throw new SandboxError(`${why} while the command ran; the next command starts it again`, { cause: err });
      }
      throw err;
    } finally {
      this.active--;
      this._onDidRunCommand.fire({ startedAt, endedAt: Date.now() });
    }
  }

  /**
   * Issue 16: the proxy gets the bound secrets (when they changed) and, with
   * any bound, the container trusts the proxy's CA — written as root into the
   * tmpfs its plan mounts for it, once per container start and CA. Returns the
   * placeholders and the variables that point tools at that trust.
   */
  private async prepareBoundSecrets(egress: Egress, bound: readonly BoundSecret[]): Promise<Record<string, string>> {
    await egress.setSecrets(bound);
    if (bound.length === 0) return {};
    const runner = this.runner;
    if (this.containerId && runner && (this.trustInstalled?.runner !== runner || this.trustInstalled.ca !== egress.caCertificate)) {
      const { argv, env } = trustInstallCommand(egress.caCertificate);
      const process = await this.engine.exec(this.containerId, { argv, env, user: '0:0' });
      let err = '';
      process.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
      process.stdout.resume();
      const code = await process.wait();
      process.close();
      if (code !== 0) throw new SandboxError(`could not install the sandbox's certificate authority for bound secrets (exit ${code}): ${err.trim().slice(0, 300)}`, { hint: 'recreate the sandbox (`Clawdock: Rebuild Sandbox`) so its plan mounts the folder for it' });
      this.trustInstalled = { runner, ca: egress.caCertificate };
    }
    return { ...egress.secretEnv(), ...sandboxTrustEnv() };
  }

  /** A SIGKILL nobody asked for is almost always the memory limit: say so. */
  private async explainKill(result: ExecResult): Promise<ExecResult> {
    if (!this.containerId) return result;
    const probe = await this.runner?.run(
      { argv: ['sh', '-c', 'cat /sys/fs/cgroup/memory.events 2>/dev/null || cat /sys/fs/cgroup/memory/memory.oom_control 2>/dev/null'], cwd: WORKSPACE_MOUNT, env: baseEnv(), timeoutMs: 5000, capBytes: 4096 },
      {},
    ).catch(() => undefined);
    const oom = /oom_kill\s+([1-9]\d*)/.test(probe?.stdout ?? '');
    return oom ? { ...result, oomKilled: true } : result;
  }

  /** Current state without changing anything. */
  async status(): Promise<SandboxStatus> {
    this.profile = (await this.engine.profile().catch(() => undefined)) ?? this.profile;
    const base = {
      workspace: this.identity.realPath,
      containerName: this.identity.containerName,
      access: this.settings.workspaceAccess,
      loosened: activeLoosenings(this.settings),
      runningCommands: this.active,
      engine: this.engine.address,
      ...(this.profile ? { engineKind: this.profile.kind, engineDetail: describeProfile(this.profile) } : {}),
    };
    let info: ContainerInfo | null;
    try {
      info = await this.engine.inspectContainer(this.identity.containerName);
    } catch (err) {
      return { ...base, state: 'unreachable', containerId: null, image: null, upToDate: false, runner: 'none', detail: (err as Error).message };
    }
    if (!info) return { ...base, state: 'absent', containerId: null, image: null, upToDate: false, runner: 'none' };
    let upToDate = !this.stale;
    // With an allowlist network and its proxy stopped, the plan cannot be made until the next command starts it.
    if (this.settings.network !== 'allowlist' || this.egress) try {
      const imageId = this.imageRef ? await this.engine.imageId(this.imageRef) : info.imageId;
      upToDate = upToDate && this.plan(imageId ?? info.imageId).configHash === info.labels[LABELS.configHash];
    } catch {
      upToDate = false;
    }
    const state: SandboxState = info.paused ? 'paused' : info.running ? 'running' : 'stopped';
    const runner = state === 'running' && this.runner?.alive && this.containerId === info.id ? (this.runner instanceof PersistentRunner ? 'executor' : 'exec-api') : 'none';
    const shadow = await this.shadowStatus();
    const egress = this.egressStatus();
    const health = this.profile ? healthOf(info, this.profile) : undefined;
    return { ...base, state, containerId: info.id, image: this.imageRef ?? info.imageId, upToDate, runner, ...(health ? { health } : {}), ...(shadow ? { shadow } : {}), ...(egress ? { egress } : {}) };
  }

  private egressStatus(): SandboxStatus['egress'] {
    if (this.settings.network !== 'allowlist') return undefined;
    const rules = this.options.egress?.settings().rules;
    return { proxy: this.egress?.proxyAddress ?? null, network: this.egress?.networkName ?? null, allowed: rules?.allowed.length ?? 0, denied: rules?.denied.length ?? 0, ask: rules?.ask ?? false };
  }

  private async shadowStatus(): Promise<SandboxStatus['shadow']> {
    if (this.settings.workspaceAccess !== 'shadow') return undefined;
    const layout = await this.shadowLayout();
    if (!layout) return undefined;
    const volume = await this.engine.inspectVolume(layout.volumeName).catch(() => null);
    if (layout.kind === 'copy') return { volume: layout.volumeName, upper: '(a copy in the volume)', mount: 'copy' };
    return { volume: layout.volumeName, upper: layout.upper, mount: volume && !isStrictVolume(volume) ? 'overlay (plain options)' : 'overlay' };
  }

  /** Stops the container and keeps it for the next start. */
  async stop(): Promise<void> {
    await this.exclusive(async () => {
      this.dropRunner();
      await this.stopEgress();
      const info = await this.engine.inspectContainer(this.identity.containerName);
      if (info?.running) {
        if (info.paused) await this.engine.unpauseContainer(info.id);
        await this.engine.stopContainer(info.id, 2);
        this._onDidChangeState.fire('stopped');
      }
    });
  }

  /**
   * Removes the container (the workspace is untouched) and the empty
   * placeholders it left. A shadow layer's changes stay for review, and come
   * back with the next container, unless `dropChanges` (Discard Sandbox).
   */
  async down(options: { dropChanges?: boolean } = {}): Promise<void> {
    await this.exclusive(async () => {
      this.dropRunner();
      const info = await this.engine.inspectContainer(this.identity.containerName);
      if (info) await this.removeContainer(info);
      const layout = await this.shadowLayout().catch(() => undefined);
      // The volume only names the layer; it is made again on the next start.
      const existing = await this.engine.inspectVolume(this.defaultShadowLayout().volumeName).catch(() => null);
      if (existing) await removeShadowVolume(this.engine, layoutOfVolume(existing, this.defaultShadowLayout()), options.dropChanges === true);
      else if (layout && options.dropChanges) await removeShadowVolume(this.engine, layout, true);
      this.shadow = undefined;
      this.copy = undefined;
      await this.stopEgress();
      if (this.engine.endpoint) await removeEgressNetwork(this.engine.endpoint, this.identity.realPath).catch(() => false);
      this._onDidChangeState.fire('absent');
    });
  }

  /**
   * Kills every command running in the container, whoever started it (this
   * window, a CLI run, a lost session): each carries the CLAWDOCK_RUN marker.
   * Goes through the engine's exec API, whose process has no marker itself.
   */
  async killCommands(): Promise<number> {
    const info = await this.engine.inspectContainer(this.identity.containerName);
    if (!info?.running || info.paused) return 0;
    const sweep = 'n=0; for f in /proc/[0-9]*/environ; do if grep -qa CLAWDOCK_RUN= "$f" 2>/dev/null; then p=${f#/proc/}; kill -9 "${p%/environ}" 2>/dev/null && n=$((n+1)); fi; done; echo $n';
    let killed = 0;
    // Repeat until nothing carries the marker (a dying shell may fork once more), briefly.
    for (let round = 0; round < 5; round++) {
      const n = await this.runViaEngine(info.id, sweep);
      killed += n;
      if (n === 0) break;
    }
    // Give resident executors (this process's or another's) a moment to report the
    // exits before a pause would freeze them mid-sentence.
    await new Promise((r) => setTimeout(r, 300));
    return killed;
  }

  /** Runs a shell snippet through the engine's exec API and returns its output as a number. */
  private async runViaEngine(containerId: string, script: string): Promise<number> {
    const process = await this.engine.exec(containerId, { argv: ['sh', '-c', script] });
    let out = '';
    process.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    await process.wait();
    return Number.parseInt(out.trim(), 10) || 0;
  }

  /** Freezes the container (kill switch) so its state can be inspected. */
  async pause(): Promise<void> {
    await this.exclusive(async () => {
      const info = await this.engine.inspectContainer(this.identity.containerName);
      if (info?.running && !info.paused) {
        await this.engine.pauseContainer(info.id);
        this._onDidChangeState.fire('paused');
      }
    });
  }

  /** Thaws a paused container. */
  async resume(): Promise<void> {
    await this.exclusive(async () => {
      const info = await this.engine.inspectContainer(this.identity.containerName);
      if (info?.paused) {
        await this.engine.unpauseContainer(info.id);
        this._onDidChangeState.fire('running');
      }
    });
  }

  private dropRunner(): void {
    this.runner?.dispose();
    this.runner = undefined;
    this.containerId = undefined;
  }

  private async removeContainer(info: ContainerInfo): Promise<void> {
    this.dropRunner();
    await this.engine.removeContainer(info.id);
    removePlaceholders(info);
  }

  /** Ends this session's use of the container (it keeps running until idle). */
  dispose(): void {
    this.dropRunner();
    void this.stopEgress();
    this._onDidProgress.dispose();
    this._onDidChangeState.dispose();
    this._onDidRunCommand.dispose();
  }
}

/** The engine creates mount points for placeholders in the host folder; remove the empty ones we caused. */
function removePlaceholders(info: ContainerInfo): void {
  let paths: unknown;
  try {
    paths = JSON.parse(info.labels[LABELS.placeholders] ?? '[]');
  } catch {
    return;
  }
  const root = info.labels[LABELS.workspace];
  if (!root || !Array.isArray(paths)) return;
  // Deepest first, so `.git/hooks` goes before `.git`.
  for (const rel of (paths as unknown[]).filter((p): p is string => typeof p === 'string' && !p.split('/').includes('..')).sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(join(root, rel));
    } catch {
      // Not empty (the user put something there) or already gone: leave it.
    }
  }
}
