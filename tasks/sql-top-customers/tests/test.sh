#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the query runs against freshly generated databases the agent never saw.
set -u
cd /tmp
exec timeout 50 python3 -I /tests/grade.py
