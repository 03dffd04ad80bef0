#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) generates fresh databases the agent never saw, runs the
# agent's query.sql on private copies with `sqlite3 -safe` as uid 1000 and compares its result with
# the reference query's, run as root on the originals.
exec python3 -I /hbench/grader/grade.py
