#!/usr/bin/env bash
# One-time (and idempotent) setup of a Debian 12 machine for HarnessBench, as root:
#   1. installs the host tools that are missing (docker.io, debootstrap, socat, ca-certificates,
#      docker-registry, openssl, curl: the swarm's image registry)
#   2. makes sure a Docker engine answers (starts dockerd when needed: scripts/ensure-docker.sh)
#   3. builds the images (./hbench images build): only those whose inputs changed since last time
# Run it again at any time; a second run with nothing to do takes seconds.
#   HBENCH_SKIP_IMAGES=1  stop after step 2
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

started=$(date +%s)
step_started=""
step() {
  local now; now=$(date +%s)
  [ -z "$step_started" ] || printf '   (%ss)\n' "$((now - step_started))"
  step_started=$now
  printf '\n== %s (%s)\n' "$1" "$(date +%T)"
}

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: run as root (it installs packages and may start the Docker engine): sudo bash scripts/setup.sh" >&2
  exit 1
fi

step "Host packages"
wanted=(docker.io debootstrap socat ca-certificates docker-registry openssl curl)
missing=()
for package in "${wanted[@]}"; do
  if [ "$package" = docker.io ] && command -v docker >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1; then
    continue # an engine installed another way (e.g. Docker's own packages) is fine too
  fi
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "All present: ${wanted[*]}"
else
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

step "Docker engine"
# shellcheck source=scripts/ensure-docker.sh
. "$root/scripts/ensure-docker.sh"
ensure_docker

step "Swarm (single node, for --backend swarm)"
# shellcheck source=scripts/ensure-swarm.sh
. "$root/scripts/ensure-swarm.sh"
ensure_swarm

step "Image registry (the swarm's nodes pull cell images from it)"
# shellcheck source=scripts/ensure-registry.sh
. "$root/scripts/ensure-registry.sh"
ensure_registry

if [ "${HBENCH_SKIP_IMAGES:-0}" = 1 ]; then
  step "Images: skipped (HBENCH_SKIP_IMAGES=1)"
else
  step "Images (content-hashed: unchanged images are not rebuilt)"
  "$root/hbench" images build
fi

step "Done"
echo "setup finished in $(( $(date +%s) - started ))s"
