#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader. Isolated python (-I: no PYTHONPATH, no user site, no cwd on sys.path) so a
# planted sitecustomize.py/conftest.py in the workspace cannot change the verdict.
set -u
cd /tmp
export PYTEST_DISABLE_PLUGIN_AUTOLOAD=1
timeout 90 python3 -I -m pytest -c /tests/pytest.ini --rootdir=/tests --confcutdir=/tests \
  --junitxml=/tmp/junit.xml /tests/test_intervals.py
status=$?
[ -f /tmp/junit.xml ] && python3 -I /tests/score.py /tmp/junit.xml "${HB_SCORE_FILE:-/dev/null}"
exit $status
