#!/usr/bin/env bash
# Installs the system packages Loom builds and tests against (Debian/Ubuntu, as root).
# Skips apt entirely when everything is already present. Everything is installed without
# recommends: prometheus only provides promtool (metrics lint), chromium renders the dashboard
# headless, docker-compose only validates the deploy files (no engine).
set -euo pipefail
packages=(libzmq3-dev libpq-dev postgresql pkg-config curl prometheus chromium docker-compose)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
