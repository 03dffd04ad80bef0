# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for py-config-chain: the agent's inventory package and the reference one answer the same
requests (handlers.py); every answer is compared with the reference's, computed in the driver."""
import json
import random
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

g = hbgrade.Grader()
reference = g.runner_module("handlers").handlers(g.reference_module("inventory"),
                                                 g.reference_module("inventory.settings"))


def part(answer, *keys):
    """Some fields of an {"ok": {...}} answer, shaped like an answer; other answers pass through."""
    if isinstance(answer, dict) and isinstance(answer.get("ok"), dict):
        return {"ok": [answer["ok"].get(key) for key in keys]}
    return answer


def column(answer, i):
    """Element i of every [settings, pool size] pair of a list answer, shaped like an answer."""
    if isinstance(answer, dict) and isinstance(answer.get("ok"), list):
        return {"ok": [x[i] if isinstance(x, list) and len(x) == 2 else x for x in answer["ok"]]}
    return answer


def each(name, answer, expected):
    """A check over a list answer: every element must equal the reference's; shows the first that does not."""
    items = answer.get("ok") if isinstance(answer, dict) else None
    if not isinstance(items, list) or len(items) != len(expected["ok"]):
        return g.same(name, answer, expected)
    bad = next((i for i, (x, y) in enumerate(zip(items, expected["ok"])) if x != y), None)
    return g.check(name, bad is None, "" if bad is None else "case %d: got %s" % (bad + 1, json.dumps(items[bad])))


def ask(runner, op, *args):
    return hbgrade.raised(runner.call(op, *args)), hbgrade.expect(reference, op, *args)


with g.python_session("runner.py", call_timeout=3, startup_timeout=10) as runner:
    g.same("visible suite scenario (pool size, low stock)", *ask(runner, "visible"))
    g.same("values keep the type of their default", *ask(runner, "load", {
        "INVENTORY_POOL_SIZE": "7", "INVENTORY_TIMEOUT_S": "0.25", "INVENTORY_LOW_STOCK": "0",
        "INVENTORY_DB_NAME": "42"}))
    for raw in ["1", "TRUE", "yes", "On", "0", "false", "NO", "off"]:
        g.same("boolean %r" % raw, *ask(runner, "load", {"INVENTORY_READ_ONLY": raw}))
    g.same("read_only=false means writable", *ask(runner, "writable", {"INVENTORY_READ_ONLY": "false"}))

    got, expected = ask(runner, "independence")
    g.same("DEFAULTS untouched by load_settings", part(got, "defaults"), part(expected, "defaults"))
    g.same("load_settings({}) is a new dict equal to DEFAULTS", part(got, "b", "b_is_DEFAULTS"),
           part(expected, "b", "b_is_DEFAULTS"))
    g.same("separate calls give independent dicts", part(got, "a_after_changing_b"),
           part(expected, "a_after_changing_b"))

    rng = random.Random(4242)
    envs = []
    for _ in range(30):
        env = {}
        if rng.random() < 0.5:
            env["INVENTORY_POOL_SIZE"] = str(rng.randint(1, 9))
        if rng.random() < 0.5:
            env["INVENTORY_READ_ONLY"] = rng.choice(["true", "yes", "1"] if rng.random() < 0.5 else ["false", "no", "0"])
        envs.append(env)
    got, expected = ask(runner, "overrides", envs)
    each("random overrides: load_settings", column(got, 0), column(expected, 0))
    each("random overrides: connection pool size", column(got, 1), column(expected, 1))
    g.same("os.environ is the default env", *ask(runner, "from_environ", {"INVENTORY_POOL_SIZE": "5"}))
g.finish()
