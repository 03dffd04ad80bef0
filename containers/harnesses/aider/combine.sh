#!/bin/sh
# Run as root when the aider layer joins a task's toolchain image: the virtual environment in
# /opt/hbench/aider runs on Debian's python3, which not every toolchain image has.
set -eu
if ! command -v python3 >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends python3
  rm -rf /var/lib/apt/lists/*
fi
