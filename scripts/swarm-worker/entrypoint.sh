#!/bin/bash
# Entrypoint of the Swarm worker container: makes the cgroup hierarchies writable (without --privileged
# they are mounted read-only, and the inner dockerd must create its containers' cgroups), then runs
# dockerd with its socket in the host-shared directory $1 and the engine label that tells the Swarm
# backend how to reach it (io.harnessbench.engine=unix://$1/docker.sock: the same path on the host).
set -euo pipefail
sock_dir="${1:?usage: hb-worker-entrypoint SOCKET_DIR}"

# A plain "remount,rw" of a v1 hierarchy says "mount point is busy"; a bind remount works (measured).
remount_rw() { mount -o remount,bind,rw "$1" 2>/dev/null || mount -o remount,rw "$1" 2>/dev/null || true; }
remount_rw /sys/fs/cgroup
for h in /sys/fs/cgroup/*; do
  mountpoint -q "$h" && remount_rw "$h"
done
if grep -q ' /sys/fs/cgroup/[^ ]* cgroup ro,' /proc/mounts; then
  echo "hb-worker: some cgroup hierarchies stay read-only; the inner dockerd cannot start containers:" >&2
  grep ' /sys/fs/cgroup' /proc/mounts >&2
fi

mkdir -p "$sock_dir"
# /var/lib/docker is a volume kept across down/up as an image cache; the swarm state in it belongs to a
# node entry that `down` removed, so the node joins afresh.
rm -rf /var/lib/docker/swarm
rm -f "$sock_dir/docker.sock"
# No DOCKER_SERVICE_PREFER_OFFLINE_IMAGE: with it a swarm task never pulls, and this node gets cell
# images only by pulling them from the manager's registry (by digest; a held image costs one manifest request).
exec dockerd --host "unix://$sock_dir/docker.sock" --group root \
  --label "io.harnessbench.engine=unix://$sock_dir/docker.sock" \
  --storage-driver overlay2 --iptables=true
