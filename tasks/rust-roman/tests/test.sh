#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: builds the agent's crate offline with the hidden integration tests added.
set -u
build=$(mktemp -d)
cp -r /workspace/. "$build"/ && rm -rf "$build/target" "$build/tests"
mkdir -p "$build/tests" && cp /tests/hidden.rs "$build/tests/hidden.rs"
cd "$build"
export CARGO_HOME="$build/.cargo" CARGO_TARGET_DIR="$build/target"
timeout 150 cargo test --offline --quiet --test hidden 2>&1 | tail -n 30 | tee result.txt
status=${PIPESTATUS[0]}
summary=$(grep -Eo '[0-9]+ passed; [0-9]+ failed' result.txt | tail -1)
if [ -n "$summary" ] && [ -n "${HB_SCORE_FILE:-}" ]; then
  p=${summary%% passed*}; f=${summary#*passed; }; f=${f%% failed*}
  printf '{"tests_passed": %d, "tests_total": %d}\n' "$p" "$((p + f))" > "$HB_SCORE_FILE"
fi
exit "$status"
