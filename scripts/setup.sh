#!/usr/bin/env bash
# Installs everything Aegis needs on a fresh Debian machine with Node >= 20.19:
# Debian packages (tmux, chromium for screenshots, postgresql for the fleet store's tests), pnpm, the workspace dependencies, a build, and the pinned Claude Code versions.
# Idempotent: run it again any time.
set -euo pipefail
cd "$(dirname "$0")/.."

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Aegis needs Node >= 20.19, found "+process.version); process.exit(1) }'

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v ps >/dev/null 2>&1 || missing+=(procps)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
# a real PostgreSQL for the fleet store's tests (started by the tests themselves in a temporary folder)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "setup: installing pnpm $pnpm_version"
  # a user-owned Node (nvm, …) installs as you; a system-wide one needs root
  npm install -g --no-audit --no-fund "pnpm@$pnpm_version" >/dev/null 2>&1 || $SUDO npm install -g --no-audit --no-fund "pnpm@$pnpm_version" >/dev/null
fi

pnpm install --frozen-lockfile
pnpm build
pnpm --filter @aegis/testkit install-claude
