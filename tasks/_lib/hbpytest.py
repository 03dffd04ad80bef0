# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""hbpytest: grading imported tasks (Terminal-Bench, Harbor) whose verdict is their own pytest tests.

Two roles in one file:

* In the driver (root), ``grade(g, ...)`` lays the task's original tests out at /tests (root-owned,
  world-readable, as the source formats expect them), runs them with the image's pytest (Debian's
  python3-pytest; nothing is installed at grading time) as uid 1000 through ``Grader.agent``, and
  records one check per expected test function from the per-test outcomes pytest reported.
* Run as a script (``python3 -I /hbench/lib/hbpytest.py --report FILE --nonce N -- ARGS``) it is the
  pytest launcher inside that uid-1000 process: a tiny plugin writes each test's outcome, tagged with
  the run's nonce, to FILE in a directory the driver created for this run only.

The weaker guarantee, said plainly: the imported tests import and run the agent's programs in the
same uid-1000 process (they were written that way), so code written against these particular tests
could write forged outcomes into that process's report. The nonce and the fresh report directory stop
planted or replayed reports, not an attack aimed at this launcher; the audit's code-level tamper rules
still read every file the agent changed. House-convention tasks do not have this weakness.
"""
import json
import os
import secrets
import shutil
import sys

TESTS_DIR = "/tests"          # where Terminal-Bench and Harbor tests expect to live ($TEST_DIR)
ORIGINAL = "original"         # the format's tests/ folder, copied under the task's tests/
LOGS_DIR = "/logs/verifier"   # Harbor's verifier log folder (reward files)
MAX_REPORT = 8 << 20


def grade(g, expected, args, timeout, pre_steps=None, env=None, workdir="/workspace"):
    """Runs the imported tests and records one check per expected test function (nodeid without parameters).

    A function passes when every one of its test cases ran and passed (setup and teardown included);
    a case that was skipped, xfailed or never reported fails it."""
    _layout_tests()
    run_env = {"TEST_DIR": TESTS_DIR, "PYTHONDONTWRITEBYTECODE": "1"}
    run_env.update(env or {})
    if pre_steps:
        step = g.agent(["bash", "-c", pre_steps], timeout=timeout, cwd=workdir, env=run_env)
        print("pre-test steps %s%s" % (step.describe(), (": " + step.tail(300).strip()) if not step.ok else ""), flush=True)
    nonce = secrets.token_hex(8)
    report_dir = "/tmp/hb-pytest-%s" % nonce
    os.mkdir(report_dir, 0o700)
    os.chown(report_dir, 1000, 1000)
    report = os.path.join(report_dir, "report.jsonl")
    argv = ["python3", "-I", os.path.join("/hbench/lib", "hbpytest.py"), "--report", report, "--nonce", nonce, "--"]
    argv += ["-p", "no:cacheprovider", "--rootdir", TESTS_DIR] + list(args)
    run = g.agent(argv, timeout=timeout, cwd=workdir, env=run_env)
    outcomes, problem = _read_report(report, nonce)
    summary = run.describe() if not run.timed_out else "timed out after %.0f s" % run.seconds
    for name in expected:
        cases = outcomes.get(name)
        if not cases:
            why = problem or ("pytest %s before reporting this test" % summary)
            tail = run.tail(200).strip().splitlines()
            g.check(name, False, why + (": " + tail[-1] if tail and not problem else ""))
            continue
        failed = [c for c in cases if c["outcome"] != "passed"]
        g.check(name, not failed, "" if not failed else _describe(failed[0]))


def reward(g, script, timeout, env=None, workdir="/workspace"):
    """Harbor's own verifier: runs test.sh's steps (installers removed) as uid 1000 and takes the reward it
    writes to /logs/verifier/reward.txt (or reward.json) as the one check: a reward of 1 passes."""
    _layout_tests()
    for name in ("reward.txt", "reward.json"):
        path = os.path.join(LOGS_DIR, name)
        if os.path.lexists(path):
            os.unlink(path)
    run_env = {"TEST_DIR": TESTS_DIR}
    run_env.update(env or {})
    run = g.agent(["bash", "-c", script], timeout=timeout, cwd=workdir, env=run_env)
    value, where = _read_reward()
    if value is None:
        g.check("reward", False, "no reward file written (the verifier %s)" % run.describe())
        return
    g.check("reward", value == 1, "" if value == 1 else "reward %s in %s" % (value, where))


def _read_reward():
    for name in ("reward.txt", "reward.json"):
        path = os.path.join(LOGS_DIR, name)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as f:
            text = f.read(4096).decode("utf-8", "replace").strip()
        try:
            value = json.loads(text)
        except ValueError:
            return text, name
        if isinstance(value, dict):
            value = value.get("reward", next(iter(value.values()), None))
        return value, name
    return None, None


def _layout_tests():
    """/hbench/grader/original -> /tests: root-owned and read-only for the uid-1000 test process."""
    source = os.path.join("/hbench/grader", ORIGINAL)
    if os.path.lexists(TESTS_DIR):
        if os.path.islink(TESTS_DIR) or not os.path.isdir(TESTS_DIR):
            os.unlink(TESTS_DIR)
        else:
            shutil.rmtree(TESTS_DIR)
    shutil.copytree(source, TESTS_DIR, symlinks=True)
    for root, dirs, files in os.walk(TESTS_DIR):
        os.chmod(root, 0o755)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)
    os.makedirs(LOGS_DIR, exist_ok=True)
    os.chown(LOGS_DIR, 1000, 1000)


def _read_report(path, nonce):
    """{function id: [case outcomes]} from the launcher's report; lines without the nonce are ignored."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return {}, None
    with os.fdopen(fd, "rb") as f:
        data = f.read(MAX_REPORT)
    cases = {}
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if not isinstance(item, dict) or item.get("nonce") != nonce:
            continue
        if item.get("event") == "collect-error":
            lines = str(item.get("message", "")).strip().splitlines()
            marked = [line[1:].strip() for line in lines if line.startswith("E ")]
            return {}, "the tests could not be collected: " + ((marked or lines or [""])[-1])[:200]
        nodeid = str(item.get("nodeid", ""))
        case = cases.setdefault(nodeid, {"nodeid": nodeid, "outcome": "missing", "message": ""})
        outcome = item.get("outcome")
        when = item.get("when")
        if when == "call" and case["outcome"] in ("missing", "passed"):
            case["outcome"] = "passed" if outcome == "passed" else ("skipped" if outcome == "skipped" else "failed")
            case["message"] = str(item.get("message", ""))
        elif outcome != "passed":
            case["outcome"] = "%s in %s" % ("skipped" if outcome == "skipped" else "error", when)
            case["message"] = str(item.get("message", ""))
    functions = {}
    for nodeid, case in cases.items():
        functions.setdefault(nodeid.split("[", 1)[0], []).append(case)
    return functions, None


def _describe(case):
    lines = case["message"].strip().splitlines()
    # pytest marks the assertion's own lines with "E "; they say more than the final "file:line: Error".
    marked = [line[1:].strip() for line in lines if line.startswith("E ")]
    text = " ".join(marked[:2]) if marked else (lines[-1] if lines else "")
    return "%s%s" % (case["outcome"], (": " + text[:200]) if text else "")


# ---- the launcher (uid 1000) ---------------------------------------------------------------------

def _launch(argv):
    split = argv.index("--")
    options, pytest_args = argv[:split], argv[split + 1:]
    report = options[options.index("--report") + 1]
    nonce = options[options.index("--nonce") + 1]
    out = open(report, "a", encoding="utf-8")
    import pytest

    def emit(**item):
        item["nonce"] = nonce
        out.write(json.dumps(item) + "\n")
        out.flush()

    class Reporter:
        @staticmethod
        def pytest_runtest_logreport(report):
            message = ""
            if report.outcome != "passed":
                message = str(getattr(report, "longreprtext", "") or "")[-600:]
            emit(nodeid=report.nodeid, when=report.when, outcome=report.outcome, message=message)

        @staticmethod
        def pytest_collectreport(report):
            if report.outcome == "failed":
                emit(event="collect-error", nodeid=report.nodeid, message=str(report.longreprtext)[-600:])

    code = pytest.main(pytest_args, plugins=[Reporter()])
    out.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(_launch(sys.argv[1:]))
