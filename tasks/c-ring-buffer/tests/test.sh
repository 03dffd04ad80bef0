#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: compiles the agent's ringbuf.c with the hidden test program (ASan+UBSan catch
# out-of-bounds writes that plain runs would miss) and runs it.
set -u
build=$(mktemp -d)
cp /workspace/ringbuf.c /tests/hidden_test.c "$build"/ 2>/dev/null || { echo "ringbuf.c missing"; exit 1; }
cp /tests/ringbuf.h "$build"/   # the API is fixed: the grader's own header is used
cd "$build"
if ! gcc -std=c11 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
     -o hidden_test hidden_test.c ringbuf.c 2> build.log; then
  echo "compilation failed:"; tail -n 20 build.log; exit 1
fi
ASAN_OPTIONS=detect_leaks=0 timeout 60 ./hidden_test
