#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) builds the agent's bank.c with the runner as uid 1000,
# wrapping the pthread mutex calls to observe which locks each function takes (and in which order) and
# to widen race windows; it compares return values with its own model and checks the observations and
# the stress results (conservation, consistent snapshots, no deadlock within a time limit) itself.
exec python3 -I /hbench/grader/grade.py
