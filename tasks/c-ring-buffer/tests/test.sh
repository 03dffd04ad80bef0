#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) builds the agent's ringbuf.c with the runner as uid 1000
# (ASan+UBSan, the grader's own ringbuf.h), asks it to run op scripts and compares every returned value
# with a ring-buffer model computed in the driver.
exec python3 -I /hbench/grader/grade.py
