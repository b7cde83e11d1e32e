import Docker from 'dockerode';
import { sha256Hex } from '../../core/hash';
import { EgressError } from '../egress-error';

/** Where the engine listens; the same shape as the sandbox's `EngineAddress`, so one can be passed as the other. */
export interface EngineTarget {
  readonly display: string;
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
}

/** Labels on the networks and containers egress creates. */
export const EGRESS_LABELS = {
  managed: 'dev.clawdock.managed',
  egress: 'dev.clawdock.egress',
  workspace: 'dev.clawdock.workspace',
} as const;

/** The option that keeps an internal bridge without an IPv4 address, so a container on it cannot reach the host at all. */
export const INHIBIT_IPV4 = 'com.docker.network.bridge.inhibit_ipv4';

/** The names egress uses for one workspace (from its real path). */
export interface EgressNames {
  readonly key: string;
  /** The internal network the sandbox sits on, with the proxy as its only other member. */
  readonly internal: string;
  /** The proxy's container. */
  readonly proxy: string;
  /** The bridge network the proxies reach the outside through (shared by all workspaces). */
  readonly outside: string;
}

/** The network and container names for a workspace. */
export function egressNames(workspaceRealPath: string): EgressNames {
  const key = sha256Hex(workspaceRealPath).slice(0, 16);
  return { key, internal: `clawdock-egress-${key}`, proxy: `clawdock-egress-proxy-${key}`, outside: 'clawdock-egress-out' };
}

/** dockerode for an engine address. */
export function dockerFor(target: EngineTarget): Docker {
  return new Docker(target.socketPath ? { socketPath: target.socketPath } : { host: target.host, port: target.port, protocol: target.protocol });
}

function statusCode(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}

function engineMessage(err: unknown): string {
  return (err as { json?: { message?: string } } | null)?.json?.message ?? (err instanceof Error ? err.message : String(err));
}

/** Facts about a network egress relies on. */
export interface NetworkFacts {
  readonly id: string;
  readonly subnet: string;
  readonly gateway: string;
}

async function inspectNetwork(docker: Docker, name: string): Promise<Docker.NetworkInspectInfo | null> {
  try {
    return (await docker.getNetwork(name).inspect()) as Docker.NetworkInspectInfo;
  } catch (err) {
    if (statusCode(err) === 404) return null;
    throw new EgressError(`inspecting the network ${name} failed: ${engineMessage(err)}`, { cause: err });
  }
}

function facts(info: Docker.NetworkInspectInfo): NetworkFacts {
  const config = info.IPAM?.Config?.find((c) => c.Subnet && !c.Subnet.includes(':'));
  if (!config?.Subnet) throw new EgressError(`the network ${info.Name} has no IPv4 subnet`);
  return { id: info.Id, subnet: config.Subnet, gateway: config.Gateway ?? '' };
}

/**
 * Makes sure a network exists with exactly the isolation egress relies on,
 * creating it when missing. An existing network of that name that is not
 * internal (or leaves the host reachable) is refused, never reused.
 */
export async function ensureNetwork(docker: Docker, name: string, kind: 'internal' | 'outside', labels: Record<string, string>): Promise<NetworkFacts> {
  const wanted: Docker.NetworkCreateOptions = {
    Name: name,
    CheckDuplicate: true,
    Driver: 'bridge',
    EnableIPv6: false,
    Internal: kind === 'internal',
    Labels: { [EGRESS_LABELS.managed]: 'true', ...labels },
    ...(kind === 'internal' ? { Options: { [INHIBIT_IPV4]: 'true' } } : {}),
  };
  let info = await inspectNetwork(docker, name);
  if (!info) {
    try {
      await docker.createNetwork(wanted);
    } catch (err) {
      // Another window may have created it in between: inspect and check it like any existing one.
      if (statusCode(err) !== 409) throw new EgressError(`creating the network ${name} failed: ${engineMessage(err)}`, { cause: err });
    }
    info = await inspectNetwork(docker, name);
    if (!info) throw new EgressError(`the network ${name} vanished right after it was created`);
  }
  if (kind === 'internal') {
    const problems = [
      info.Internal !== true ? 'it is not internal (it has a route out)' : '',
      info.Options?.[INHIBIT_IPV4] !== 'true' ? 'its bridge has an address on the host (the host would be reachable)' : '',
      info.EnableIPv6 ? 'it has IPv6' : '',
      info.Driver !== 'bridge' ? `its driver is ${info.Driver}, not bridge` : '',
    ].filter(Boolean);
    if (problems.length > 0) {
      throw new EgressError(`the network ${name} exists but ${problems.join(', ')}`, { hint: `remove it (\`docker network rm ${name}\`) and start the sandbox again` });
    }
  }
  return facts(info);
}

/** Every IPv4 gateway of the engine's networks (addresses of the engine host itself). */
export async function engineGateways(docker: Docker): Promise<string[]> {
  const networks = await docker.listNetworks();
  return networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Gateway).filter((g): g is string => typeof g === 'string' && g !== ''));
}

/** Removes a container by name if it exists (a proxy left behind by a window that died). */
export async function removeContainerIfPresent(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getContainer(name).remove({ force: true });
  } catch (err) {
    if (statusCode(err) !== 404) throw new EgressError(`removing the old container ${name} failed: ${engineMessage(err)}`, { cause: err });
  }
}

/** Removes a workspace's internal network (when its sandbox is discarded); a network still in use is left alone. */
export async function removeEgressNetwork(target: EngineTarget, workspaceRealPath: string): Promise<boolean> {
  const docker = dockerFor(target);
  const names = egressNames(workspaceRealPath);
  await removeContainerIfPresent(docker, names.proxy);
  try {
    await docker.getNetwork(names.internal).remove();
    return true;
  } catch (err) {
    if (statusCode(err) === 404) return false;
    throw new EgressError(`removing the network ${names.internal} failed: ${engineMessage(err)}`, { cause: err });
  }
}
