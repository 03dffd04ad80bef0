# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for rust-csv-fields: builds the agent's crate with the hidden runner as an example (uid 1000),
asks it for parse/write values and compares them with the hidden expectations (spec cases, error lines,
exact quoting), then checks parse(write(r)) == r over 300 seeded random record sets."""
import json
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402
from hbgrade import Broken  # noqa: E402


def ok(*records):
    return {"ok": [list(r) for r in records]}


def err(kind, line):
    return {"err": kind, "line": line}


PARSE = [
    ("empty input", "", ok()),
    ("an empty line", "\n", ok([""])),
    ("CRLF, last terminator optional", "a\r\nb", ok(["a"], ["b"])),
    ("mixed terminators and an empty CRLF line", "a,b\r\n\r\nc\n", ok(["a", "b"], [""], ["c"])),
    ("a lone CR is data", "x\ry,z\n", ok(["x\ry", "z"])),
    ("a lone comma", ",", ok(["", ""])),
    ("empty fields, quoted empty fields", "a,\n,b\n\"\",\"\"", ok(["a", ""], ["", "b"], ["", ""])),
    ("doubled quotes", "\"a\"\"b\",\"\"\"\"\n", ok(["a\"b", "\""])),
    ("quoted CRLF and comma", "\"multi\r\nline, with comma\",2\r\n3,4", ok(["multi\r\nline, with comma", "2"], ["3", "4"])),
    ("quoted field ending in a newline", "\"ends in newline\n\"\n", ok(["ends in newline\n"])),
    ("unicode fields", "Zoë,\"Ångström, 🦀\",日本\n", ok(["Zoë", "Ångström, 🦀", "日本"])),
    ("unicode around a doubled quote", "\"é\"\"ß\"", ok(["é\"ß"])),
    ("unterminated quote on line 2", "a,b\n\"c\nd,e", err("UnterminatedQuote", 2)),
    ("quote in an unquoted field", "ab\"c\n", err("UnexpectedQuote", 1)),
    ("text after a closing quote, line 2", "x\n\"a\"b,c\n", err("UnexpectedQuote", 2)),
    ("text after a multi-line quoted field", "\"one\ntwo\nthree\"x", err("UnexpectedQuote", 3)),
    ("unterminated quote after a multi-line field", "\"ok\n\"\nfine,\"bad\n", err("UnterminatedQuote", 3)),
    ("stray quote before CRLF", "a,b\r\nc,d\"\r\n", err("UnexpectedQuote", 2)),
]
WRITE = ([["a,b", "c\"d", "e\rf", "", "g h", "x\ny"], [""]], "\"a,b\",\"c\"\"d\",\"e\rf\",,g h,\"x\ny\"\n\n")
TARGET = "/tmp/hb-target"


def random_cases(count=300, seed=0x9E3779B97F4A7C15):
    """The hidden tests' seeded xorshift64* record sets, generated here in the same order."""
    mask, state = (1 << 64) - 1, [seed]

    def below(n):
        s = state[0]
        s ^= s >> 12
        s ^= (s << 25) & mask
        s ^= s >> 27
        state[0] = s
        return ((s * 0x2545F4914F6CDD1D) & mask) % n

    alphabet = ['a', 'b', ' ', ',', '"', '\n', '\r', 'é', '🦀', '日', 'z']
    return [[["".join(alphabet[below(len(alphabet))] for _ in range(below(7))) for _ in range(1 + below(5))]
             for _ in range(below(6))] for _ in range(count)]


def text(s):
    return "x" + s.encode().hex()


def records(rs):
    return ";".join(",".join(text(f) for f in r) for r in rs) or "-"


def ask(runner, op, args):
    """One request with many arguments; returns one value (or Broken) per argument."""
    answer = runner.ask(" ".join([op] + args), timeout=5)
    if isinstance(answer, Broken):
        return [answer] * len(args)
    try:
        values = json.loads(answer)
    except ValueError:
        values = None
    if not isinstance(values, list) or len(values) != len(args):
        return [Broken("the runner's answer is not %d values: %s" % (len(args), answer[:200]))] * len(args)
    return values


g = hbgrade.Grader()
build = g.agent(["sh", "-c", "mkdir -p examples && cp /hbench/runner/hb_runner.rs examples/ && "
                 "cargo build --offline --quiet --example hb_runner"], timeout=100,
                env={"CARGO_TARGET_DIR": TARGET})
if not build.ok:
    g.abort("the crate does not build with the hidden runner (%s): %s" % (build.describe(), build.tail(400)))

with g.session([TARGET + "/debug/examples/hb_runner"], startup_timeout=10) as runner:
    for (name, _, expected), got in zip(PARSE, ask(runner, "parse", [text(t) for _, t, _ in PARSE])):
        g.same("parse: " + name, got, expected)
    g.same("write quotes exactly the fields that need it", ask(runner, "write", [records(WRITE[0])])[0], WRITE[1])

    cases = random_cases()
    written = ask(runner, "write", [records(rs) for rs in cases])
    bad = next((i for i, t in enumerate(written) if not isinstance(t, str)), None)
    if bad is not None:
        g.check("round trip of 300 random record sets", False, "write (case %d) gave %s" % (bad, written[bad]))
    else:
        back = ask(runner, "parse", [text(t) for t in written])
        bad = next((i for i, (rs, got) in enumerate(zip(cases, back)) if got != ok(*rs)), None)
        g.check("round trip of 300 random record sets", bad is None, "" if bad is None else
                "case %d: write gave %s, parse of it gave %s"
                % (bad, json.dumps(written[bad], ensure_ascii=False), json.dumps(back[bad], ensure_ascii=False, default=repr)))
g.finish()
