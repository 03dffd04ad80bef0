# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import sys

sys.path.insert(0, "/hbench/lib")
import hbrunner  # noqa: E402  (first: it takes the answer channel away from the agent's prints)
from handlers import handlers  # noqa: E402

hbrunner.serve(handlers(hbrunner.load("mailcheck")))
