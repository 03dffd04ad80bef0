#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# rotate.sh DIR KEEP: keep the KEEP newest *.tar.gz backups in DIR, delete the rest.
set -u
dir=${1:-}
keep=${2:-}

if [ -z "$dir" ] || [ ! -d "$dir" ] || ! [[ "$keep" =~ ^[0-9]+$ ]]; then
  echo "usage: rotate.sh DIR KEEP" >&2
  exit 2
fi

# NUL-separated "mtime<TAB>name" records, newest first: safe for any file name.
find "$dir" -maxdepth 1 -type f -name '*.tar.gz' -printf '%T@\t%f\0' \
  | sort -z -r -n \
  | tail -z -n +"$((keep + 1))" \
  | while IFS=$'\t' read -r -d '' _ name; do
      rm -f -- "$dir/$name"
      printf '%s\n' "$name"
    done
