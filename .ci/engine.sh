#!/usr/bin/env bash
# Makes a Docker engine answer on this machine and makes sure the offline base
# image `debian:bookworm-slim` exists. Idempotent: each step is skipped when its
# result is already there. Used by .ci/run and usable by hand.
set -euo pipefail

log() { printf '[engine] %s\n' "$*" >&2; }

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

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

start_engine() {
  if engine_answers; then log "engine already answers"; return 0; fi
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix:///var/run/docker.sock}" = "$DOCKER_HOST" ]; then
    log "DOCKER_HOST=$DOCKER_HOST does not answer and is not the local socket; not starting an engine"
    return 1
  fi
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  # A dockerd that is still starting (or restarting) must not get a twin: two
  # daemons fight over containerd's database and neither comes up.
  if pgrep -x dockerd >/dev/null 2>&1; then
    log "a dockerd is running but not answering yet; waiting for it"
    for _ in $(seq 1 30); do
      if engine_answers; then log "engine answers"; return 0; fi
      sleep 1
    done
    log "it did not answer in 30 s; stopping it and starting afresh"
    pkill -x dockerd 2>/dev/null || true
    for _ in $(seq 1 30); do pgrep -x dockerd >/dev/null 2>&1 || break; sleep 1; done
    pkill -x containerd 2>/dev/null || true
    sleep 1
  fi
  # A dockerd killed with the previous session leaves its pid file behind and a
  # new one refuses to start while that file names a live process.
  if [ -f /var/run/docker.pid ]; then
    local old; old=$(cat /var/run/docker.pid 2>/dev/null || true)
    if [ -n "$old" ] && kill -0 "$old" 2>/dev/null; then
      log "waiting for old dockerd $old to exit"
      kill "$old" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$old" 2>/dev/null || break; sleep 1; done
    fi
    rm -f /var/run/docker.pid
  fi
  for f in /var/run/docker/containerd/containerd.pid; do [ -f "$f" ] && rm -f "$f"; done
  log "starting dockerd (log: /var/log/clawdock-dockerd.log)"
  # From /, so the engine never sits in a folder that may be removed (a clone it was started from).
  (cd / && exec setsid dockerd >/var/log/clawdock-dockerd.log 2>&1 < /dev/null) &
  for _ in $(seq 1 60); do
    if engine_answers; then log "engine answers"; return 0; fi
    sleep 1
  done
  log "dockerd did not answer within 60 s; last log lines:"
  tail -n 20 /var/log/clawdock-dockerd.log >&2 || true
  return 1
}

ensure_base_image() {
  if docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
    log "base image debian:bookworm-slim present"
    return 0
  fi
  # No registry is reachable here, so the base image is made from Debian's own
  # packages with debootstrap and imported.
  apt_install debootstrap
  local root; root=$(mktemp -d /tmp/clawdock-rootfs.XXXXXX)
  log "debootstrap bookworm into $root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/tmp/clawdock-debootstrap.log 2>&1 \
    || { tail -n 20 /tmp/clawdock-debootstrap.log >&2; return 1; }
  log "importing as debian:bookworm-slim"
  tar -C "$root" -c . | docker import - debian:bookworm-slim >/dev/null
  rm -rf "$root"
}

start_engine
ensure_base_image
