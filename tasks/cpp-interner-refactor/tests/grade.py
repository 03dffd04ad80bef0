# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for cpp-interner-refactor.

The agent's interner.cpp/.hpp are built as uid 1000 with the grader's runner under ASan (behaviour,
reference lifetimes, concurrent use) and, where the kernel allows it, TSan (data races); `nm` on the
agent's interner.o, read before any of the agent's code has run, rejects mutable namespace-scope
variables. Each section runs in a fresh runner process; the expected values are computed here.
"""
import json
import os
import random
import re
import secrets
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

BUILD = "/tmp/hb-interner-build"
CXX = "g++ -std=c++17 -O1 -pthread"


def mt19937(seed):
    """std::mt19937(seed)(): Python's generator is the same MT19937, seeded the C++ way here."""
    state = [seed]
    for i in range(1, 624):
        state.append((1812433253 * (state[-1] ^ (state[-1] >> 30)) + i) & 0xFFFFFFFF)
    rng = random.Random()
    rng.setstate((3, tuple(state) + (624,), None))
    return lambda: rng.getrandbits(32)


def words(seed, n):
    """The runner's words(seed, n)."""
    rng, out = mt19937(seed), []
    for i in range(n):
        length = rng() % 30
        out.append("w%d-" % i + "".join(chr(97 + rng() % 26) for _ in range(length)))
    return out


def section(binary, name, timeout, sanitizer_env):
    """A fresh runner process answering one section: a dict, or a Broken."""
    nonce = secrets.token_hex(8)  # echoed: lines printed before the request was sent are not an answer
    with g.session([binary], startup_timeout=5, cwd=BUILD, env=sanitizer_env, max_restarts=0) as runner:
        text = runner.ask("%s %s" % (name, nonce), timeout)
    if isinstance(text, hbgrade.Broken):
        return text
    try:
        answer = json.loads(text)
    except ValueError:
        return hbgrade.Broken("the runner's answer is not JSON: %.100s" % text)
    if not isinstance(answer, dict) or answer.get("nonce") != nonce:
        return hbgrade.Broken("an answer without this request's nonce: %.100s" % text)
    if "exception" in answer:
        return hbgrade.Broken("the section raised an exception: %.200s" % json.dumps(answer["exception"]))
    return answer


def asan_section(name, timeout):
    return section(BUILD + "/runner-asan", name, timeout, {"ASAN_OPTIONS": "detect_leaks=0"})


def expect(check, answer, want):
    """A check that the answer's values under want's keys are the expected ones."""
    if isinstance(answer, hbgrade.Broken):
        return g.check(check, False, answer.reason)
    wrong = {k: answer.get(k) for k, v in want.items() if answer.get(k) != v}
    return g.check(check, not wrong, "got " + json.dumps(wrong) if wrong else "")


def threads_verdict(answer, n=6000, threads=4):
    """(ids agree and are 0..n-1, names are right): properties of the values the threads observed."""
    if isinstance(answer, hbgrade.Broken):
        return (False, answer.reason), (False, answer.reason)
    try:
        return _threads_verdict(answer, n, threads)
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        return (False, "malformed answer (%r)" % exc), (False, "malformed answer")


def _threads_verdict(answer, n, threads):
    w = words(7, n)
    ids, names = answer["ids"], answer["names"]
    agree = len(ids) == threads and all(t == ids[0] for t in ids) and sorted(ids[0]) == list(range(n))
    agree_detail = "size %d; %s" % (answer["size"], "ids agree and are 0..n-1" if agree else "threads got different or gapped ids")
    right = agree and len(names) == n and all(names[ids[0][i]] == w[i] for i in range(n))
    held = all(w[i] == v for i, v in zip(answer["held index"], answer["held value"])) and len(answer["held value"]) == 400
    # "bad" counts in-flight mismatches observed in the runner (see runner.cpp).
    names_detail = "name_of by id %s; held references %s; in-flight mismatches per thread %s" % (
        "right" if right else "wrong", "intact" if held else "changed", answer["bad"])
    return (agree and answer["size"] == n, agree_detail), (right and held and not any(answer["bad"]), names_detail)


def mutable_globals(nm_output):
    """Data/bss symbols other than function-local statics, guard variables and compiler/library bookkeeping."""
    found = []
    for line in nm_output.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[1] in "bBdDuV" and not re.match(
                r"(guard variable for |vtable for |typeinfo (name )?for |DW\.ref\.|std::|__gnu_cxx::|_GLOBAL_)|[^ ]*\)::", parts[2]):
            found.append(parts[2])
    return found


g = hbgrade.Grader()
os.makedirs(BUILD, exist_ok=True)
os.chown(BUILD, hbgrade.AGENT_UID, hbgrade.AGENT_GID)
tsan = g.trusted(["sh", "-c", "printf 'int main(){return 0;}\\n' > probe.cpp && g++ -fsanitize=thread probe.cpp -o probe "
                  "2>/dev/null && ./probe >/dev/null 2>&1 && echo yes || echo no"], 15).strip() == "yes"
# Copies as uid 1000 (a symlink to a root-only file stays unreadable) and builds in parallel.
copy = g.agent(["cp", "/workspace/interner.cpp", "/workspace/interner.hpp", "/hbench/runner/runner.cpp", BUILD], 5)
if not copy.ok:
    g.abort("interner.cpp/interner.hpp could not be read: " + copy.tail(200))
builds = ["%s -c interner.cpp -o interner.o" % CXX, "%s -fsanitize=address -o runner-asan runner.cpp interner.cpp" % CXX]
builds += ["%s -fsanitize=thread -o runner-tsan runner.cpp interner.cpp" % CXX] if tsan else []
build = g.agent(["sh", "-c", " & ".join(builds) + " & wait"], 100, cwd=BUILD)
if not all(os.path.isfile(os.path.join(BUILD, f)) for f in ("interner.o", "runner-asan")):
    errors = [line for line in build.stderr.splitlines() if "error" in line][:4] or [build.describe()]
    g.abort("does not compile (does interner.hpp declare Interner and default_interner()?): " + " | ".join(errors))

# Read before any of the agent's code has run (nm only reads the object file the compiler wrote).
found = mutable_globals(g.trusted(["nm", "-C", "--defined-only", BUILD + "/interner.o"], 10))
g.check("no mutable namespace-scope variables", not found, ("found: " + ", ".join(found)) if found else "")

basic = asan_section("basic", 5)
expect("free functions: ids in order of first use", basic, {"free ids": [0, 1, 0]})
expect("free functions: name_of and interned_count", basic, {"free name_of(1)": "green", "free count": 2})
expect("free functions: name_of throws std::out_of_range", basic, {"free name_of(7)": "out_of_range"})
expect("free functions use default_interner()", basic, {"default is one instance": True, "default ids": [1, 2, 2], "default size": 3})
expect("Interner: ids and names", basic, {"ids": [0, 1, 0], "size": 2, "name_of(0)": "x"})
expect("Interner: name_of throws std::out_of_range", basic, {"name_of(-1)": "out_of_range", "name_of(2)": "out_of_range"})
expect("Interner: empty string is a string", basic, {"empty id": 2, "empty name": ""})

independent = asan_section("independent", 5)
expect("instances are independent", independent, {"ids": [0, 0, 1], "sizes": [2, 1], "b name_of(0)": "two"})
expect("instances do not touch the default interner", independent, {"default count change": 0})
expect("a new instance starts empty", independent, {"new instance": [0, 0]})

references = asan_section("references", 20)
expect("references from name_of stay valid after many more interns", references, {"held": words(99, 64)})
expect("references from the free name_of stay valid", references, {"free held": "stable-default"})

agree, names = threads_verdict(asan_section("threads", 20))
g.check("concurrent callers agree on every id, ids are 0..n-1", *agree)
g.check("concurrent name_of returns the right strings", *names)

name = "threads under ThreadSanitizer"
if not tsan:
    g.check(name, True, "skipped: ThreadSanitizer cannot run on this kernel")
elif not os.path.isfile(BUILD + "/runner-tsan"):
    g.check(name, False, "the ThreadSanitizer build failed: " + build.tail(300))
else:
    answer = section(BUILD + "/runner-tsan", "threads", 45, {"TSAN_OPTIONS": "halt_on_error=1 exitcode=66"})
    (agree_ok, agree_detail), (names_ok, names_detail) = threads_verdict(answer)
    g.check(name, agree_ok and names_ok, agree_detail if not agree_ok else names_detail)
g.finish()
