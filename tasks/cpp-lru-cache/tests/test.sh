#!/usr/bin/env bash
# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# Hidden grader: the driver (grade.py, root) builds the agent's lru_cache.cpp as uid 1000 with the
# grader's header and runner under ASan, asks it fixed scenarios, seeded model checks and a timing
# run, and compares every answer with its own LRU model.
exec python3 -I /hbench/grader/grade.py
