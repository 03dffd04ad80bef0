#!/usr/bin/env bash
# Makes the local Docker engine a single-node swarm manager when it is in no swarm (idempotent): the
# Swarm backend (`./hbench run --backend swarm`) and its tests need one. An engine that already is a
# manager or a worker is left as it is. Usable both ways: run it, or source it and call ensure_swarm
# (scripts/swarm-worker.sh calls ensure_reachable_swarm).
#
# The manager listens and advertises on the docker0 bridge address: the host reaches it, and so does a
# Docker-in-Docker worker on that bridge (scripts/swarm-worker.sh); 127.0.0.1 is the container's own
# loopback, and the raft address a worker reconnects to cannot be changed later without a new swarm.
# Nothing outside the machine reaches docker0. Without a docker0 bridge, loopback (single node only).

swarm_address() {
  local addr
  # The default bridge's gateway is docker0's address (asked of the engine: no iproute2 needed).
  addr="$(docker network inspect bridge -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' 2>/dev/null | grep -E '^[0-9.]+$' | head -n1)"
  [ -n "$addr" ] || addr="$(ip -4 -o addr show dev docker0 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | head -n1)"
  echo "${addr:-127.0.0.1}"
}

ensure_swarm() {
  local state addr
  state="$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" || {
    echo "ensure-swarm: the Docker engine does not answer; run scripts/ensure-docker.sh first." >&2
    return 1
  }
  if [ "$state" = active ]; then
    echo "Swarm is active ($(docker info --format '{{.Swarm.Nodes}} node(s), manager: {{.Swarm.ControlAvailable}}, address {{.Swarm.NodeAddr}}'))."
    return 0
  fi
  addr="$(swarm_address)"
  docker swarm init --advertise-addr "$addr" --listen-addr "$addr:2377" >/dev/null || return 1
  echo "Swarm initialised: single node, advertised on $addr."
}

# A swarm a container on the docker0 bridge can join: an existing single-node swarm advertised on
# loopback (as this script made them before) is re-created on docker0, but only while it runs no
# service (leaving a swarm removes its services and overlay networks).
ensure_reachable_swarm() {
  ensure_swarm >/dev/null || return 1
  local raft addr
  raft="$(docker node inspect self -f '{{.ManagerStatus.Addr}}' 2>/dev/null)" || {
    echo "ensure-swarm: this engine is a swarm worker, not a manager; run hbench on a manager." >&2
    return 1
  }
  addr="$(swarm_address)"
  case "$raft" in 127.*) ;; *) return 0 ;; esac
  [ "$addr" != 127.0.0.1 ] || { echo "ensure-swarm: no docker0 bridge: a worker container cannot reach a manager on loopback." >&2; return 1; }
  if [ "$(docker node ls -q | wc -l)" != 1 ] || [ -n "$(docker service ls -q)" ]; then
    echo "ensure-swarm: the manager is advertised on $raft, which a worker container cannot reach, and the swarm has other nodes or services. Fix: when it is idle, run 'docker swarm leave --force' then this script." >&2
    return 1
  fi
  docker swarm leave --force >/dev/null && docker swarm init --advertise-addr "$addr" --listen-addr "$addr:2377" >/dev/null || return 1
  echo "Swarm re-created on $addr (was $raft) so that a worker container can join it."
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  ensure_swarm
  exit $?
fi
