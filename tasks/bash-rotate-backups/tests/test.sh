#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: runs the agent's rotate.sh on fresh directories (spaces, glob characters,
# decoys that must survive) with mtimes set here, and checks what is left and what is printed.
set -u
script=/workspace/rotate.sh
[ -f "$script" ] || { echo "rotate.sh missing"; exit 1; }
passed=0 total=0
work=$(mktemp -d)

# run_case NAME KEEP FILE...: FILEs are given oldest first; expect the KEEP newest to remain.
# Case names with a space also put a space in the directory's path.
run_case() {
  local name=$1 keep=$2; shift 2
  local d="$work/$name"
  mkdir -p "$d"
  [ "$name" = "subdirectory" ] && mkdir -p "$d/sub dir.tar.gz"
  printf 'x' > "$d/notes.txt"; printf 'x' > "$d/old.tar.gz.bak"
  local i=0 f
  for f in "$@"; do
    i=$((i + 1))
    printf '%s' "$f" > "$d/$f"
    touch -d "@$((1677628800 + i * 25200))" "$d/$f"
  done
  total=$((total + 1))
  local out
  out=$(cd "$work" && timeout 10 bash "$script" "$d" "$keep" 2>/dev/null)
  local n=$# expect_deleted="" expect_left="" j=0
  for f in "$@"; do
    j=$((j + 1))
    if [ "$j" -le $((n - keep)) ]; then expect_deleted+="$f"$'\n'; else expect_left+="$f"$'\n'; fi
  done
  local left
  left=$(cd "$d" && find . -maxdepth 1 -type f -name '*.tar.gz' -printf '%f\n' | sort)
  local want_left want_deleted got_deleted
  want_left=$(printf '%s' "$expect_left" | sed '/^$/d' | sort)
  want_deleted=$(printf '%s' "$expect_deleted" | sed '/^$/d' | sort)
  got_deleted=$(printf '%s\n' "$out" | sed '/^$/d' | sort)
  if [ "$left" != "$want_left" ]; then
    echo "FAIL $name (keep $keep): wrong files remain"
  elif [ "$got_deleted" != "$want_deleted" ]; then
    echo "FAIL $name (keep $keep): printed names do not match the deleted files"
  elif [ ! -f "$d/notes.txt" ] || [ ! -f "$d/old.tar.gz.bak" ] || { [ "$name" = "subdirectory" ] && [ ! -d "$d/sub dir.tar.gz" ]; }; then
    echo "FAIL $name (keep $keep): touched a file that is not a backup"
  else
    passed=$((passed + 1))
  fi
}

run_case plain 3 a.tar.gz b.tar.gz c.tar.gz d.tar.gz e.tar.gz
run_case keep-one 1 db-1.tar.gz db-2.tar.gz db-3.tar.gz
run_case keep-zero 0 x.tar.gz y.tar.gz
run_case keep-more 9 only.tar.gz two.tar.gz
run_case "spaces in names" 2 "nightly backup 1.tar.gz" "nightly backup 2.tar.gz" "nightly  backup 3.tar.gz" "z last.tar.gz"
run_case "glob characters" 1 "[1].tar.gz" "*.tar.gz" "-rf.tar.gz" "plain.tar.gz"
run_case subdirectory 1 old.tar.gz new.tar.gz
# mtime order differs from name order
run_case "mtime order" 2 zz.tar.gz mm.tar.gz aa.tar.gz "b b.tar.gz"

rm -rf "$work"
echo "$passed/$total cases passed"
printf '{"tests_passed": %d, "tests_total": %d}\n' "$passed" "$total" > "${HB_SCORE_FILE:-/dev/null}"
[ "$passed" -eq "$total" ]
