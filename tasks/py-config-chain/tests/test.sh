#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) drives the agent's inventory package through a runner
# that runs as uid 1000 and compares every answer with the reference solution's, computed in the driver.
exec python3 -I /hbench/grader/grade.py
