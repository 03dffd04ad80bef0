#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: builds the agent's lru_cache.cpp with the grader's own header and test under
# ASan (out-of-bounds, use-after-free) and runs the behaviour checks and a timing check measured
# against a plain hash map in the same process (an O(capacity) cache is ~1000x slower).
set -u
build=$(mktemp -d)
cp /workspace/lru_cache.cpp "$build"/ 2>/dev/null || { echo "lru_cache.cpp missing"; exit 1; }
cp /tests/hidden_test.cpp /tests/lru_cache.hpp "$build"/   # the class layout is fixed: the grader's header
cd "$build"
if ! g++ -std=c++17 -O1 -fsanitize=address -o hidden_test hidden_test.cpp lru_cache.cpp 2> build.log; then
  echo "compilation failed:"; grep -m 10 -E "error" build.log; exit 1
fi
ASAN_OPTIONS=detect_leaks=0 timeout 60 ./hidden_test > run.log 2>&1
status=$?
grep -E "^(FAIL|[0-9]+ operations|[0-9]+/[0-9]+ checks)" run.log
if grep -q "ERROR: AddressSanitizer" run.log; then
  echo "FAIL $(grep -m1 -o 'ERROR: AddressSanitizer: [A-Za-z-]*' run.log)"
  [ -n "${HB_SCORE_FILE:-}" ] && [ ! -s "$HB_SCORE_FILE" ] && echo '{"tests_passed": 0, "tests_total": 9}' > "$HB_SCORE_FILE"
  exit 1
fi
exit "$status"
