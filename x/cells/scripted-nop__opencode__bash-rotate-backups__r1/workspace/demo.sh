#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Creates four backups one day apart and keeps the two newest.
set -eu
demo=$(mktemp -d)
for i in 1 2 3 4; do touch -d "2024-01-0$i 12:00" "$demo/backup-$i.tar.gz"; done
echo "deleted:"; bash "$(dirname "$0")/rotate.sh" "$demo" 2
echo "left:"; ls "$demo"
rm -rf "$demo"
