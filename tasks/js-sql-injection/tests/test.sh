#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: legitimate calls must behave as before; injection payloads must stay data.
set -u
cd /tmp
for f in users.js products.js orders.js admin.js; do
  [ -f "/workspace/src/$f" ] || { echo "src/$f missing"; exit 1; }
done
exec timeout 50 node --disable-warning=ExperimentalWarning /tests/grade.js
