# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""hbrunner: the runner side of a HarnessBench grader, for Python (runs as uid 1000).

A runner loads the agent's code and answers the driver's questions; it decides nothing. Import this
module FIRST: it moves the answer channel off file descriptor 1, so that whatever the agent's code
prints goes to stderr and cannot be mistaken for an answer. Then:

    import hbrunner
    module = hbrunner.load("wordfreq")          # imports /workspace/wordfreq.py
    hbrunner.serve({"top_words": lambda text, n: module.top_words(text, n)})

serve() reads one request per line ('<nonce> <json [op, *args]>') and writes '@<n> <nonce> <json>'
with {"ok": value} or {"raise": "ExceptionType", "message": "..."}. The driver compares the values
with its own.
"""
import importlib
import json
import os
import sys


_answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr

WORKSPACE = "/workspace"
sys.path[:0] = ["/hbench/runner", "/hbench/lib"]
from hbdata import plain  # noqa: E402  (after the channel is safe and the path is set)


def load(name, path=WORKSPACE):
    """Imports the agent's module `name` from the workspace (only after this module took the channel)."""
    if path not in sys.path:
        sys.path.insert(1, path)
    return importlib.import_module(name)


def answer(seq, payload):
    _answers.write("@%d %s\n" % (seq, payload))
    _answers.flush()


def serve(handlers):
    answer(0, "ready")
    for seq, line in enumerate(sys.stdin, 1):
        nonce, _, request = line.rstrip("\n").partition(" ")
        try:
            op, *args = json.loads(request)
            result = {"ok": plain(handlers[op](*args))}
        except BaseException as exc:  # SystemExit from the agent's code is an answer too (a wrong one)
            result = {"raise": type(exc).__name__, "message": str(exc)[:200]}
        answer(seq, nonce + " " + json.dumps(result, allow_nan=True))
