# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for py-merge-intervals: fixed cases against the reference solution (tuples, ValueError,
input left alone), then seeded random inputs checked by point-set properties computed here."""
import json
import random
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

g = hbgrade.Grader()
reference = g.runner_module("handlers").handlers(g.reference_module("intervals"))

cases = [
    ("example", [(5, 7), (1, 3), (2, 4), (7, 8)]),
    ("empty input", []),
    ("one-point interval", [(4, 4)]),
    ("duplicate one-point intervals", [(4, 4), (4, 4), (2, 2)]),
    ("touching intervals merge", [(3, 5), (1, 3)]),
    ("touching one-point intervals merge", [(0, 0), (0, 2), (2, 2)]),
    ("adjacent integers stay separate", [(1, 2), (3, 4)]),
    ("contained and negative", [(-10, 10), (-3, -1), (9, 12)]),
    ("start > end raises ValueError", [(1, 2), (5, 4)]),
    ("tuples returned", [(7, 9), (1, 2), (2, 3)]),
]

rng = random.Random(20261123)
randoms = []
for _ in range(300):
    data = []
    for _ in range(rng.randint(0, 12)):
        start = rng.randint(-20, 20)
        data.append((start, start + rng.randint(0, 6)))
    randoms.append(data)


def pairs(answer):
    """The agent's result as a list of (start, end) int pairs, or None when it is not one."""
    if not (isinstance(answer, dict) and list(answer) == ["list"]):
        return None
    out = []
    for item in answer["list"]:
        pair = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else None
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(x) is int for x in pair)):
            return None
        out.append(tuple(pair))
    return out


def covered(intervals):
    return {p for start, end in intervals for p in range(start, end + 1)}


PROPERTIES = [
    ("random inputs: same points covered", lambda data, res: covered(res) == covered(data)),
    ("random inputs: sorted by start", lambda data, res: res == sorted(res)),
    ("random inputs: no two results share a point",
     lambda data, res: all(start > end for (_, end), (start, _) in zip(res, res[1:]))),
]

with g.python_session("runner.py", call_timeout=3, startup_timeout=10) as runner:
    for name, data in cases:
        g.same(name, hbgrade.raised(runner.call("merge", data)), hbgrade.expect(reference, "merge", data))
    data = [(7, 9), (1, 2), (2, 3)]
    g.same("input not modified", hbgrade.raised(runner.call("input_after", data)),
           hbgrade.expect(reference, "input_after", data))
    answer = runner.call("merge_many", randoms, timeout=10)
    results = answer.get("ok") if isinstance(answer, dict) else None
    for name, holds in PROPERTIES:
        if not isinstance(results, list) or len(results) != len(randoms):
            g.check(name, False, getattr(answer, "reason", None) or "got " + json.dumps(answer)[:200])
            continue
        bad = next((i for i, (data, res) in enumerate(zip(randoms, results))
                    if pairs(res) is None or not holds(data, pairs(res))), None)
        g.check(name, bad is None, "" if bad is None else "input %s gave %s" % (
            json.dumps(randoms[bad]), json.dumps(results[bad])))
g.finish()
