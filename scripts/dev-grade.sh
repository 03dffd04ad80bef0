#!/usr/bin/env bash
# Development helper (temporary, until the pipeline grades this way): runs a task's grader the way the
# privilege-separated grader container does and prints the evidence.
#   scripts/dev-grade.sh TASK [oracle|nop|wrong|DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
task="$1"; what="${2:-oracle}"
dir="$root/tasks/$task"
toolchain=$(sed -n 's/^toolchain: *//p' "$dir/task.yaml")
checks=$(sed -n 's/^checks: *//p' "$dir/task.yaml")
timeout=$(sed -n 's/^  grader: *//p' "$dir/task.yaml"); timeout=${timeout:-2m}
image=$(docker images --format '{{.Repository}}:{{.Tag}}' "hbench/$toolchain" | head -1)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws" "$work/hb/grader" "$work/hb/runner" "$work/hb/lib" "$work/hb/seed" "$work/hb/solution"
cp -a "$dir/workspace/." "$work/ws/"
case "$what" in
  oracle) cp -a "$dir/solution/." "$work/ws/" ;;
  nop) ;;
  wrong) cp -a "$dir/wrong/." "$work/ws/" ;;
  *) cp -a "$what/." "$work/ws/" ;;
esac
cp -a "$dir/tests/." "$work/hb/grader/"; [ -d "$dir/tests/runner" ] && cp -a "$dir/tests/runner/." "$work/hb/runner/"
cp -a "$root/tasks/_lib/." "$work/hb/lib/"; cp -a "$dir/workspace/." "$work/hb/seed/"; cp -a "$dir/solution/." "$work/hb/solution/"
ms=$(( $(echo "$timeout" | sed -E 's/m$/*60/; s/s$//' | bc) * 1000 * 9 / 10 ))
cid=$(docker create --init --network none --cap-drop ALL --cap-add SETUID --cap-add SETGID --cap-add KILL \
  --cap-add DAC_OVERRIDE --cap-add CHOWN --cap-add FOWNER --security-opt no-new-privileges -u 0:0 \
  --memory 2g --memory-swap 2g --pids-limit 512 --tmpfs /tmp:rw,exec,nosuid,nodev,size=512m,mode=1777 \
  -e HB_CHECKS="$checks" -e HB_GRADER_BUDGET_MS="$ms" -e HB_TASK_ID="$task" -w /workspace \
  "$image" bash /hbench/grader/test.sh)
chmod -R go-rwx "$work/hb/grader" "$work/hb/seed" "$work/hb/solution"; chmod 755 "$work/hb"
tar -C "$work/ws" --owner=1000 --group=1000 -cf - . | docker cp - "$cid:/workspace"
( cd "$work" && mv hb hbench && tar --owner=0 --group=0 -cf - hbench | docker cp - "$cid:/" )
start=$(date +%s.%N)
docker start -a "$cid" || true
end=$(date +%s.%N)
echo "--- exit $(docker inspect -f '{{.State.ExitCode}} oom={{.State.OOMKilled}}' "$cid"), $(echo "$end - $start" | bc) s"
echo "--- evidence"; docker cp "$cid:/hbench/evidence/evidence.jsonl" - 2>/dev/null | tar -xO || echo "(none)"
docker rm -f "$cid" >/dev/null
