import Docker from 'dockerode';
import { PassThrough, type Writable } from 'node:stream';
import { EngineUnreachableError, SandboxError } from '../../core/errors';
import type { AttachedProcess, ContainerEngine, ContainerInfo, EngineExecOptions, ImageProgress, VolumeInfo } from './engine';
import type { EngineAddress } from './engine-address';
import { join } from 'node:path';
import { clawdockHome } from '../../core/clawdock-home';
import { engineKindOf, profileOf, type EngineProfile, type InfoDoc, type VersionDoc } from './engine-profile';
import { preparePodmanSeccomp } from './podman-seccomp';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

function statusCode(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}

function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

/** The engine's JSON error message, without dockerode's "(HTTP code …)" wrapping. */
function engineMessage(err: unknown): string {
  const json = (err as { json?: { message?: string } } | null)?.json;
  if (json?.message) return json.message;
  return err instanceof Error ? err.message : String(err);
}

function toInfo(raw: Docker.ContainerInspectInfo): ContainerInfo {
  const finished = raw.State.FinishedAt && !raw.State.FinishedAt.startsWith('0001') ? new Date(raw.State.FinishedAt) : null;
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    running: raw.State.Running,
    paused: raw.State.Paused,
    status: raw.State.Status,
    imageId: raw.Image,
    labels: raw.Config.Labels ?? {},
    exitCode: raw.State.Running ? null : raw.State.ExitCode,
    oomKilled: raw.State.OOMKilled,
    finishedAt: finished,
    createdAt: raw.Created ? new Date(raw.Created) : null,
    raw,
  };
}

/**
 * A create refused because the engine's host lacks a piece it needs, said as
 * what to install. Podman runs `catatonit` as the init process (`Init: true`);
 * Debian's podman package only recommends it.
 */
function missingHostPiece(message: string): string | undefined {
  if (/container-init binary not found|catatonit/i.test(message)) {
    return 'install the `catatonit` package on the engine\'s host (Debian and Ubuntu: `apt-get install catatonit`; Fedora: `dnf install catatonit`): Podman runs it as the sandbox\'s init process';
  }
  return undefined;
}

/** Docker (or anything that speaks its API: rootless Docker, Podman's socket) through dockerode. */
export class DockerEngine implements ContainerEngine {
  readonly address: string;
  readonly endpoint: EngineAddress;
  private readonly docker: Docker;
  private profiled: Promise<EngineProfile> | undefined;

  constructor(address: EngineAddress) {
    this.address = address.display;
    this.endpoint = address;
    this.docker = new Docker(
      address.socketPath
        ? { socketPath: address.socketPath }
        : { host: address.host, port: address.port, protocol: address.protocol },
    );
  }

  /** Runs one engine call, turning transport failures into EngineUnreachableError. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUnreachable(err)) throw new EngineUnreachableError(this.address, err);
      if (err instanceof SandboxError || err instanceof EngineUnreachableError) throw err;
      throw new SandboxError(`${what} failed: ${engineMessage(err)}`, { cause: err });
    }
  }

  async ping(): Promise<void> {
    await this.call('engine ping', () => this.docker.ping());
  }

  async info(): Promise<{ version: string; rootless: boolean; userns: boolean; os: string }> {
    const [info, profile] = await Promise.all([this.call('engine info', () => this.docker.info()), this.profile()]);
    const options: string[] = info.SecurityOptions ?? [];
    return {
      version: String(info.ServerVersion ?? 'unknown'),
      rootless: profile.rootless,
      userns: options.some((o) => o.includes('userns')),
      os: String(info.OperatingSystem ?? 'unknown'),
    };
  }

  /** Asks the engine what it is once (`/version`, `/info`); asked again after a failed attempt. */
  profile(): Promise<EngineProfile> {
    this.profiled ??= this.call('asking the engine what it is', async () => {
      const [version, info] = await Promise.all([this.docker.version() as Promise<VersionDoc>, this.docker.info() as Promise<InfoDoc>]);
      const podman = engineKindOf(version) === 'podman' ? await this.podmanHost() : {};
      const profile = profileOf(version, { ...info, ...podman });
      // Podman reads a seccomp profile from its own disk: only an engine on this machine (a unix socket) can be given one.
      if (profile.kind !== 'podman' || !this.endpoint.socketPath) return profile;
      return { ...profile, seccompProfile: preparePodmanSeccomp(join(clawdockHome(), 'engine')) };
    }).catch((err: unknown) => {
      this.profiled = undefined;
      throw err;
    });
    return this.profiled;
  }

  /** What Podman's own API says of its host that its Docker-compatible `/info` does not: rootless, and the cgroup controllers its containers get. */
  private podmanHost(): Promise<Pick<InfoDoc, 'podmanRootless' | 'podmanCgroupControllers'>> {
    return new Promise((resolve) => {
      this.docker.modem.dial({ path: '/v4.0.0/libpod/info', method: 'GET', statusCodes: { 200: true }, options: {} }, (err: unknown, data: unknown) => {
        const host = err ? undefined : (data as { host?: { security?: { rootless?: unknown }; cgroupControllers?: unknown } } | undefined)?.host;
        const rootless = host?.security?.rootless;
        const controllers = host?.cgroupControllers;
        resolve({
          ...(typeof rootless === 'boolean' ? { podmanRootless: rootless } : {}),
          ...(Array.isArray(controllers) && controllers.every((c) => typeof c === 'string') ? { podmanCgroupControllers: controllers as string[] } : {}),
        });
      });
    });
  }

  async imageId(ref: string): Promise<string | null> {
    try {
      const info = await this.docker.getImage(ref).inspect();
      return info.Id;
    } catch (err) {
      if (statusCode(err) === 404) return null;
      if (isUnreachable(err)) throw new EngineUnreachableError(this.address, err);
      throw new SandboxError(`inspecting image ${ref} failed: ${engineMessage(err)}`, { cause: err });
    }
  }

  async buildImage(contextDir: string, files: string[], tag: string, onProgress: (p: ImageProgress) => void): Promise<string> {
    const stream = await this.call(`building image ${tag}`, () =>
      this.docker.buildImage({ context: contextDir, src: files }, { t: tag, rm: true, forcerm: true, labels: { 'dev.clawdock.managed': 'true' } }),
    );
    await this.follow(stream, `building image ${tag}`, onProgress);
    const id = await this.imageId(tag);
    if (!id) throw new SandboxError(`building image ${tag} finished but the image is missing`);
    return id;
  }

  async pullImage(ref: string, onProgress: (p: ImageProgress) => void): Promise<void> {
    const stream = await this.call(`pulling ${ref}`, () => this.docker.pull(ref));
    await this.follow(stream, `pulling ${ref}`, onProgress);
  }

  /** Reads an engine progress stream to its end, reporting lines and failing on its error lines. */
  private follow(stream: NodeJS.ReadableStream, what: string, onProgress: (p: ImageProgress) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(new SandboxError(`${what} failed: ${err.message}`, { cause: err })) : resolve()),
        (event: { stream?: string; status?: string; error?: string; progressDetail?: { current?: number; total?: number }; id?: string }) => {
          if (event.error) {
            reject(new SandboxError(`${what} failed: ${event.error.trim()}`));
            return;
          }
          const text = (event.stream ?? [event.id, event.status].filter(Boolean).join(': ')).trim();
          if (!text) return;
          const detail = event.progressDetail;
          const percent = detail?.total ? Math.round(((detail.current ?? 0) / detail.total) * 100) : undefined;
          onProgress(percent === undefined ? { message: text } : { message: text, percent });
        },
      );
    });
  }

  async inspectContainer(nameOrId: string): Promise<ContainerInfo | null> {
    try {
      return toInfo(await this.docker.getContainer(nameOrId).inspect());
    } catch (err) {
      if (statusCode(err) === 404) return null;
      if (isUnreachable(err)) throw new EngineUnreachableError(this.address, err);
      throw new SandboxError(`inspecting container ${nameOrId} failed: ${engineMessage(err)}`, { cause: err });
    }
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerInfo[]> {
    const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
    const list = await this.call('listing containers', () => this.docker.listContainers({ all: true, filters }));
    const infos = await Promise.all(list.map((c) => this.inspectContainer(c.Id)));
    return infos.filter((c): c is ContainerInfo => c !== null);
  }

  async createContainer(body: Record<string, unknown>): Promise<string> {
    try {
      const container = await this.call('creating the container', () => this.docker.createContainer(body as Docker.ContainerCreateOptions));
      return container.id;
    } catch (err) {
      const hint = err instanceof SandboxError ? missingHostPiece(err.message) : undefined;
      if (hint) throw new SandboxError(`the engine at ${this.address} cannot start the sandbox's init process (${(err as Error).message})`, { cause: err, hint });
      throw err;
    }
  }

  async startContainer(id: string): Promise<void> {
    await this.call('starting the container', () => this.docker.getContainer(id).start());
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSeconds });
    } catch (err) {
      // 304: already stopped; 404: already gone. Both are what we wanted.
      if (statusCode(err) === 304 || statusCode(err) === 404) return;
      if (isUnreachable(err)) throw new EngineUnreachableError(this.address, err);
      throw new SandboxError(`stopping the container failed: ${engineMessage(err)}`, { cause: err });
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (statusCode(err) === 404) return;
      // 409 "removal already in progress" also ends with the container gone.
      if (statusCode(err) === 409 && /already in progress/.test(engineMessage(err))) return;
      if (isUnreachable(err)) throw new EngineUnreachableError(this.address, err);
      throw new SandboxError(`removing the container failed: ${engineMessage(err)}`, { cause: err });
    }
  }

  async pauseContainer(id: string): Promise<void> {
    await this.call('pausing the container', () => this.docker.getContainer(id).pause());
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.call('resuming the container', () => this.docker.getContainer(id).unpause());
  }

  async createVolume(body: { Name: string; Driver: string; DriverOpts: Record<string, string>; Labels: Record<string, string> }): Promise<void> {
    await this.call(`creating the volume ${body.Name}`, () => this.docker.createVolume(body));
  }

  async inspectVolume(name: string): Promise<VolumeInfo | null> {
    try {
      const raw = (await this.docker.getVolume(name).inspect()) as { Name: string; Driver: string; Options?: Record<string, string> | null; Labels?: Record<string, string> | null };
      return { name: raw.Name, driver: raw.Driver, options: raw.Options ?? {}, labels: raw.Labels ?? {} };
    } catch (err) {
      if (statusCode(err) === 404) return null;
      if (isUnreachable(err)) throw new EngineUnreachableError(this.address, err);
      throw new SandboxError(`inspecting the volume ${name} failed: ${engineMessage(err)}`, { cause: err });
    }
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (err) {
      if (statusCode(err) === 404) return;
      if (isUnreachable(err)) throw new EngineUnreachableError(this.address, err);
      throw new SandboxError(`removing the volume ${name} failed: ${engineMessage(err)}`, { cause: err });
    }
  }

  async putArchive(containerId: string, path: string, tar: NodeJS.ReadableStream): Promise<void> {
    await this.call(`copying into ${path}`, () => this.docker.getContainer(containerId).putArchive(tar, { path }));
  }

  async exec(containerId: string, options: EngineExecOptions): Promise<AttachedProcess> {
    const container = this.docker.getContainer(containerId);
    const exec = await this.call('creating an exec', () =>
      container.exec({
        Cmd: [...options.argv],
        Env: options.env ? [...options.env] : [],
        WorkingDir: options.cwd,
        User: options.user,
        AttachStdin: options.stdin === true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      }),
    );
    const stream = await this.call('starting an exec', () => exec.start({ hijack: true, stdin: options.stdin === true }));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.docker.modem.demuxStream(stream, stdout, stderr);
    const ended = new Promise<void>((resolve) => {
      const done = () => resolve();
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
    });
    ended.then(() => {
      stdout.end();
      stderr.end();
    });
    const wait = async (): Promise<number> => {
      await ended;
      // The engine may report the exit a moment after the stream closed.
      for (let i = 0; i < 50; i++) {
        const state = await this.call('inspecting an exec', () => exec.inspect());
        if (!state.Running && state.ExitCode !== null && state.ExitCode !== undefined) return state.ExitCode;
        await new Promise((r) => setTimeout(r, 10 + i * 5));
      }
      throw new SandboxError('the engine did not report the exit code of a finished exec');
    };
    return {
      stdin: stream as unknown as Writable,
      stdout,
      stderr,
      wait,
      close: () => {
        (stream as unknown as { destroy?: () => void }).destroy?.();
      },
    };
  }
}
