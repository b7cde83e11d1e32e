// Whether the engine runs the container's health check (CIS Docker 5.27), as
// the engine reports it. Docker runs it itself. Podman runs it from a systemd
// timer it creates at start; on a host without systemd no timer exists and the
// check never runs, while the status still says "starting". So a check that
// has no result well past its first due time is reported as not run, rather
// than showing a health nobody measured.
import type { ContainerInfo } from './engine';
import type { EngineProfile } from './engine-profile';

/** The container's health check as the engine runs it (or does not). */
export interface SandboxHealth {
  readonly status: 'starting' | 'healthy' | 'unhealthy' | 'not run';
  /** Why, when the engine does not run it. */
  readonly detail?: string;
}

interface HealthState {
  readonly Status?: string;
  readonly Log?: readonly unknown[] | null;
}

interface HealthDoc {
  readonly Config?: { readonly Healthcheck?: { readonly Test?: readonly string[] | null; readonly Interval?: number; readonly Timeout?: number; readonly StartPeriod?: number } | null };
  readonly State?: { readonly StartedAt?: string; readonly Health?: HealthState | null; readonly Healthcheck?: HealthState | null };
}

// Engine defaults when the check leaves them out (nanoseconds).
const DEFAULT_INTERVAL_NS = 30e9;
const DEFAULT_TIMEOUT_NS = 30e9;
// Room for a busy engine before "no result yet" means "never run".
const SLACK_MS = 15_000;

/** The health of a running container with a health check; undefined when it has none or is not running. */
export function healthOf(info: ContainerInfo, profile: EngineProfile, now: number = Date.now()): SandboxHealth | undefined {
  const doc = info.raw as HealthDoc;
  const check = doc.Config?.Healthcheck;
  const test = check?.Test ?? [];
  if (!info.running || test.length === 0 || test[0] === 'NONE') return undefined;
  const state = doc.State?.Health ?? doc.State?.Healthcheck;
  const status = state?.Status ?? '';
  if (status === 'healthy' || status === 'unhealthy') return { status };
  const started = Date.parse(doc.State?.StartedAt ?? '');
  const dueMs = ((check?.StartPeriod ?? 0) + (check?.Interval || DEFAULT_INTERVAL_NS) + (check?.Timeout || DEFAULT_TIMEOUT_NS)) / 1e6 + SLACK_MS;
  const overdue = Number.isFinite(started) && now - started > dueMs && (state?.Log ?? []).length === 0;
  if (status === 'starting' && !overdue) return { status };
  const since = Number.isFinite(started) ? ` ${Math.round((now - started) / 1000)} s after the start` : '';
  const why = profile.kind === 'podman'
    ? `no result${since}: Podman runs health checks from systemd timers, and none runs on this engine's host (no systemd); the sandbox still notices a dead executor at the next command`
    : `the engine has reported no result${since} (status ${JSON.stringify(status)})`;
  return { status: 'not run', detail: why };
}
