# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for c-ring-buffer: builds the agent's ringbuf.c (as uid 1000, ASan+UBSan, the grader's own
ringbuf.h) with the runner, runs op scripts through it and compares every value the agent's buffer
returned with a Python model of a capacity-N byte ring buffer computed here."""
import random
import secrets
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

BUILD = "/tmp/hb-build"
CFLAGS = "-std=c11 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all"


def model(ops):
    """The tokens a correct ring buffer gives for a script (see runner.c for the op syntax)."""
    data, cap, tokens = [], 0, []
    for op in ops:
        kind, arg = op[0], op[1:]
        if kind == "i":
            data, cap = [], int(arg)
            tokens.append("0")
        elif kind == "w":
            chunk = bytes.fromhex(arg)[:cap - len(data)]
            data += chunk
            tokens.append(str(len(chunk)))
        elif kind == "r":
            got, data = data[:int(arg)], data[int(arg):]
            tokens.append("%d:%s" % (len(got), bytes(got).hex()))
        elif kind == "s":
            tokens.append(str(len(data)))
        else:
            tokens.append("-")
    return tokens


def random_script(seed, cap, steps=2000):
    """Random writes and reads of 0..8 bytes, the size after every step (the old seeded model check)."""
    rng = random.Random(seed)
    ops = ["i%d" % cap]
    for _ in range(steps):
        n = rng.randint(0, 8)
        ops.append("w" + bytes(rng.randrange(256) for _ in range(n)).hex() if rng.random() < 0.5 else "r%d" % n)
        ops.append("s")
    return ops + ["f"]


g = hbgrade.Grader()
build = g.agent(["sh", "-c", "mkdir -p %s && cp /workspace/ringbuf.c %s/ && gcc %s -I/hbench/runner -I/hbench/lib "
                 "-o %s/runner /hbench/runner/runner.c %s/ringbuf.c" % (BUILD, BUILD, CFLAGS, BUILD, BUILD)],
                timeout=60, cwd="/tmp")
if not build.ok:
    g.abort("ringbuf.c does not build (%s): %s" % (build.describe(), build.tail(300)))

runner = g.session([BUILD + "/runner"], startup_timeout=5, call_timeout=5, cwd=BUILD, max_restarts=5,
                   env={"ASAN_OPTIONS": "detect_leaks=0"})


def run(ops, timeout=5):
    """The agent's tokens for a script, and the model's; a Broken when the runner gave no answer."""
    nonce = secrets.token_hex(8)
    answer = runner.ask(nonce + " " + " ".join(ops), timeout=timeout)
    if not isinstance(answer, hbgrade.Broken) and not answer.startswith(nonce + " "):
        answer = hbgrade.Broken("an answer line the runner did not write: " + answer[:60])
    return (answer if isinstance(answer, hbgrade.Broken) else answer.split(" ")[1:]), model(ops)


def same_at(name, ops, got, want, indexes):
    if isinstance(got, hbgrade.Broken):
        return g.check(name, False, got.reason)
    for i in indexes:
        if i >= len(got) or got[i] != want[i]:
            mine = got[i] if i < len(got) else "nothing"
            return g.check(name, False, "step %d (%s): got %s" % (i, ops[i][:20], mine[:60]))
    return g.check(name, True)


ops = ["i5", "w" + b"abcdefg".hex(), "s", "r16", "r4", "f"]
got, want = run(ops)
same_at("holds exactly capacity", ops, got, want, [0, 1])
same_at("size at full", ops, got, want, [2])
same_at("read back", ops, got, want, [3])
same_at("empty read", ops, got, want, [4])

ops = ["i3", "w" + b"xy".hex(), "r1", "w" + b"123".hex(), "r3", "f"]
got, want = run(ops)
same_at("wrap-around order", ops, got, want, [4])

for name, seed, cap in [("capacity 1", 7, 1), ("model cap 4", 1234, 4), ("model cap 17", 99, 17), ("model cap 64", 2026, 64)]:
    ops = random_script(seed, cap)
    got, want = run(ops, timeout=10)
    same_at(name, ops, got, want, range(len(ops) - 1))
g.finish()
