#!/usr/bin/env bash
# Totals of test-project result files (.trx, written by `dotnet test --logger trx`), for scripts/test.sh.
# Usage: scripts/trx-totals.sh FILE.trx...
# Prints one line per file ("NAME: N passed, N failed, N skipped"), each skipped and each failed test by name,
# and last a machine-readable line "totals P F S". Skipped tests are counted from the results
# themselves (outcome="NotExecuted"): the <Counters> element of xunit's trx says notExecuted="0" even
# when tests were skipped. Exit code 1 when CI=true (or 1) and any test was skipped: in CI every
# integration test must run (a test skips only when the engine or Chromium is missing, which CI
# installs), so a skip means a check that silently did not happen.
set -uo pipefail
passed=0; failed=0; skipped=0
for trx in "$@"; do
  name=$(basename "$trx" .trx)
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$counters"); p=${p:-0}
  f=$(sed -nE 's/.* failed="([0-9]+)".*/\1/p' <<<"$counters"); f=${f:-0}
  e=$(sed -nE 's/.* error="([0-9]+)".*/\1/p' <<<"$counters"); e=${e:-0}
  names=$(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>' "$trx" | sed -E 's/.* testName="([^"]*)".*/\1/')
  s=$(grep -c . <<<"$names")
  [ -z "$names" ] && s=0
  passed=$((passed + p)); failed=$((failed + f + e)); skipped=$((skipped + s))
  echo "$name: $p passed, $((f + e)) failed, $s skipped"
  if [ "$s" -gt 0 ]; then
    while IFS= read -r test; do echo "  skipped: $test"; done <<<"$names"
  fi
  # Failed tests by name, so the last lines of a CI log say which test failed, not only how many.
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -E 's/.* testName="([^"]*)".*/  failed: \1/'

done
echo "totals $passed $failed $skipped"
if [ "$skipped" -gt 0 ] && [[ "${CI:-}" =~ ^(true|TRUE|True|1)$ ]]; then
  echo "CI: $skipped test(s) were skipped (listed above); under CI=true every integration test must run" >&2
  exit 1
fi
exit 0
