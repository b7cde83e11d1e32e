import type { Readable, Writable } from 'node:stream';
import type { EngineAddress } from './engine-address';
import type { EngineProfile } from './engine-profile';

/** What we need to know of a container, whatever engine runs it. */
export interface ContainerInfo {
  readonly id: string;
  readonly name: string;
  readonly running: boolean;
  readonly paused: boolean;
  readonly status: string;
  readonly imageId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly exitCode: number | null;
  readonly oomKilled: boolean;
  readonly finishedAt: Date | null;
  readonly createdAt: Date | null;
  /** The raw inspect document, for tests and `status --json`. */
  readonly raw: unknown;
}

/** What we need to know of a named volume. */
export interface VolumeInfo {
  readonly name: string;
  readonly driver: string;
  /** The driver options it was created with (for the local driver: type, device, o). */
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** A progress line from an image build or pull. */
export interface ImageProgress {
  readonly message: string;
  /** 0–100 when the engine says how far along it is. */
  readonly percent?: number;
}

/** A process started inside a container with its streams attached. */
export interface AttachedProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves with the exit code once the process ended. */
  wait(): Promise<number>;
  /** Closes our end of the streams. */
  close(): void;
}

/** Options of a process started through the engine's exec API. */
export interface EngineExecOptions {
  readonly argv: readonly string[];
  readonly env?: readonly string[];
  readonly cwd?: string;
  readonly user?: string;
  readonly stdin?: boolean;
}

/**
 * The small engine interface the sandbox stands on. Docker's API today; anything
 * that can create, start and exec into hardened containers can stand in.
 */
export interface ContainerEngine {
  /** Printable address, for errors ("Docker is not reachable at …"). */
  readonly address: string;
  /** Where the engine's API answers, for parts that talk to it themselves (the egress proxy's deployment). */
  readonly endpoint?: EngineAddress;
  ping(): Promise<void>;
  /** Engine facts for status and the security audit. */
  info(): Promise<{ version: string; rootless: boolean; userns: boolean; os: string }>;
  /** Which engine this is (asked of the engine, once) and what it needs to build the same container. */
  profile(): Promise<EngineProfile>;
  imageId(ref: string): Promise<string | null>;
  buildImage(contextDir: string, files: string[], tag: string, onProgress: (p: ImageProgress) => void): Promise<string>;
  pullImage(ref: string, onProgress: (p: ImageProgress) => void): Promise<void>;
  inspectContainer(nameOrId: string): Promise<ContainerInfo | null>;
  listContainers(labels: Record<string, string>): Promise<ContainerInfo[]>;
  /** Creates a container from a Docker-API create body; returns its id. */
  createContainer(body: Record<string, unknown>): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  pauseContainer(id: string): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  /** Creates a named volume (Docker API VolumeCreate body). */
  createVolume(body: { Name: string; Driver: string; DriverOpts: Record<string, string>; Labels: Record<string, string> }): Promise<void>;
  inspectVolume(name: string): Promise<VolumeInfo | null>;
  /** Removes a volume; a volume that does not exist is already removed. */
  removeVolume(name: string): Promise<void>;
  /** Unpacks a tar stream into a container's folder (the shadow layer's copy fallback seeds its volume with it). */
  putArchive(containerId: string, path: string, tar: NodeJS.ReadableStream): Promise<void>;
  /** Starts a process through the exec API and attaches to it. */
  exec(containerId: string, options: EngineExecOptions): Promise<AttachedProcess>;
}
