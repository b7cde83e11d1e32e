#!/usr/bin/env bash
# Makes Podman's Docker-compatible API answer on this machine, for the second
# pass of the real-engine sandbox suites (scripts/test.mjs, issue 17):
#   - podman and catatonit from Debian (catatonit is the init Podman runs for
#     `Init: true`; Debian's podman only recommends it);
#   - the offline base image `debian:bookworm-slim`, copied from the Docker
#     engine (.ci/engine.sh makes it) and tagged under docker.io/library so
#     `FROM debian:bookworm-slim` resolves without a registry;
#   - `podman system service` on unix:///run/podman/podman.sock, rootful.
# Idempotent: each step is skipped when its result is already there. Used by
# .ci/run and usable by hand; `bash .ci/podman.sh stop` stops the service it started.
set -euo pipefail

SOCKET=/run/podman/podman.sock
PIDFILE=/run/clawdock-podman.pid
LOG=/var/log/clawdock-podman.log

log() { printf '[podman] %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

service_answers() { curl -sf --max-time 5 --unix-socket "$SOCKET" http://podman/_ping >/dev/null 2>&1; }

# The service's process: the one the pid file names, else one serving our socket (started by an earlier run).
service_pids() {
  { cat "$PIDFILE" 2>/dev/null; pgrep -f "podman system service .*unix://$SOCKET" 2>/dev/null; } | sort -u | while read -r pid; do
    kill -0 "$pid" 2>/dev/null && echo "$pid"
  done
}

stop_service() {
  local pid
  for pid in $(service_pids); do
    log "stopping podman system service ($pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  done
  rm -f "$PIDFILE"
}

if [ "${1:-}" = "stop" ]; then stop_service; exit 0; fi

# curl is how we ask the socket; podman, catatonit and the seccomp profile's package (containers-common) are the engine.
apt_install podman catatonit golang-github-containers-common curl

ensure_base_image() {
  if podman image exists docker.io/library/debian:bookworm-slim; then
    log "base image debian:bookworm-slim present"
    return 0
  fi
  if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
    log "the Docker engine has no debian:bookworm-slim to copy; run .ci/engine.sh first"
    return 1
  fi
  log "copying debian:bookworm-slim from the Docker engine"
  docker save debian:bookworm-slim | podman load -q >/dev/null
  # `docker import` images load as localhost/…; the short name in FROM resolves to docker.io/library/….
  podman image exists docker.io/library/debian:bookworm-slim \
    || podman tag localhost/debian:bookworm-slim docker.io/library/debian:bookworm-slim
}

# A service whose working folder was removed (a clone it was started from,
# deleted since) still answers, but conmon cannot start a container there
# ("Failed to get working directory"): such a service is started again.
service_cwd_gone() {
  local pid
  for pid in $(service_pids); do
    if readlink "/proc/$pid/cwd" 2>/dev/null | grep -q ' (deleted)$'; then
      log "the running service's working folder was removed; starting it again"
      return 0
    fi
  done
  return 1
}

start_service() {
  if service_answers && ! service_cwd_gone; then log "podman system service already answers at $SOCKET"; return 0; fi
  stop_service
  mkdir -p "$(dirname "$SOCKET")"
  rm -f "$SOCKET"
  log "starting podman system service at unix://$SOCKET (log: $LOG)"
  # From /, so the service (and every conmon it starts) never sits in a folder that may be removed.
  (cd / && exec setsid podman system service --time=0 "unix://$SOCKET" >"$LOG" 2>&1 < /dev/null) &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 60); do
    if service_answers; then log "podman answers ($(podman version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"; return 0; fi
    sleep 0.5
  done
  log "podman system service did not answer within 30 s; last log lines:"
  tail -n 20 "$LOG" >&2 || true
  return 1
}

ensure_base_image
start_service
