#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: links the agent's bank.c with the hidden test program, wrapping the pthread
# mutex calls to check which locks each function takes (and in which order) and to widen race
# windows; a watchdog inside the test turns deadlocks into failures.
set -u
build=$(mktemp -d)
cp /workspace/bank.c "$build"/ 2>/dev/null || { echo "bank.c missing"; exit 1; }
cp /tests/hidden_test.c /tests/bank.h "$build"/   # the API is fixed: the grader's own header is used
cd "$build"
if ! gcc -std=c11 -O1 -g -pthread -o hidden_test hidden_test.c bank.c \
     -Wl,--wrap=pthread_mutex_lock,--wrap=pthread_mutex_unlock,--wrap=pthread_mutex_trylock 2> build.log; then
  echo "compilation failed:"; grep -m 10 -E "error" build.log; exit 1
fi
timeout 90 ./hidden_test
