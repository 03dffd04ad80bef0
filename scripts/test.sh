#!/usr/bin/env bash
# The test command (README, .ci/run): makes sure a Docker engine and the images exist, runs every
# test project against the real engine, validates the shipped tasks, and prints the totals
# ("N passed, N failed, N skipped"). With CI=true it refuses HBENCH_UPDATE_SNAPSHOTS and fails when any
# test was skipped.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
is_ci() { [[ "${CI:-}" =~ ^(true|TRUE|True|1)$ ]]; }
# Snapshot tests overwrite their expected files while HBENCH_UPDATE_SNAPSHOTS is set, so they cannot
# fail: in CI that would pass any report output. Refuse before anything runs.
if is_ci && [ -n "${HBENCH_UPDATE_SNAPSHOTS:-}" ]; then
  echo "test.sh: HBENCH_UPDATE_SNAPSHOTS is set while CI=true: snapshot tests would accept any output. Unset it in CI (accept snapshots locally and commit them)." >&2
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
results="$root/.hbench/test-results"
rm -rf "$results" && mkdir -p "$results"
step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "Host packages and Docker engine (scripts/setup.sh without the image step)"
HBENCH_SKIP_IMAGES=1 bash scripts/setup.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
# Headless Chromium renders report.html in the report tests (HtmlReportTests); installed only when missing.
if ! command -v chromium >/dev/null 2>&1; then
  apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; } \
    || echo "warning: could not install chromium: the HTML report test is skipped outside CI and fails in CI"
fi

step "Images (content-hashed; unchanged images are not rebuilt)"
./hbench images build || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

passed=0; failed=0; skipped=0; trx_files=()
step "Unit, orchestration and integration tests"
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  # Libraries the test projects share (tests/HarnessBench.TestSupport) hold no tests and write no .trx.
  grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
  dotnet test "$project" --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=normal" 2>&1 | grep -vE '^\s*$' | tail -n 60
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    trx_files+=("$trx")
  else
    echo "$name: no test results (build failure?)"; failed=$((failed + 1))
  fi
done

# Per project passed / failed / skipped (skips counted from the results: see scripts/trx-totals.sh);
# under CI=true a skipped test is a failure of the run (integration tests must run in CI).
skip_check=0
if [ "${#trx_files[@]}" -gt 0 ]; then
  summary=$(bash scripts/trx-totals.sh "${trx_files[@]}"); skip_check=$?
  echo "$summary" | grep -v '^totals '
  read -r _ p f s <<<"$(echo "$summary" | grep '^totals ')"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
fi

step "Task validation (oracle must pass, nop and wrong must fail)"
if ./hbench tasks validate; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo
if [ "$skip_check" -ne 0 ]; then
  echo "CI=true: $skipped test(s) were skipped; in CI every integration test must run (see the list above)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$skip_check" -eq 0 ]
