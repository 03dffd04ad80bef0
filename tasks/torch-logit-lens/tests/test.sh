#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) asks the agent's lens.py through a runner that runs as
# uid 1000 and compares every read-out with the reference lens's, computed in the driver.
exec python3 -I /hbench/grader/grade.py
