# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for bash-rotate-backups: builds each scenario directory here (spaces, glob characters, decoys
that must survive, mtimes that disagree with name order), runs the agent's rotate.sh on it as uid 1000,
then reads the resulting tree itself, never following symlinks, and compares it and the printed names
with what the scenario implies."""
import os
import stat
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

WORK = "/tmp/hb-rotate"  # root-owned: the agent's uid may enter it but cannot create or replace case directories
EPOCH = 1677628800
# (name, KEEP, backups oldest first); a name with a space also puts a space in the directory's path.
CASES = [
    ("plain", 3, ["a.tar.gz", "b.tar.gz", "c.tar.gz", "d.tar.gz", "e.tar.gz"]),
    ("keep-one", 1, ["db-1.tar.gz", "db-2.tar.gz", "db-3.tar.gz"]),
    ("keep-zero", 0, ["x.tar.gz", "y.tar.gz"]),
    ("keep-more", 9, ["only.tar.gz", "two.tar.gz"]),
    ("spaces in names", 2, ["nightly backup 1.tar.gz", "nightly backup 2.tar.gz", "nightly  backup 3.tar.gz", "z last.tar.gz"]),
    ("glob characters", 1, ["[1].tar.gz", "*.tar.gz", "-rf.tar.gz", "plain.tar.gz"]),
    ("subdirectory", 1, ["old.tar.gz", "new.tar.gz"]),
    ("mtime order", 2, ["zz.tar.gz", "mm.tar.gz", "aa.tar.gz", "b b.tar.gz"]),  # mtime order differs from name order
]
DECOYS = {"notes.txt": ["file", "x"], "old.tar.gz.bak": ["file", "x"]}


def owned_by_agent(path):
    os.chown(path, hbgrade.AGENT_UID, hbgrade.AGENT_GID, follow_symlinks=False)


def build(name, backups):
    """The scenario's directory, owned by the agent's uid; returns the tree expected before any deletion."""
    d = os.path.join(WORK, name)
    os.mkdir(d)
    owned_by_agent(d)
    initial = dict(DECOYS)
    if name == "subdirectory":
        os.mkdir(os.path.join(d, "sub dir.tar.gz"))
        owned_by_agent(os.path.join(d, "sub dir.tar.gz"))
        initial["sub dir.tar.gz"] = ["dir", {}]
    for i, f in enumerate(backups, 1):
        initial[f] = ["file", f]
    for f, (kind, content) in initial.items():
        if kind == "file":
            path = os.path.join(d, f)
            with open(path, "w") as out:
                out.write(content)
            owned_by_agent(path)
    for i, f in enumerate(backups, 1):
        os.utime(os.path.join(d, f), (EPOCH + i * 25200, EPOCH + i * 25200))
    return d, initial


def tree(path, depth=0):
    """What is in the directory, read with lstat (symlinks are reported, never followed), capped."""
    out = {}
    for entry in sorted(os.scandir(path), key=lambda e: e.name)[:100]:
        st = os.lstat(entry.path)
        if stat.S_ISLNK(st.st_mode):
            out[entry.name] = ["symlink", os.readlink(entry.path)[:100]]
        elif stat.S_ISDIR(st.st_mode):
            out[entry.name] = ["dir", tree(entry.path, depth + 1) if depth < 3 else "(deeper)"]
        elif stat.S_ISREG(st.st_mode):
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as f:
                out[entry.name] = ["file", f.read(200).decode("utf-8", "replace") + ("..." if st.st_size > 200 else "")]
        else:
            out[entry.name] = ["other"]
    return out


def differences(got, want):
    parts = []
    for label, names in (("missing", sorted(set(want) - set(got))), ("unexpected", sorted(set(got) - set(want))),
                         ("changed", sorted(n for n in set(got) & set(want) if got[n] != want[n]))):
        if names:
            parts.append("%s: %s" % (label, ", ".join(map(repr, names))))
    return "; ".join(parts)


g = hbgrade.Grader()
os.makedirs(WORK, mode=0o755)
for name, keep, backups in CASES:
    d, initial = build(name, backups)
    deleted = backups[:max(0, len(backups) - keep)]
    want = {f: v for f, v in initial.items() if f not in deleted}
    run = g.agent(["bash", "/workspace/rotate.sh", d, str(keep)], timeout=10, cwd=WORK)
    why = "" if run.ok else " (rotate.sh %s)" % run.describe()
    got = tree(d)
    g.check("%s (keep %d): files left" % (name, keep), got == want, differences(got, want) + why)
    printed = sorted(line for line in run.stdout.split("\n") if line)
    g.check("%s (keep %d): printed names" % (name, keep), printed == sorted(deleted),
            "printed %r%s" % (printed[:10], why))
g.finish()
