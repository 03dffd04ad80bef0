#!/usr/bin/env bash
# Makes the local Docker engine a single-node swarm manager when it is in no swarm (idempotent): the
# Swarm backend (`./hbench run --backend swarm`) and its tests need one. An engine that already is a
# manager or a worker is left as it is. Usable both ways: run it, or source it and call ensure_swarm.

ensure_swarm() {
  local state
  state="$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" || {
    echo "ensure-swarm: the Docker engine does not answer; run scripts/ensure-docker.sh first." >&2
    return 1
  }
  if [ "$state" = active ]; then
    echo "Swarm is active ($(docker info --format '{{.Swarm.Nodes}} node(s), manager: {{.Swarm.ControlAvailable}}'))."
    return 0
  fi
  # Loopback only: a single-node swarm needs no other machine to reach it.
  docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null || return 1
  echo "Swarm initialised: single node, advertised on 127.0.0.1."
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  ensure_swarm
  exit $?
fi
