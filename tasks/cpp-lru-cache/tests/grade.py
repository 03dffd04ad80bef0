# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for cpp-lru-cache.

The agent's lru_cache.cpp is built as uid 1000 with the grader's own header and runner under ASan;
the runner answers with what the cache returned. Every expected answer comes from an LRU model in
this driver, fed the same operations (the seeded model checks use std::mt19937's exact sequence).
"""
import os
import random
import secrets
import sys
from collections import OrderedDict

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

BUILD = "/tmp/hb-lru-build"


def mt19937(seed):
    """std::mt19937(seed)(): Python's generator is the same MT19937, seeded the C++ way here."""
    state = [seed]
    for i in range(1, 624):
        state.append((1812433253 * (state[-1] ^ (state[-1] >> 30)) + i) & 0xFFFFFFFF)
    rng = random.Random()
    rng.setstate((3, tuple(state) + (624,), None))
    return lambda: rng.getrandbits(32)


class Lru:
    def __init__(self, cap):
        self.cap, self.items = cap, OrderedDict()

    def get(self, key):
        if key in self.items:
            self.items.move_to_end(key)
        return self.items.get(key)

    def put(self, key, value):
        if self.cap:
            self.items[key] = value
            self.items.move_to_end(key)
            if len(self.items) > self.cap:
                self.items.popitem(last=False)


def expected(cap, ops):
    model, out = Lru(cap), []
    for op in ops:
        if op == "s":
            out.append(str(len(model.items)))
        elif op == "c":
            out.append(str(cap))
        elif op.startswith("g:"):
            value = model.get(op[2:])
            out.append("none" if value is None else str(value))
        else:
            _, key, value = op.split(":")
            model.put(key, int(value))
            out.append("_")
    return out


def model_ops(seed, keys, steps=5000):
    """The old hidden test's random walk: a put or a get on one of `keys` keys, then the size."""
    rng, ops = mt19937(seed), []
    for _ in range(steps):
        key = "k%d" % (rng() % keys)
        ops += ["p:%s:%d" % (key, rng() % 1000) if rng() % 2 else "g:" + key, "s"]
    return ops


def ask(op, args, timeout):
    """The runner's answer to "OP NONCE ARGS", without the nonce it must echo (or a Broken)."""
    nonce = secrets.token_hex(8)
    got = runner.ask("%s %s %s" % (op, nonce, args), timeout)
    if isinstance(got, hbgrade.Broken):
        return got
    echoed, _, rest = got.partition(" ")
    return rest if echoed == nonce else hbgrade.Broken("an answer without this request's nonce: %.60r" % got)


def scenario(name, cap, ops, timeout=3):
    got = ask("run", "%d %s" % (cap, " ".join(ops)), timeout)
    if isinstance(got, hbgrade.Broken):
        return g.check(name, False, got.reason)
    got, want = got.split(), expected(cap, ops)
    bad = next((i for i in range(len(want)) if i >= len(got) or got[i] != want[i]), None)
    if bad is None and len(got) != len(want):
        bad = len(want)
    detail = "" if bad is None else "operation %d (%s on a capacity-%d cache) answered %s" % (
        bad + 1, ops[bad] if bad < len(ops) else "-", cap, got[bad] if bad < len(got) else "nothing")
    return g.check(name, bad is None, detail)


g = hbgrade.Grader()
os.makedirs(BUILD, exist_ok=True)
os.chown(BUILD, hbgrade.AGENT_UID, hbgrade.AGENT_GID)
# Copies as uid 1000 (a symlink to a root-only file stays unreadable), with the grader's header.
copy = g.agent(["cp", "/workspace/lru_cache.cpp", "/hbench/runner/runner.cpp", "/hbench/runner/lru_cache.hpp", BUILD], 10)
if not copy.ok:
    g.abort("lru_cache.cpp could not be read: " + copy.tail(200))
build = g.agent(["g++", "-std=c++17", "-O1", "-fsanitize=address", "-o", "runner", "runner.cpp", "lru_cache.cpp"],
                90, cwd=BUILD)
if not build.ok:
    errors = [line for line in build.stderr.splitlines() if "error" in line][:4] or [build.describe()]
    g.abort("does not compile with the grader's lru_cache.hpp: " + " | ".join(errors))

with g.session([BUILD + "/runner"], startup_timeout=5, cwd=BUILD, env={"ASAN_OPTIONS": "detect_leaks=0"}) as runner:
    scenario("get refreshes recency", 2, "p:a:1 p:b:2 g:a p:c:3 g:b g:a g:c s".split())
    scenario("put on an existing key updates and refreshes", 2, "p:x:1 p:y:2 p:x:10 p:z:3 g:x g:y s".split())
    scenario("capacity 0 stores nothing", 0, "p:a:1 g:a s".split())
    scenario("capacity 1", 1, "p:a:1 p:b:2 g:a g:b s".split())
    scenario("missing key", 1, "p:a:1 p:b:2 g:nope c s".split())
    for seed, cap, keys in ((11, 3, 6), (202, 8, 20), (3030, 50, 70)):
        scenario("model check cap %d" % cap, cap, model_ops(seed, keys), timeout=10)

    # Timing relative to a plain unordered_map doing the same work in the runner's process, so ASan
    # and a busy machine scale both sides (an O(capacity) cache is ~1000x slower). The runner reports
    # the numbers; the agent's code could forge them only by targeting the hidden runner.
    name = "O(1) operations (within 10x a plain hash map + 1 s)"
    answer = ask("timing", "", timeout=45)
    try:
        done, ops, seconds, base, size, hits = (float(x) for x in answer.split())
    except (AttributeError, ValueError):
        g.check(name, False, getattr(answer, "reason", "unexpected answer %.60r" % answer))
    else:
        g.check(name, done == ops == 400000 and seconds < 1 + 10 * base and size == 20000 and hits > 0,
                "%d of 400000 operations in %.2f s (a hash map alone: %.2f s; limit %.1f s), size %d, %d hits"
                % (done, seconds, base, 1 + 10 * base, size, hits))
g.finish()
