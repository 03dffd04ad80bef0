# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for sql-org-chart: the agent's query.sql runs (sqlite3 -safe, uid 1000) on a private copy
of each freshly generated hidden org chart; the expected rows are computed here in Python from the
generated rows. One check per org chart."""
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

COLUMNS = ["name", "depth", "reports", "team_salary"]
SEEDS = [random.Random(20261123).randrange(10**6) + k for k in range(6)]
SHELL = ["sqlite3", "-safe", "-init", "/dev/null", "-json"]
SYLLABLES = ["ka", "lo", "mi", "ren", "su", "ta", "vi", "zo", "an", "el", "or", "ul"]


def make_db(seed, path):
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
    db = sqlite3.connect(path)
    with open("/hbench/grader/schema.sql", encoding="utf-8") as f:
        db.executescript(f.read())
    rows = [(eid, names[i], managers[eid], rng.randint(30, 300) * 100) for i, eid in enumerate(ids)]
    rng.shuffle(rows)
    db.executemany("INSERT INTO employees VALUES (?, ?, ?, ?)", rows)
    db.commit()
    db.close()
    return rows


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


def result(text):
    """(columns, rows) from the shell's -json output; ValueError when it is not one result set."""
    text = text.strip()
    if not text:
        return None, []
    data = json.loads(text, object_pairs_hook=lambda pairs: ("row", pairs))  # keeps order and duplicates
    if not (isinstance(data, list) and all(isinstance(r, tuple) and r[0] == "row" for r in data)):
        raise ValueError
    columns = [k for k, _ in data[0][1]]
    if any([k for k, _ in r[1]] != columns for r in data):
        raise ValueError
    return columns, [tuple(v for _, v in r[1]) for r in data]


def agent_result(original):
    """Runs query.sql as uid 1000 (it reads the file itself) on a fresh copy; (columns, rows) or a reason."""
    os.mkdir(AGENT_DIR, 0o700)
    copy = os.path.join(AGENT_DIR, "company.db")
    shutil.copyfile(original, copy)
    for path in (AGENT_DIR, copy):
        os.chown(path, hbgrade.AGENT_UID, hbgrade.AGENT_GID)
    run = g.agent(["sh", "-c", 'exec "$@" < /workspace/query.sql', "sh"] + SHELL + [copy], timeout=8, cwd=AGENT_DIR)
    shutil.rmtree(AGENT_DIR, ignore_errors=True)
    if not run.ok:
        return "query failed (%s): %s" % (run.describe(), run.stderr.strip()[-200:])
    try:
        return result(run.stdout)
    except ValueError:
        return "the output is not one result set: " + run.stdout[:150].replace("\n", " ")


g = hbgrade.Grader()
AGENT_DIR = os.path.join(tempfile.mkdtemp(prefix="hb-sql-"), "run")  # root-owned parent; one copy at a time
os.chmod(os.path.dirname(AGENT_DIR), 0o711)
if not os.path.lexists("/workspace/query.sql"):
    g.abort("query.sql not found in the workspace")
for case, seed in enumerate(SEEDS, start=1):
    original = os.path.join(hbgrade.PRIVATE_DIR, "case%d.db" % case)
    want = expected(make_db(seed, original))
    got = agent_result(original)
    name = "hidden org chart %d" % case
    if isinstance(got, str):
        g.check(name, False, got)
    elif got[0] != COLUMNS:
        g.check(name, False, "wrong column names %s" % got[0])
    elif len(got[1]) != len(want):
        g.check(name, False, "%d rows, not one per employee" % len(got[1]))
    else:
        bad = next((i for i, (a, b) in enumerate(zip(got[1], want)) if a != b), None)
        g.check(name, bad is None, "" if bad is None else "row %d differs in %s" % (
            bad + 1, ", ".join(c for c, a, b in zip(COLUMNS, got[1][bad], want[bad]) if a != b)))
g.finish()
