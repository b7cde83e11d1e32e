import { EgressError } from '../egress-error';

/** The container-create fields that put the sandbox on the egress network and nowhere else. */
export interface SandboxNetworkSpec {
  /** Merge into the create body's `HostConfig`. */
  readonly hostConfig: {
    readonly NetworkMode: string;
    readonly Dns: string[];
    readonly DnsOptions: string[];
    readonly DnsSearch: string[];
    readonly Sysctls: Record<string, string>;
  };
  /** Put as the create body's `NetworkingConfig`. */
  readonly networkingConfig: { readonly EndpointsConfig: Record<string, Record<string, never>> };
}

/**
 * The sandbox's network fields: only the internal network; the engine's
 * embedded DNS told to forward to the network's gateway address, which no one
 * holds (so even an engine that would forward from the host's own namespace
 * has nowhere to send a query); IPv6 off.
 */
export function sandboxNetworkSpec(network: string, gateway: string): SandboxNetworkSpec {
  return {
    hostConfig: {
      NetworkMode: network,
      Dns: [gateway],
      DnsOptions: ['timeout:1', 'attempts:1'],
      DnsSearch: [],
      Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1' },
    },
    networkingConfig: { EndpointsConfig: { [network]: {} } },
  };
}

/**
 * Refuses a sandbox container attached anywhere but its egress network (call
 * it with the container's inspect document after creating it): a second
 * network would be a route around the proxy.
 */
export function assertOnlyOnEgressNetwork(inspect: { HostConfig?: { NetworkMode?: string }; NetworkSettings?: { Networks?: Record<string, unknown> } }, networkName: string): void {
  const mode = inspect.HostConfig?.NetworkMode;
  const networks = Object.keys(inspect.NetworkSettings?.Networks ?? {});
  if (mode !== networkName || networks.length !== 1 || networks[0] !== networkName) {
    throw new EgressError(`the sandbox container is on ${networks.join(', ') || 'no network'} (mode ${mode ?? 'unset'}), not only on ${networkName}`, { hint: 'recreate the sandbox; nothing may attach it to another network' });
  }
}
