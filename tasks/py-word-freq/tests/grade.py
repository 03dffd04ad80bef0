# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for py-word-freq: every case is one check; expected answers come from the reference solution."""
import random
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

g = hbgrade.Grader()
reference = g.runner_module("handlers").handlers(g.reference_module("wordfreq"))

cases = [
    ("example", "the cat and the hat", 2),
    ("punctuation and case", "Hello, hello! HELLO? world... World; end", 3),
    ("apostrophes inside words", "don't stop; don't 'quote' it's", 2),
    ("unicode letters", "Ärger ärger café CAFÉ naïve", 2),
    ("digits separate words", "abc123abc 42 x", 5),
    ("fewer than n", "one two", 10),
    ("n = 0", "one two", 0),
    ("negative n", "one two", -3),
    ("empty text", "", 3),
]
rng = random.Random(20261123)
vocab = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "o'neil", "ça"]
for i in range(12):
    words = [rng.choice(vocab) for _ in range(rng.randint(0, 60))]
    seps = [" ", ", ", "; ", "!\n", " -- ", "2", "_"]
    text = "".join(w.upper() if rng.random() < 0.3 else w for w in (x + rng.choice(seps) for x in words))
    cases.append(("random text %d" % (i + 1), text, rng.randint(1, 9)))

with g.python_session("runner.py", call_timeout=3, startup_timeout=10) as runner:
    for name, text, n in cases:
        g.same(name, runner.call("top_words", text, n), hbgrade.expect(reference, "top_words", text, n))
g.finish()
