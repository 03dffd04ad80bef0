#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader. Isolated python (-I: no PYTHONPATH, no user site, no cwd on sys.path) so a
# planted sitecustomize.py/conftest.py in the workspace cannot change the verdict. The module is
# compared with the grader's own copy of the original model; hooks count the positions that go
# through the embeddings and attention projections, so a cache that is not reused fails.
set -u
cd /tmp
for f in model.py generate.py; do [ -f "/workspace/$f" ] || { echo "$f missing"; exit 1; }; done
export PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 OMP_NUM_THREADS=1
timeout 100 python3 -I -m pytest -c /tests/pytest.ini --rootdir=/tests --confcutdir=/tests \
  --junitxml=/tmp/junit.xml /tests/test_hidden.py
status=$?
[ -f /tmp/junit.xml ] && python3 -I /tests/score.py /tmp/junit.xml "${HB_SCORE_FILE:-/dev/null}"
exit $status
