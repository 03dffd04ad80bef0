#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: builds the agent's interner with the hidden test under ASan (behaviour,
# reference lifetimes, concurrent use) and, where the kernel allows it, under TSan (data races);
# `nm` on interner.o rejects mutable namespace-scope variables.
set -u
build=$(mktemp -d)
for f in interner.cpp interner.hpp; do
  cp "/workspace/$f" "$build"/ 2>/dev/null || { echo "$f missing"; exit 1; }
done
cp /tests/hidden_test.cpp "$build"/
cd "$build"
passed=0 total=0
pass() { passed=$((passed + 1)); total=$((total + 1)); }
fail() { echo "FAIL $1"; total=$((total + 1)); }
finish() {
  echo "$passed/$total checks passed"
  printf '{"tests_passed": %d, "tests_total": %d}\n' "$passed" "$total" > "${HB_SCORE_FILE:-/dev/null}"
  [ "$passed" -eq "$total" ]; exit $?
}

if ! g++ -std=c++17 -O1 -c interner.cpp -o interner.o 2> build.log ||
   ! g++ -std=c++17 -O1 -pthread -fsanitize=address -o hidden_asan hidden_test.cpp interner.cpp 2>> build.log; then
  echo "compilation failed (does interner.hpp declare Interner and default_interner()?):"
  grep -m 8 "error" build.log; total=6; finish
fi

# Namespace-scope mutable state: data/bss symbols other than function-local statics, their guard
# variables and compiler/library bookkeeping.
globals=$(nm -C --defined-only interner.o | awk '$2 ~ /^[bBdDuV]$/ { $1 = ""; $2 = ""; sub(/^  /, ""); print }' |
  grep -vE '^(guard variable for |vtable for |typeinfo (name )?for |DW\.ref\.|std::|__gnu_cxx::|_GLOBAL_)' |
  grep -vE '^[^ ]*\)::' || true)
if [ -z "$globals" ]; then pass; else fail "mutable namespace-scope variables remain: $(echo $globals | head -c 200)"; fi

for section in basic independent references threads; do
  if ASAN_OPTIONS=detect_leaks=0 timeout 60 ./hidden_asan "$section" > "$section.log" 2>&1; then
    pass
  else
    grep '^FAIL' "$section.log"
    if grep -q 'heap-use-after-free' "$section.log"; then
      fail "$section: ASan: heap-use-after-free (a reference or pointer outlived the storage it pointed into)"
    elif grep -q 'ERROR: AddressSanitizer' "$section.log"; then
      fail "$section: $(grep -m1 -o 'ERROR: AddressSanitizer: [A-Za-z-]*' "$section.log")"
    else
      fail "$section"
    fi
  fi
done

# TSan needs a kernel that lets it map its shadow memory; probe first and skip if it cannot run.
printf 'int main(){return 0;}\n' > probe.cpp
if g++ -fsanitize=thread probe.cpp -o probe 2>/dev/null && ./probe >/dev/null 2>&1; then
  if g++ -std=c++17 -O1 -pthread -fsanitize=thread -o hidden_tsan hidden_test.cpp interner.cpp 2>> build.log &&
     TSAN_OPTIONS="halt_on_error=1 exitcode=66" timeout 90 ./hidden_tsan threads > tsan.log 2>&1; then
    pass
  else
    fail "threads under ThreadSanitizer: $(grep -m1 -o 'ThreadSanitizer: [A-Za-z -]*\|^FAIL.*' tsan.log)"
  fi
else
  echo "note: ThreadSanitizer cannot run on this kernel; data-race check skipped"
fi
finish
