/** Where the engine listens, as dockerode wants it plus a printable form for errors. */
export interface EngineAddress {
  readonly display: string;
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * Picks the engine address: the setting when given, else `DOCKER_HOST`, else the
 * default socket. Accepts `unix:///path`, `tcp://host:port`, `http(s)://host:port`
 * and bare socket paths, which covers rootless Docker and Podman's socket.
 */
export function resolveEngineAddress(setting: string, env: NodeJS.ProcessEnv = process.env): EngineAddress {
  const raw = (setting || env.DOCKER_HOST || '').trim();
  if (raw === '') return { display: `unix://${DEFAULT_SOCKET}`, socketPath: DEFAULT_SOCKET };
  if (raw.startsWith('/')) return { display: `unix://${raw}`, socketPath: raw };
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    return { display: raw, socketPath };
  }
  const m = /^(tcp|http|https):\/\/([^:/]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(raw);
  if (m) {
    const scheme = m[1];
    const tls = scheme === 'https' || (scheme === 'tcp' && env.DOCKER_TLS_VERIFY === '1');
    const port = m[3] ? Number(m[3]) : tls ? 2376 : 2375;
    return { display: raw, host: m[2]!.replace(/^\[|\]$/g, ''), port, protocol: tls ? 'https' : 'http' };
  }
  return { display: raw };
}
