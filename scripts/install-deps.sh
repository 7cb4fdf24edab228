#!/usr/bin/env bash
# Installs the system packages Loom builds and tests against (Debian/Ubuntu, as root).
# Skips apt entirely when everything is already present. Everything is installed without
# recommends: prometheus only provides promtool (metrics lint), chromium renders the dashboard
# headless, docker-compose only validates the deploy files (no engine). A Python venv under
# .build/pyenv holds openapi-spec-validator, which checks `loom serve`'s OpenAPI document.
set -euo pipefail
packages=(libzmq3-dev libpq-dev postgresql pkg-config curl prometheus chromium docker-compose python3-venv)
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
cd "$(dirname "$0")/.."
if ! .build/pyenv/bin/python -c "import openapi_spec_validator" >/dev/null 2>&1; then
  echo "installing openapi-spec-validator into .build/pyenv"
  mkdir -p .build
  python3 -m venv .build/pyenv
  .build/pyenv/bin/pip install -q "openapi-spec-validator==0.7.*"
fi
