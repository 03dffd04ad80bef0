#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) builds the agent's interner as uid 1000 with the
# grader's runner under ASan and (where the kernel allows it) TSan, checks interner.o with nm for
# mutable namespace-scope variables, and checks every section's answers with its own expected values.
exec python3 -I /hbench/grader/grade.py
