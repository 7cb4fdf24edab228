#!/usr/bin/env bash
# Installs the system packages Loom builds and tests against (Debian/Ubuntu, as root).
# Skips apt entirely when everything is already present.
set -euo pipefail
packages=(libzmq3-dev libpq-dev postgresql pkg-config curl)
# Installed without recommends: docker-compose only validates the deploy files (no engine).
lean_packages=(docker-compose)
missing=()
missing_lean=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
for p in "${lean_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing_lean+=("$p")
done
if [ $((${#missing[@]} + ${#missing_lean[@]})) -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "installing: ${missing[*]} ${missing_lean[*]}"
  $sudo_cmd apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ${#missing_lean[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing_lean[@]}" >/dev/null
  fi
fi
