#!/usr/bin/env bash
# Makes sure a Docker engine answers: starts dockerd in the background when none does.
# Usable both ways: `bash scripts/ensure-docker.sh` or `source scripts/ensure-docker.sh` (then
# call ensure_docker). Uses systemctl only when systemd really is PID 1 (containers and CI
# machines often have no init system). Engine log: /var/log/dockerd.log.
#   HBENCH_DOCKER_TIMEOUT  seconds to wait for the engine (default 60)

ensure_docker() {
  local timeout="${HBENCH_DOCKER_TIMEOUT:-60}" log=/var/log/dockerd.log waited=0 pid=""
  if ! command -v docker >/dev/null 2>&1; then
    echo "ensure-docker: the docker CLI is not installed. Run scripts/setup.sh (apt-get install docker.io)." >&2
    return 1
  fi
  if docker version >/dev/null 2>&1; then
    echo "Docker engine answers ($(docker version --format '{{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null))."
    return 0
  fi
  if [ -n "${DOCKER_HOST:-}" ] && [[ "$DOCKER_HOST" != unix://* ]]; then
    echo "ensure-docker: DOCKER_HOST=$DOCKER_HOST does not answer, and a remote engine cannot be started from here." >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-docker: the Docker engine does not answer and only root can start it. Run: sudo bash scripts/ensure-docker.sh" >&2
    return 1
  fi

  if [ -d /run/systemd/system ] && [ "$(ps -p 1 -o comm= 2>/dev/null)" = systemd ]; then
    echo "Starting the Docker engine with systemctl..."
    systemctl start docker || true
  elif pgrep -x dockerd >/dev/null 2>&1; then
    echo "dockerd is running but does not answer yet; waiting..."
  else
    command -v dockerd >/dev/null 2>&1 || { echo "ensure-docker: dockerd is not installed. Run scripts/setup.sh." >&2; return 1; }
    echo "Starting dockerd in the background (log: $log)..."
    # setsid: the engine must outlive this script and the session that ran it.
    setsid nohup dockerd >>"$log" 2>&1 < /dev/null &
    pid=$!
  fi

  until docker version >/dev/null 2>&1; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "ensure-docker: dockerd exited during startup. Last lines of $log:" >&2
      tail -n 20 "$log" >&2 2>/dev/null || true
      return 1
    fi
    if [ "$waited" -ge "$timeout" ]; then
      echo "ensure-docker: the Docker engine did not answer within ${timeout}s. Last lines of $log:" >&2
      tail -n 20 "$log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "Docker engine answers after ${waited}s ($(docker version --format '{{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null))."
}

# Run directly (not sourced): do it and exit with its status.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  ensure_docker
  exit $?
fi
