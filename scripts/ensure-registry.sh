#!/usr/bin/env bash
# Runs hbench's image registry on the swarm manager (idempotent): Debian's docker-registry (Distribution
# 2.8) on the swarm's advertise address, port 5000, over TLS with a self-signed CA of its own. The Swarm
# backend pushes each cell image there once and creates services by digest, so every node pulls exactly
# the manager's content (README, Scale-out). Usable both ways: run it, or source it and call
# ensure_registry (scripts/ensure-swarm.sh and scripts/swarm-worker.sh do).
#
# Why TLS: an engine pulls over plain HTTP only from loopback or from registries listed in its daemon.json
# (a daemon restart); a CA in /etc/docker/certs.d/<host:port>/ca.crt is read at each push and pull, so
# this manager and any node trust the registry without a restart. Nodes get that one file (the worker
# container: scripts/swarm-worker.sh; a real node: copy it there).
#   HBENCH_REGISTRY_DIR   state: CA, certificate, config, log and the image storage (default /var/lib/hbench-registry)
#   HBENCH_REGISTRY_PORT  port (default 5000)

registry_dir="${HBENCH_REGISTRY_DIR:-/var/lib/hbench-registry}"
registry_port="${HBENCH_REGISTRY_PORT:-5000}"

# The address the registry listens on: the swarm's advertise address, which every node reaches (docker0
# here, so nothing outside the machine does).
registry_host() {
  local addr
  addr="$(docker info --format '{{.Swarm.NodeAddr}}' 2>/dev/null)"
  [ -n "$addr" ] || addr="$(docker network inspect bridge -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' 2>/dev/null | grep -E '^[0-9.]+$' | head -n1)"
  echo "${addr:-127.0.0.1}"
}

registry_address() { echo "$(registry_host):$registry_port"; }

# A CA (kept across restarts, so nodes keep trusting it) and a server certificate for the address.
registry_certificates() {
  local host="$1" dir="$registry_dir/tls"
  mkdir -p "$dir" && chmod 700 "$dir"
  if [ ! -s "$dir/ca.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=hbench registry CA" \
      -keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1 || return 1
  fi
  # Reissued when the address changed (the certificate names it: Go clients check the IP SAN).
  if [ ! -s "$dir/server.crt" ] || [ "$(cat "$dir/server.host" 2>/dev/null)" != "$host" ]; then
    local san="IP:$host"
    [[ "$host" =~ ^[0-9.]+$ ]] || san="DNS:$host"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$host" -keyout "$dir/server.key" -out "$dir/server.csr" >/dev/null 2>&1 || return 1
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 3650 \
      -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san") -out "$dir/server.crt" >/dev/null 2>&1 || return 1
    echo "$host" >"$dir/server.host"
  fi
  # This engine trusts it from the next push on (certs.d is read per operation: no daemon restart).
  mkdir -p "/etc/docker/certs.d/$host:$registry_port"
  cp "$dir/ca.crt" "/etc/docker/certs.d/$host:$registry_port/ca.crt"
}

registry_config() {
  local host="$1"
  cat >"$registry_dir/config.yml" <<EOF
# Written by scripts/ensure-registry.sh: hbench's image registry (edit that script, not this file).
version: 0.1
log:
  level: warn
  fields:
    service: hbench-registry
storage:
  filesystem:
    rootdirectory: $registry_dir/data
  delete:
    enabled: true
http:
  addr: $host:$registry_port
  tls:
    certificate: $registry_dir/tls/server.crt
    key: $registry_dir/tls/server.key
EOF
}

registry_answers() {
  local host="$1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS --max-time 3 --cacert "$registry_dir/tls/ca.crt" "https://$host:$registry_port/v2/" >/dev/null 2>&1
  else
    (exec 3<>"/dev/tcp/$host/$registry_port") 2>/dev/null # no curl: at least it listens
  fi
}

ensure_registry() {
  command -v docker-registry >/dev/null 2>&1 || {
    echo "ensure-registry: installing Debian's docker-registry..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker-registry >/dev/null || {
      echo "ensure-registry: could not install docker-registry (apt-get install docker-registry)." >&2
      return 1
    }
  }
  local host pid
  host="$(registry_host)"
  mkdir -p "$registry_dir/data"
  registry_certificates "$host" || { echo "ensure-registry: could not make the registry's certificates (openssl)." >&2; return 1; }
  registry_config "$host"
  pid="$(cat "$registry_dir/registry.pid" 2>/dev/null)"
  if [ -n "$pid" ] && [ -d "/proc/$pid" ] && grep -q docker-registry "/proc/$pid/cmdline" 2>/dev/null; then
    # Running: keep it unless it listens elsewhere (the config changed) or stopped answering.
    if cmp -s "$registry_dir/config.yml" "$registry_dir/config.running.yml" && registry_answers "$host"; then
      echo "Registry running at $host:$registry_port (storage $registry_dir/data)."
      return 0
    fi
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  fi
  cp "$registry_dir/config.yml" "$registry_dir/config.running.yml"
  # Its own session: it outlives this script and the shell that ran it, as dockerd does.
  setsid docker-registry serve "$registry_dir/config.running.yml" >>"$registry_dir/registry.log" 2>&1 < /dev/null &
  echo $! >"$registry_dir/registry.pid"
  for _ in $(seq 1 50); do
    registry_answers "$host" && { echo "Registry started at $host:$registry_port (storage $registry_dir/data)."; return 0; }
    sleep 0.1
  done
  echo "ensure-registry: the registry did not answer on $host:$registry_port within 5 s; see $registry_dir/registry.log:" >&2
  tail -n 5 "$registry_dir/registry.log" >&2
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  case "${1:-}" in
    address) registry_address ;;
    "") ensure_registry ;;
    *) echo "usage: $0 [address]" >&2; exit 64 ;;
  esac
  exit $?
fi
