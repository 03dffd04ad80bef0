# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
# The grader's own conftest: make the agent's workspace importable without letting
# anything in the workspace configure pytest (pytest runs with -I and rootdir=/tests).
import sys

sys.path.append("/workspace")
