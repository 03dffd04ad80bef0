#!/usr/bin/env bash
# Hidden grader: the query runs against freshly generated org charts the agent never saw.
set -u
cd /tmp
exec timeout 50 python3 -I /tests/grade.py
