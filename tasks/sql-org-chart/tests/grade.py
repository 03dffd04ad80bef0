# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Runs the agent's query on fresh hidden org charts and compares with an answer computed in Python."""
import json
import os
import random
import sqlite3
import sys

SYLLABLES = ["ka", "lo", "mi", "ren", "su", "ta", "vi", "zo", "an", "el", "or", "ul"]


def make_db(seed):
    """A random forest: deep chains, wide fan-outs, several roots, ids not in tree order."""
    rng = random.Random(seed)
    n = rng.randint(25, 70)
    ids = rng.sample(range(1, 1000), n)
    names = set()
    while len(names) < n:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize())
    names = sorted(names)
    rng.shuffle(names)
    managers = {}
    roots = rng.randint(1, 3)
    for i, eid in enumerate(ids):
        if i < roots:
            managers[eid] = None
        elif rng.random() < 0.4:
            managers[eid] = ids[i - 1]          # chains make the tree deep
        else:
            managers[eid] = ids[rng.randrange(i)]
    db = sqlite3.connect(":memory:")
    db.executescript(open("/tests/schema.sql", encoding="utf-8").read())
    rows = [(eid, names[i], managers[eid], rng.randint(30, 300) * 100) for i, eid in enumerate(ids)]
    rng.shuffle(rows)
    db.executemany("INSERT INTO employees VALUES (?, ?, ?, ?)", rows)
    return db, rows


def expected(rows):
    by_id = {r[0]: r for r in rows}
    children = {r[0]: [] for r in rows}
    for r in rows:
        if r[2] is not None:
            children[r[2]].append(r[0])

    def depth(eid):
        d = 0
        while by_id[eid][2] is not None:
            eid, d = by_id[eid][2], d + 1
        return d

    def subtree(eid):
        out, stack = [], [eid]
        while stack:
            x = stack.pop()
            out.append(x)
            stack.extend(children[x])
        return out

    result = []
    for eid, name, _, _ in rows:
        team = subtree(eid)
        result.append((name, depth(eid), len(team) - 1, sum(by_id[x][3] for x in team)))
    return sorted(result, key=lambda r: (r[1], r[0]))


def main():
    path = "/workspace/query.sql"
    if not os.path.exists(path):
        print("query.sql not found in the workspace")
        return 0, 1
    query = open(path, encoding="utf-8").read()
    passed = 0
    seeds = [random.Random(20261123).randrange(10**6) + k for k in range(6)]
    for case, seed in enumerate(seeds, start=1):
        db, rows = make_db(seed)
        try:
            cur = db.execute(query)
            got = [tuple(r) for r in cur.fetchall()]
            cols = [d[0] for d in cur.description]
        except sqlite3.Error as err:
            print(f"case {case}: query failed: {err}")
            continue
        want = expected(rows)
        if cols != ["name", "depth", "reports", "team_salary"]:
            print(f"case {case}: wrong column names {cols}")
        elif len(got) != len(want):
            print(f"case {case}: {len(got)} rows, expected one per employee ({len(want)})")
        elif got != want:
            bad = next(i for i, (g, w) in enumerate(zip(got, want)) if g != w)
            which = [c for c, g, w in zip(cols, got[bad], want[bad]) if g != w]
            print(f"case {case}: row {bad + 1} differs in {', '.join(which)}")
        else:
            passed += 1
    return passed, len(seeds)


passed, total = main()
with open(os.environ.get("HB_SCORE_FILE", "/dev/null"), "w", encoding="utf-8") as f:
    json.dump({"tests_passed": passed, "tests_total": total}, f)
print(f"{passed}/{total} hidden org charts answered correctly")
sys.exit(0 if passed == total else 1)
