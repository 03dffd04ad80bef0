#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) sends weights and inputs to the agent's attention.py
# through a runner that runs as uid 1000 and compares its outputs with a float64 reference written
# from the spec (reference.py), on configurations the agent never saw.
exec python3 -I /hbench/grader/grade.py
