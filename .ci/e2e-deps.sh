#!/usr/bin/env bash
# Installs, from Debian's packages, what the e2e suite and `npm start` need on
# top of the project's Node: Chromium (driven headless by playwright-core),
# ripgrep (code-server's search; its npm postinstall would fetch it from
# GitHub), and the headers/toolchain to rebuild code-server's native modules
# offline (kerberos needs libkrb5-dev). Idempotent: installed packages are
# skipped. Needs root (or sudo) only when something is missing.
set -euo pipefail

log() { printf '[e2e-deps] %s\n' "$*" >&2; }

packages=(chromium ripgrep libkrb5-dev build-essential python3 pkg-config libsecret-1-dev fonts-liberation)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  log "all present: ${packages[*]}"
else
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "missing ${missing[*]} and not root (no sudo): install them with apt-get"; exit 1; }
    sudo=(sudo)
  fi
  log "apt-get update"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  log "installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node's headers for node-gyp: Debian's nodejs-dev puts them in /usr/include/node,
# a Node from nodejs.org (or nvm) has them beside the binary.
node_prefix=$(dirname "$(dirname "$(command -v node)")")
if [ ! -f /usr/include/node/node.h ] && [ ! -f "$node_prefix/include/node/node.h" ]; then
  log "warning: no Node headers found (/usr/include/node or $node_prefix/include/node); native rebuilds of code-server may fail"
fi

for bin in /usr/bin/chromium /usr/bin/rg; do
  [ -x "$bin" ] || { log "expected $bin after install"; exit 1; }
done
log "ready: $(/usr/bin/chromium --version 2>/dev/null | head -1), $(/usr/bin/rg --version | head -1)"
