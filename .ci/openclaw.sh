#!/usr/bin/env bash
# Installs the pinned OpenClaw gateway and the Node 24 runtime it needs into
# .openclaw/ (git-ignored), from the npm registry only. Idempotent: a second run
# with the same pins does nothing. The OpenClaw bridge suite
# (test/gateway-openclaw) runs it when the gateway is missing.
#   bash .ci/openclaw.sh          install (or check) the pinned versions
#   bash .ci/openclaw.sh --print  print the paths the suite uses
# openclaw 2026.9.6 needs Node >= 24.16 and its preinstall refuses Node 20, so
# `node@24` (which fetches its platform binary from the registry) comes first,
# and openclaw is installed with that Node first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION="${CLAWDOCK_OPENCLAW_NODE_VERSION:-24.21.0}"
OPENCLAW_VERSION="${CLAWDOCK_OPENCLAW_VERSION:-2026.9.6}"
ROOT="${CLAWDOCK_OPENCLAW_DIR:-$PWD/.openclaw}"
NODE_DIR="$ROOT/node"
APP_DIR="$ROOT/openclaw"
NODE_BIN="$NODE_DIR/node_modules/node/bin"
STAMP="$ROOT/installed-$NODE_VERSION-$OPENCLAW_VERSION"

if [ "${1:-}" = "--print" ]; then
  echo "node=$NODE_BIN/node"
  echo "openclaw=$APP_DIR/node_modules/openclaw/openclaw.mjs"
  exit 0
fi

if [ -f "$STAMP" ] && [ -x "$NODE_BIN/node" ] && [ -f "$APP_DIR/node_modules/openclaw/package.json" ]; then
  exit 0
fi

export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

echo "clawdock: installing node@$NODE_VERSION into $NODE_DIR" >&2
mkdir -p "$NODE_DIR" "$APP_DIR"
# node@24's preinstall fetches node-linux-<arch> from the registry: the one install script allowed here.
cat > "$NODE_DIR/package.json" <<JSON
{ "name": "clawdock-openclaw-node", "private": true,
  "dependencies": { "node": "$NODE_VERSION" },
  "allowScripts": { "node@$NODE_VERSION": true } }
JSON
(cd "$NODE_DIR" && npm install)
"$NODE_BIN/node" -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a!==24||b<16) { console.error(`node ${process.versions.node} is not >= 24.16`); process.exit(1); }'

echo "clawdock: installing openclaw@$OPENCLAW_VERSION into $APP_DIR (about 650 MB)" >&2
# Only openclaw's own preinstall (its Node version check) runs; no dependency's
# install script is needed to run the gateway on loopback.
cat > "$APP_DIR/package.json" <<JSON
{ "name": "clawdock-openclaw-gateway", "private": true,
  "dependencies": { "openclaw": "$OPENCLAW_VERSION" },
  "allowScripts": { "openclaw@$OPENCLAW_VERSION": true } }
JSON
(cd "$APP_DIR" && PATH="$NODE_BIN:$PATH" npm install)
PATH="$NODE_BIN:$PATH" "$NODE_BIN/node" "$APP_DIR/node_modules/openclaw/openclaw.mjs" --version >&2

rm -f "$ROOT"/installed-*
touch "$STAMP"
echo "clawdock: openclaw $OPENCLAW_VERSION ready in $ROOT" >&2
