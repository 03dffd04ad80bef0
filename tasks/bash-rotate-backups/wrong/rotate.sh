#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Plausible but wrong: fixes the off-by-one and quotes the variables, but still word-splits
# the output of ls, so names with spaces are mangled.
set -u
dir=$1
keep=$2

if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "usage: rotate.sh DIR KEEP" >&2
  exit 2
fi

for f in $(ls -t "$dir"/*.tar.gz | tail -n +$((keep + 1))); do
  rm -f "$f"
  echo "$(basename "$f")"
done
