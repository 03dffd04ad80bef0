#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# rotate.sh DIR KEEP: keep the KEEP newest *.tar.gz backups in DIR, delete the rest.
set -u
dir=$1
keep=$2

if [ -z "$dir" ] || [ ! -d $dir ]; then
  echo "usage: rotate.sh DIR KEEP" >&2
  exit 2
fi

for f in $(ls -t $dir/*.tar.gz | tail -n +$keep); do
  rm $f
  echo $(basename $f)
done
