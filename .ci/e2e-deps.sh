#!/usr/bin/env bash
# Kept for habit and old notes: the Debian packages `npm start` and `npm test`
# need are listed once, in scripts/preflight.mjs (SYSTEM_PACKAGES).
set -euo pipefail
exec node "$(dirname "$0")/../scripts/preflight.mjs" --packages
