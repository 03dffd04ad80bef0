#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) asks the agent's mailcheck through a runner that runs as
# uid 1000: the original ASCII behaviour plus the hidden Unicode cases, checked against data held here.
exec python3 -I /hbench/grader/grade.py
