#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) builds fresh scenario directories (spaces, glob characters,
# decoys that must survive), runs the agent's rotate.sh on each as uid 1000, and inspects the result itself.
exec python3 -I /hbench/grader/grade.py
