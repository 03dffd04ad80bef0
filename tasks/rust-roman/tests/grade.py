# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for rust-roman: builds the agent's crate with the hidden runner as an example (uid 1000), asks it
for to_roman/from_roman values and compares them with the hidden table, out-of-range and non-canonical
cases, and the round trip from_roman(to_roman(n)) == n over 1..=3999."""
import json
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402
from hbgrade import Broken  # noqa: E402

KNOWN = [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (90, "XC"),
         (400, "CD"), (944, "CMXLIV"), (2024, "MMXXIV"), (3999, "MMMCMXCIX")]
OUT_OF_RANGE = [0, 4000]
NON_CANONICAL = ["", "IIII", "IC", "IL", "VX", "MMMM", "XXXX", "VV", "iv", "IIV", "MCMC", "ABC"]
TARGET = "/tmp/hb-target"

g = hbgrade.Grader()
build = g.agent(["sh", "-c", "mkdir -p examples && cp /hbench/runner/hb_runner.rs examples/ && "
                 "cargo build --offline --quiet --example hb_runner"], timeout=100,
                env={"CARGO_TARGET_DIR": TARGET})
if not build.ok:
    g.abort("the crate does not build with the hidden runner (%s): %s" % (build.describe(), build.tail(400)))


def ask(runner, op, args):
    """One request with many arguments; returns one value (or Broken) per argument."""
    text = runner.ask(" ".join([op] + [str(a) for a in args]), timeout=5)
    if isinstance(text, Broken):
        return [text] * len(args)
    try:
        values = json.loads(text)
    except ValueError:
        values = None
    if not isinstance(values, list) or len(values) != len(args):
        return [Broken("the runner's answer is not %d values: %s" % (len(args), text[:200]))] * len(args)
    return values


def hexed(s):
    return "x" + s.encode().hex()


with g.session([TARGET + "/debug/examples/hb_runner"], startup_timeout=10) as runner:
    got = ask(runner, "to", [n for n, _ in KNOWN] + OUT_OF_RANGE)
    for (n, s), value in zip(KNOWN, got):
        g.same("to_roman(%d)" % n, value, s)
    for n, value in zip(OUT_OF_RANGE, got[len(KNOWN):]):
        g.same("to_roman(%d) is None" % n, value, None)

    got = ask(runner, "from", [hexed(s) for _, s in KNOWN] + [hexed(s) for s in NON_CANONICAL])
    for (n, s), value in zip(KNOWN, got):
        g.same("from_roman(%s)" % s, value, n)
    for s, value in zip(NON_CANONICAL, got[len(KNOWN):]):
        g.same("from_roman(%r) is None" % s, value, None)

    numbers = list(range(1, 4000))
    numerals = ask(runner, "to", numbers)
    bad = next((n for n, s in zip(numbers, numerals) if not isinstance(s, str)), None)
    if bad is not None:
        g.check("round trip 1..=3999", False, "to_roman(%d) gave %s" % (bad, numerals[bad - 1]))
    else:
        back = ask(runner, "from", [hexed(s) for s in numerals])
        wrong = next((n for n, v in zip(numbers, back) if v != n), None)
        g.check("round trip 1..=3999", wrong is None,
                "" if wrong is None else "from_roman(%r) gave %s" % (numerals[wrong - 1], back[wrong - 1]))
g.finish()
