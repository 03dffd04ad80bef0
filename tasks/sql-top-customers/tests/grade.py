# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Runs the agent's query on fresh hidden databases and compares with the reference answer."""
import json
import os
import random
import sqlite3
import sys

REFERENCE = """
SELECT c.name, COUNT(DISTINCT o.id), ROUND(SUM(i.quantity * i.unit_price), 2)
FROM customers c JOIN orders o ON o.customer_id = c.id AND o.status = 'paid'
JOIN order_items i ON i.order_id = o.id GROUP BY c.id
ORDER BY 3 DESC, 1 ASC
"""


def make_db(seed):
    rng = random.Random(seed)
    db = sqlite3.connect(":memory:")
    db.executescript(open("/tests/schema.sql", encoding="utf-8").read())
    names = ["Noor", "Ilse", "Bram", "Zoe", "Kai", "Mia", "Omar", "Lena", "Yuki", "Tom"]
    for cid, name in enumerate(rng.sample(names, 8), start=1):
        db.execute("INSERT INTO customers VALUES (?, ?)", (cid, name))
    for oid in range(1, 41):
        db.execute("INSERT INTO orders VALUES (?, ?, ?)",
                   (oid, rng.randint(1, 8), rng.choice(["paid", "paid", "pending", "refunded"])))
        for _ in range(rng.randint(1, 4)):
            db.execute("INSERT INTO order_items VALUES (?, ?, ?)",
                       (oid, rng.randint(1, 5), round(rng.uniform(0.5, 50), 2)))
    return db


def main():
    path = "/workspace/query.sql"
    if not os.path.exists(path):
        print("query.sql not found in the workspace")
        return 0, 1
    query = open(path, encoding="utf-8").read()
    passed = 0
    seeds = [11, 23, 37, 41, 59]
    for seed in seeds:
        db = make_db(seed)
        try:
            cur = db.execute(query)
            got = [tuple(r) for r in cur.fetchall()]
            cols = [d[0] for d in cur.description]
        except sqlite3.Error as err:
            print(f"case {seed}: query failed: {err}")
            continue
        want = [tuple(r) for r in db.execute(REFERENCE).fetchall()]
        if cols != ["customer_name", "orders", "revenue"]:
            print(f"case {seed}: wrong column names {cols}")
        elif got != want:
            print(f"case {seed}: wrong rows ({len(got)} rows, expected {len(want)})")
        else:
            passed += 1
    return passed, len(seeds)


passed, total = main()
with open(os.environ.get("HB_SCORE_FILE", "/dev/null"), "w", encoding="utf-8") as f:
    json.dump({"tests_passed": passed, "tests_total": total}, f)
print(f"{passed}/{total} hidden databases answered correctly")
sys.exit(0 if passed == total else 1)
