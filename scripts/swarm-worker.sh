#!/usr/bin/env bash
# A second Swarm node on this machine, for the Swarm backend's two-node runs and test (README, Scale-out).
#   scripts/swarm-worker.sh up [IMAGE...]   start the worker, join it, trust the registry; pre-pull IMAGEs (idempotent)
#   scripts/swarm-worker.sh down [--purge]  leave the swarm, remove the worker and its node entry
#   scripts/swarm-worker.sh status          one line: the worker's node id and state, or "down"
# The worker is a Docker-in-Docker container (image: scripts/swarm-worker/) whose dockerd socket sits in
# a host directory, so hbench reaches its engine as unix://<dir>/docker.sock (the node's engine label).
# Only that socket directory is shared with the host: cells on the worker reach the model gateway through
# the backend's per-node relay (a global service), as on a real second machine.
# Images come from hbench's registry on the manager (scripts/ensure-registry.sh), pulled by digest when a
# cell is placed on the worker; IMAGEs are an optional warm-up.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=ensure-swarm.sh
. "$root/scripts/ensure-swarm.sh"
# shellcheck source=ensure-registry.sh
. "$root/scripts/ensure-registry.sh"

name=hbench-swarm-worker
volume=hbench-swarm-worker-data
runtime_dir="${HBENCH_RUNTIME_DIR:-${XDG_RUNTIME_DIR:+$XDG_RUNTIME_DIR/hbench}}"
runtime_dir="${runtime_dir:-/tmp/hbench}"
sock_dir="$runtime_dir/swarm-worker"
inner=(docker -H "unix://$sock_dir/docker.sock")

die() { echo "swarm-worker: $*" >&2; exit 1; }

worker_image() {
  local base hash
  base="$(docker images hbench/base --format '{{.CreatedAt}}\t{{.Repository}}:{{.Tag}}' | sort -r | head -n1 | cut -f2)"
  [ -n "$base" ] || die "no hbench/base image; run ./hbench images build first."
  # Content hash: this recipe and the base image it starts from (as every hbench image is tagged).
  hash="$( (cat "$root/scripts/swarm-worker/Dockerfile" "$root/scripts/swarm-worker/entrypoint.sh"; docker image inspect -f '{{.Id}}' "$base") | sha256sum | cut -c1-12)"
  local tag="hbench/swarm-worker:$hash"
  if ! docker image inspect "$tag" >/dev/null 2>&1; then
    echo "swarm-worker: building $tag (base $base)..." >&2
    docker build -q --build-arg "BASE=$base" --label "io.harnessbench.content-hash=$hash" -t "$tag" "$root/scripts/swarm-worker" >/dev/null 2>&1 \
      || die "building $tag failed."
  fi
  echo "$tag"
}

node_id() { "${inner[@]}" info --format '{{.Swarm.NodeID}}' 2>/dev/null; }

start_worker() {
  local image="$1"
  docker rm -f "$name" >/dev/null 2>&1
  mkdir -p "$sock_dir"
  # --privileged fails here (CAP_SYS_RESOURCE is not in the bounding set): everything else it would grant.
  docker run -d --name "$name" --hostname "$name" --label io.harnessbench.swarm-worker=1 \
    --cap-add ALL --cap-drop SYS_RESOURCE \
    --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --device-cgroup-rule 'a *:* rwm' --cgroupns private \
    -v "$volume:/var/lib/docker" -v "$sock_dir:$sock_dir" -v /lib/modules:/lib/modules:ro \
    "$image" "$sock_dir" >/dev/null || die "could not start the worker container."
  for _ in $(seq 1 150); do
    "${inner[@]}" info >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  docker logs --tail 30 "$name" >&2
  die "the worker's dockerd did not answer on $sock_dir/docker.sock within 30 s."
}

join_worker() {
  local addr token id
  addr="$(docker info --format '{{.Swarm.NodeAddr}}')"
  token="$(docker swarm join-token -q worker)" || die "this engine is not a swarm manager."
  if [ "$("${inner[@]}" info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
    "${inner[@]}" swarm join --token "$token" "$addr:2377" >/dev/null || die "the worker could not join the manager at $addr:2377."
  fi
  id="$(node_id)"
  # Also as a node label: the backend reads it first (an operator can set it without restarting dockerd).
  docker node update --label-add "io.harnessbench.engine=unix://$sock_dir/docker.sock" "$id" >/dev/null || die "could not label node $id."
  for _ in $(seq 1 100); do
    [ "$(docker node inspect -f '{{.Status.State}}' "$id" 2>/dev/null)" = ready ] && return 0
    sleep 0.2
  done
  die "node $id did not become ready."
}

# Images reach the worker from hbench's registry on the manager (scripts/ensure-registry.sh): the
# backend pushes each cell image once and services name it by digest, so the worker pulls what a cell
# needs when a cell is placed there. All the worker needs is to trust the registry's CA, in the
# per-registry directory its engine reads at each pull (no restart).
trust_registry() {
  local address
  address="$(registry_address)"
  [ -s "$registry_dir/tls/ca.crt" ] || die "no registry CA in $registry_dir/tls; run scripts/ensure-registry.sh."
  docker exec "$name" mkdir -p "/etc/docker/certs.d/$address" \
    && docker cp "$registry_dir/tls/ca.crt" "$name:/etc/docker/certs.d/$address/ca.crt" >/dev/null \
    || die "could not give the worker the registry's CA."
  # The worker reaches the registry's port (what its pulls need; it has no curl to ask more).
  docker exec "$name" bash -c "exec 3<>/dev/tcp/${address%:*}/${address##*:}" 2>/dev/null \
    || die "the worker cannot reach the registry at $address."
}

# Optional warm-up: IMAGEs pulled into the worker ahead of the sweep (through the registry, pushed first
# when the manager's engine has not pushed them yet). Without it the first cell on the worker pulls.
warm_images() {
  local image address ref
  address="$(registry_address)"
  for image in "$@"; do
    docker image inspect "$image" >/dev/null 2>&1 || die "no image $image on this engine."
    ref="$address/${image#"$address"/}"
    docker tag "$image" "$ref" && docker push -q "$ref" >/dev/null || die "could not push $image to the registry at $address."
    "${inner[@]}" pull -q "$ref" >/dev/null || die "the worker could not pull $ref."
  done
}

up() {
  ensure_reachable_swarm || exit 1
  ensure_registry >/dev/null || exit 1
  local image
  image="$(worker_image)" || exit 1
  # (Re)start unless it runs, answers and is of the current recipe.
  if [ "$(docker inspect -f '{{.State.Running}} {{.Config.Image}}' "$name" 2>/dev/null)" != "true $image" ] || ! "${inner[@]}" info >/dev/null 2>&1; then
    down >/dev/null
    start_worker "$image"
  fi
  join_worker
  trust_registry
  warm_images "$@"
  echo "Swarm worker $(node_id) ready: engine unix://$sock_dir/docker.sock, registry $(registry_address)"
}

down() {
  local id
  id="$(node_id)"
  [ -n "$id" ] && "${inner[@]}" swarm leave --force >/dev/null 2>&1
  docker rm -f "$name" >/dev/null 2>&1
  # The manager keeps a left node as "down" until it is removed; also any earlier worker of this name.
  for n in $id $(docker node ls -q --filter "name=$name" 2>/dev/null); do
    docker node rm --force "$n" >/dev/null 2>&1
  done
  [ "${1:-}" = --purge ] && docker volume rm "$volume" >/dev/null 2>&1
  echo "Swarm worker down."
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) shift; down "$@" ;;
  status) id="$(node_id)"; if [ -n "$id" ]; then echo "$id $(docker node inspect -f '{{.Status.State}}' "$id" 2>/dev/null)"; else echo down; fi ;;
  *) echo "usage: $0 up [IMAGE...] | down [--purge] | status" >&2; exit 64 ;;
esac
