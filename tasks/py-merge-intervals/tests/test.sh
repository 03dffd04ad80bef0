#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) asks the agent's merge_intervals through a runner that
# runs as uid 1000 and checks the answers against the reference solution and point-set properties.
exec python3 -I /hbench/grader/grade.py
