# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for c-bank-race: builds the agent's bank.c (as uid 1000, the grader's own bank.h) with the
runner, whose pthread mutex wrappers observe which account locks each call takes and in which order.
Return values are compared with a Python model of the bank computed here; lock observations and the
stress results (which vary from run to run) are checked as properties here. The agent's code shares
the runner's process, so it could forge the lock observations only by targeting the hidden runner."""
import json
import secrets
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

BUILD = "/tmp/hb-build"
CFLAGS = "-std=c11 -O1 -g -pthread"
WRAP = "-Wl,--wrap=pthread_mutex_lock,--wrap=pthread_mutex_unlock,--wrap=pthread_mutex_trylock"
N, INIT = 6, 100


def model(ops):
    """What a correct bank returns for each op of a script on a fresh bank of N x INIT."""
    bal, rets = [INIT] * N, []
    for op in ops:
        kind, *args = op.split(":")
        x, y, z = (list(map(int, args)) + [0, 0, 0])[:3]
        if kind == "d":
            ok = 0 <= x < N and y > 0
            bal[x if ok else 0] += y if ok else 0
            rets.append(0 if ok else -1)
        elif kind == "t":
            ok = 0 <= x < N and 0 <= y < N and x != y and z > 0 and bal[x] >= z
            if ok:
                bal[x], bal[y] = bal[x] - z, bal[y] + z
            rets.append(0 if ok else -1)
        elif kind == "b":
            rets.append(bal[x] if 0 <= x < N else -1)
        else:
            rets.append(sum(bal))
    return rets


def lock_problem(op, taken, order_ok, max_held, held_after):
    """What is wrong with the locks one call took (None when nothing), per the task's locking rules."""
    kind, *args = op.split(":")
    need = {int(a) for a in args[:2 if kind == "t" else 1]} if kind in "dbt" else set(range(N))
    if not need <= set(taken):
        return "locked accounts %s" % taken
    if held_after:
        return "returned still holding %d account lock(s)" % held_after
    if not order_ok:
        return "took account locks out of increasing index order"
    if kind == "T" and max_held < N:
        return "held at most %d account locks at once" % max_held
    return None


g = hbgrade.Grader()
build = g.agent(["sh", "-c", "mkdir -p %s && cp /workspace/bank.c %s/ && gcc %s -I/hbench/runner -I/hbench/lib "
                 "-o %s/runner /hbench/runner/runner.c %s/bank.c %s" % (BUILD, BUILD, CFLAGS, BUILD, BUILD, WRAP)],
                timeout=60, cwd="/tmp")
if not build.ok:
    g.abort("bank.c does not build (%s): %s" % (build.describe(), build.tail(300)))
runner = g.session([BUILD + "/runner"], startup_timeout=5, call_timeout=5, cwd=BUILD, max_restarts=5)


def ints(values):
    return isinstance(values, list) and all(isinstance(v, int) for v in values)


def is_calls(value):
    """[ret, [accounts locked], order_ok, max_held, held_after] per call."""
    return isinstance(value, list) and all(isinstance(c, list) and len(c) == 5 and ints(c[:1] + c[2:]) and ints(c[1])
                                           for c in value)


def is_stats(value):
    return isinstance(value, dict) and ints(value.get("balances")) and ints([v for k, v in value.items() if k != "balances"])


def ask(line, valid, timeout):
    """The runner's JSON answer to a request, or a Broken (no answer, or not JSON of the expected shape)."""
    nonce = secrets.token_hex(8)
    answer = runner.ask(nonce + " " + line, timeout=timeout)
    if isinstance(answer, hbgrade.Broken):
        return answer
    try:
        value = json.loads(answer[len(nonce) + 1:]) if answer.startswith(nonce + " ") else None
    except ValueError:
        value = None
    return value if valid(value) else hbgrade.Broken("the runner's answer is malformed: " + answer[:80])


def script_check(name, ops, checked, locks=True, timeout=5):
    """Runs ops on a fresh bank; the last `checked` calls must return the model's values (and, with
    locks, follow the locking rules)."""
    obs = ask("script %d %d %s" % (N, INIT, " ".join(ops)), is_calls, timeout)
    if isinstance(obs, hbgrade.Broken) or len(obs) != len(ops):
        return g.check(name, False, getattr(obs, "reason", "wrong number of answers"))
    for i, want in list(enumerate(model(ops)))[-checked:]:
        ret, *seen = obs[i]
        if ret != want:
            return g.check(name, False, "%s returned %d" % (ops[i], ret))
        problem = locks and lock_problem(ops[i], *seen)
        if problem:
            return g.check(name, False, "%s %s" % (ops[i], problem))
    return g.check(name, True)


history = ["d:4:7"]
script_check("bank_deposit takes the account's lock", history, 1)
history.append("b:4")
script_check("bank_balance takes the account's lock", history, 1)
history.append("t:5:1:30")
script_check("bank_transfer locks both accounts, lower index first", history, 1)
history += ["t:2:3:1000", "b:2"]
script_check("insufficient funds: -1 after checking under both locks, nothing changes", history, 2)
history.append("T")
script_check("bank_total holds every account lock at once, in order", history, 1)
script_check("transfer to the same account returns -1", history + ["t:3:3:10", "b:3"], 2, locks=False)
rejected = ["t:0:6:1", "t:7:0:1", "t:0:1:0", "t:0:1:-5", "d:6:1", "d:0:0", "b:9"]
script_check("invalid arguments return -1", history + rejected, len(rejected), locks=False)
script_check("balances unchanged by rejected calls", history + ["t:3:3:10"] + rejected + ["T"], 1, locks=False)

# Concurrent stress: the results vary between runs, so the checks are properties (conservation, consistency).
stress = ask("transfers", is_stats, 30)
broken = isinstance(stress, hbgrade.Broken)
g.check("no deadlock under concurrent opposite transfers", not broken, stress.reason if broken else "")
if broken:
    stress = {}
final = stress.get("balances", [])
g.check("money is conserved", len(final) == N and sum(final) == N * INIT and stress.get("total") == N * INIT,
        "final total %s, balances %s" % (stress.get("total"), final))
g.check("no balance ever goes negative", stress.get("min_seen", -1) >= 0 and len(final) == N and min(final) >= 0,
        "lowest balance seen %s, final %s" % (stress.get("min_seen"), final))
g.check("every bank_total snapshot is consistent",
        stress.get("snapshots", 0) > 0 and stress.get("snap_min") == stress.get("snap_max") == N * INIT
        and stress.get("wrong_order") == 0,
        "%s snapshots between %s and %s; %s thread(s) took locks out of order" % tuple(
            stress.get(k) for k in ("snapshots", "snap_min", "snap_max", "wrong_order")))
deposits = ask("deposits", is_stats, 20)
g.check("concurrent deposits are not lost",
        not isinstance(deposits, hbgrade.Broken) and deposits.get("total") == N * INIT + 4 * 20000
        and sum(deposits.get("balances", [])) == N * INIT + 4 * 20000,
        deposits.reason if isinstance(deposits, hbgrade.Broken) else "final total %s" % deposits.get("total"))
g.finish()
