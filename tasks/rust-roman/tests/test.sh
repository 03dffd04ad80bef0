#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) builds the agent's crate with the hidden runner as uid 1000,
# asks it for values and compares them with the hidden expectations.
exec python3 -I /hbench/grader/grade.py
