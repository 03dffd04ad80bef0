#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) sends weights and tokens to the agent's model.py and
# generate.py through a runner that runs as uid 1000 and compares the logits and tokens with the
# grader's copy of the original model (reference_model.py); hooks in the runner count the positions
# that go through the embeddings and attention projections, so a cache that is not reused fails.
exec python3 -I /hbench/grader/grade.py
