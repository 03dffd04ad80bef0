# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for sql-top-customers: the agent's query.sql runs (sqlite3 -safe, uid 1000) on a private
copy of each freshly generated hidden database; the reference query runs as root on the original;
the driver compares column names and rows. One check per database."""
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

REFERENCE = """
SELECT c.name, COUNT(DISTINCT o.id), ROUND(SUM(i.quantity * i.unit_price), 2)
FROM customers c JOIN orders o ON o.customer_id = c.id AND o.status = 'paid'
JOIN order_items i ON i.order_id = o.id GROUP BY c.id
ORDER BY 3 DESC, 1 ASC
"""
COLUMNS = ["customer_name", "orders", "revenue"]
SEEDS = [11, 23, 37, 41, 59]
SHELL = ["sqlite3", "-safe", "-init", "/dev/null", "-json"]


def make_db(seed, path):
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    with open("/hbench/grader/schema.sql", encoding="utf-8") as f:
        db.executescript(f.read())
    names = ["Noor", "Ilse", "Bram", "Zoe", "Kai", "Mia", "Omar", "Lena", "Yuki", "Tom"]
    for cid, name in enumerate(rng.sample(names, 8), start=1):
        db.execute("INSERT INTO customers VALUES (?, ?)", (cid, name))
    for oid in range(1, 41):
        db.execute("INSERT INTO orders VALUES (?, ?, ?)",
                   (oid, rng.randint(1, 8), rng.choice(["paid", "paid", "pending", "refunded"])))
        for _ in range(rng.randint(1, 4)):
            db.execute("INSERT INTO order_items VALUES (?, ?, ?)",
                       (oid, rng.randint(1, 5), round(rng.uniform(0.5, 50), 2)))
    db.commit()
    db.close()


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
    copy = os.path.join(AGENT_DIR, "shop.db")
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
    make_db(seed, original)
    _, want = result(g.trusted(SHELL + [original], stdin=REFERENCE, timeout=5))
    got = agent_result(original)
    name = "hidden database %d" % case
    if isinstance(got, str):
        g.check(name, False, got)
    elif got[0] != COLUMNS:
        g.check(name, False, "wrong column names %s" % got[0])
    elif len(got[1]) != len(want):
        g.check(name, False, "wrong rows (%d rows)" % len(got[1]))
    else:
        bad = next((i for i, (a, b) in enumerate(zip(got[1], want)) if a != b), None)
        g.check(name, bad is None, "" if bad is None else "row %d differs in %s" % (
            bad + 1, ", ".join(c for c, a, b in zip(COLUMNS, got[1][bad], want[bad]) if a != b)))
g.finish()
