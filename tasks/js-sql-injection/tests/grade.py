# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for js-sql-injection.

The runner calls the agent's modules on a fresh database (same schema as the workspace, other rows)
and answers with return values, thrown error names, the tables afterwards and how often pwned() ran.
Legitimate calls must give exactly what the reference solution gives (the same runner, run as root
over the reference's src/); injection payloads must stay data, checked here on the runner's values.
"""
import json
import os
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

RUNNER = ["node", "--disable-warning=ExperimentalWarning", "/hbench/runner/runner.js"]
g = hbgrade.Grader()

# ---- legitimate input: same steps, tables and pwned() count as the reference -------------------
LEGIT = [
    ("findUserByEmail: plain e-mail", [["users", "findUserByEmail", "mei@shop.test"]]),
    ("findUserByEmail: e-mail with an apostrophe", [["users", "findUserByEmail", "o'neil@shop.test"]]),
    ("findUserByEmail: unknown e-mail", [["users", "findUserByEmail", "x@shop.test"]]),
    ("checkLogin: right password", [["users", "checkLogin", "root@shop.test", "s3cret!"]]),
    ("checkLogin: wrong password", [["users", "checkLogin", "root@shop.test", "nope"]]),
    ("checkLogin: apostrophes in e-mail and password", [["users", "checkLogin", "o'neil@shop.test", "it's me"]]),
    ("searchProducts: term, default sort", [["products", "searchProducts", "cup"]]),
    ("searchProducts: sort price", [["products", "searchProducts", "cup", {"sort": "price"}]]),
    ("searchProducts: sort price_desc, any case", [["products", "searchProducts", "TEA", {"sort": "price_desc"}]]),
    ("searchProducts: maxPrice", [["products", "searchProducts", "", {"maxPrice": 4.5}]]),
    ("searchProducts: maxPrice as a string, sort price", [["products", "searchProducts", "e", {"maxPrice": "20", "sort": "price"}]]),
    ("searchProducts: term with an apostrophe", [["products", "searchProducts", "kid's"]]),
    ("ordersForUser: by user", [["orders", "ordersForUser", 2]]),
    ("ordersForUser: id as a string, by status", [["orders", "ordersForUser", "2", "shipped"]]),
    ("ordersForUser: no such orders", [["orders", "ordersForUser", 1, "pending"]]),
    ("renameUser: name with an apostrophe", [["admin", "renameUser", 3, "Mei O'Hara"]]),
]

# ---- injection payloads: (name, calls, property of the runner's answer -> failure or None) ------
RENAME_PAYLOAD = "x', is_admin = 1 WHERE id = 3; DROP TABLE orders; --"
SORTS = ["name, pwned()", "price; DROP TABLE products", "(SELECT pwned())", "id", "name DESC", "constructor", "__proto__"]


def each(ok, what):
    """Every call threw, or returned what ok() accepts."""
    def test(a):
        bad = [i for i, s in enumerate(a["steps"]) if "raise" not in s and not ok(s)]
        return ("payload %d gave %s, not an error%s" % (bad[0] + 1, json.dumps(a["steps"][bad[0]])[:120],
                                                        " or " + what if what else "") if bad else None)
    return test


def intact(t):
    return (sorted(t) == ["orders", "products", "users"] and all(t[k] is not None for k in t)
            and len(t["users"]) >= 3 and len(t["orders"]) >= 4)


def all_of(*tests):
    return lambda a: next((r for r in (test(a) for test in tests) if r), None)


def need(cond, why):
    return lambda a: None if cond(a) else why


INJECT = [
    ("findUserByEmail resists injection",
     [["users", "findUserByEmail", p] for p in ["' OR '1'='1", "x' OR pwned() OR '", "' UNION SELECT 1, 'a', 'b', 1 --"]],
     each(lambda s: s.get("undefined") is True, "undefined")),
    ("checkLogin resists injection",
     [["users", "checkLogin", p, "anything"] for p in ["root@shop.test' --", "' OR pwned() --", "root@shop.test' OR '1'='1"]],
     each(lambda s: s.get("ok") is False, "false")),
    ("searchProducts term resists injection",
     [["products", "searchProducts", p] for p in
      ["%' OR pwned() OR '", "' UNION SELECT id, email, 1, password_hash FROM users --", "x'; DELETE FROM products; --"]],
     all_of(each(lambda s: s.get("ok") == [], "[]"),
            need(lambda a: len(a["tables"].get("products") or []) == 5, "products were deleted"))),
    ("searchProducts maxPrice resists injection",
     [["products", "searchProducts", "", {"maxPrice": "1 OR pwned()"}],
      ["products", "searchProducts", "", {"maxPrice": "0 UNION SELECT id, email, 1, password_hash FROM users"}]],
     all_of(need(lambda a: a["pwned"] == 0, "pwned() ran"),
            need(lambda a: "@shop.test" not in json.dumps(a["steps"][1]), "the UNION returned users' e-mails"))),
    ("searchProducts sort accepts only the allowed values",
     [["products", "searchProducts", "cup", {"sort": p}] for p in SORTS],
     all_of(each(lambda s: False, None), need(lambda a: a["pwned"] == 0, "pwned() ran"),
            need(lambda a: intact(a["tables"]), "tables were damaged"))),
    ("ordersForUser resists injection",
     [["orders", "ordersForUser", "1 OR 1=1"], ["orders", "ordersForUser", "3 OR pwned()"],
      ["orders", "ordersForUser", 2, "x' OR '1'='1"]],
     each(lambda s: s.get("ok") == [], "[]")),
    ("renameUser resists injection",
     [["admin", "renameUser", 3, RENAME_PAYLOAD], ["admin", "renameUser", "2 OR 1=1", "Mallory"],
      ["admin", "renameUser", 1, "' || pwned() || '"]],
     all_of(need(lambda a: intact(a["tables"]), "tables were damaged"),
            need(lambda a: [(u["name"], u["is_admin"]) for u in a["tables"]["users"] if u["id"] == 3] == [(RENAME_PAYLOAD, 0)],
                 "user 3 was not renamed to the payload, or became an admin"),
            need(lambda a: all(u["name"] != "Mallory" for u in a["tables"]["users"]), "another user was renamed"))),
]


def shaped(answer, calls):
    """The runner's answer as a dict of the expected shape, or a failure reason."""
    if isinstance(answer, hbgrade.Broken):
        return answer.reason
    value = answer.get("ok") if isinstance(answer, dict) else None
    if not (isinstance(value, dict) and isinstance(value.get("steps"), list) and len(value["steps"]) == len(calls)
            and all(isinstance(s, dict) for s in value["steps"]) and isinstance(value.get("tables"), dict)
            and type(value.get("pwned")) is int and value["pwned"] >= 0):
        return "the runner could not run the calls: " + json.dumps(answer)[:200]
    return value


def differs(answer, want):
    """What is wrong with a legitimate call's answer (only what the agent's code produced)."""
    if answer["steps"] != want["steps"]:
        return "returned " + json.dumps(answer["steps"])
    if answer["tables"] != want["tables"]:
        return "the tables differ afterwards"
    return "pwned() ran" if answer != want else ""


requests = [json.dumps(["run", calls]) for _, calls in LEGIT]
expected = [json.loads(a) for a in g.trusted_answers(RUNNER + [os.path.join(g.reference_dir(), "src")], requests, timeout=20)]
if not all(isinstance(e.get("ok"), dict) and all("raise" not in s for s in e["ok"]["steps"]) for e in expected):
    g.fault("the reference solution failed a legitimate call: %s" % expected)
pwned_total, unanswered = 0, []
with g.session(RUNNER, startup_timeout=10, call_timeout=3) as runner:
    for (name, calls), want in zip(LEGIT, expected):
        answer = shaped(runner.call("run", calls), calls)
        if isinstance(answer, str):
            g.check(name, False, answer)
            continue
        pwned_total += answer["pwned"]
        g.check(name, answer == want["ok"], differs(answer, want["ok"]))
    for name, calls, test in INJECT:
        answer = shaped(runner.call("run", calls), calls)
        if isinstance(answer, str):
            unanswered.append(name)
            g.check(name, False, answer)
            continue
        pwned_total += answer["pwned"]
        try:
            failure = test(answer)
        except (KeyError, TypeError, AttributeError) as exc:
            failure = "unexpected answer (%s): %s" % (exc, json.dumps(answer)[:150])
        g.check(name, failure is None, failure or "")
g.check("no payload ever ran as SQL", pwned_total == 0 and not unanswered,
        "pwned() ran %d time(s)" % pwned_total if pwned_total else "no answer for: " + ", ".join(unanswered)
        if unanswered else "")
g.finish()
