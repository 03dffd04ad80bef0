# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""hbgrade: the driver side of a HarnessBench grader.

A task's ``tests/test.sh`` runs as root in a fresh grader container and starts a driver built on
this module. The driver never imports, links or executes the agent's code in its own process: every
step that touches the agent's code (building it, running it, asking it questions) runs through
``Grader.agent`` or ``Grader.session`` as uid 1000 with no capabilities, in its own session, with an
OOM score of 1000 and a per-step timeout, and every uid-1000 process is killed when the step ends.
The verdict is the driver's: each check compares what the agent's code *produced* with what the
driver expects (computed here, from the reference solution or from hidden data the agent's uid
cannot read), and the evidence goes to /hbench/evidence, a root-only directory that the host copies
out. Exit codes and output of the agent's processes are data, never the verdict.

The host passes the checks the task declares (``HB_CHECKS``) and the driver's time budget
(``HB_GRADER_BUDGET_MS``, a margin below the container's limit). Steps are clamped to the budget,
so a hanging solution becomes failed checks, not a grader timeout; the worst-case time of every
step is summed into the evidence so that ``hbench tasks validate`` can prove the budget fits.
"""
import glob
import json
import math
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import time

WORKSPACE = "/workspace"          # the graded workspace: seed files + the agent's solution surface
GRADER_DIR = "/hbench/grader"     # the task's tests/ (root-only)
RUNNER_DIR = "/hbench/runner"     # tests/runner/: code that loads the agent's code (world-readable)
LIB_DIR = "/hbench/lib"           # this library and the runner helpers (world-readable)
SEED_DIR = "/hbench/seed"         # the task's seed workspace (root-only)
SOLUTION_DIR = "/hbench/solution" # the task's reference solution (root-only)
EVIDENCE_DIR = "/hbench/evidence" # root-only; copied out by the host after the container exits
PRIVATE_DIR = "/hbench/private"   # the driver's scratch space (root-only)
EVIDENCE_FILE = os.path.join(EVIDENCE_DIR, "evidence.jsonl")

AGENT_UID = 1000
AGENT_GID = 1000
AGENT_HOME = "/tmp/hb-agent-home"
MAX_OUTPUT = 1 << 20
DETAIL_CHARS = 300


class Run:
    """What one agent step did. Its exit code and output are the agent's and prove nothing."""

    def __init__(self, argv, exit_code, signal_number, timed_out, stdout, stderr, seconds, oom):
        self.argv = argv
        self.exit_code = exit_code
        self.signal = signal_number
        self.timed_out = timed_out
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.oom = oom

    @property
    def ok(self):
        return self.exit_code == 0 and not self.timed_out

    def describe(self):
        if self.timed_out:
            return "timed out after %.0f s" % self.seconds
        if self.oom:
            return "killed at the memory limit (out of memory)"
        if self.signal is not None:
            return "killed by %s" % _signal_name(self.signal)
        return "exited %d" % self.exit_code

    def tail(self, chars=800):
        text = (self.stderr or "") + (self.stdout or "")
        return text[-chars:]


class Broken:
    """An answer the runner never gave (it crashed, hung, or spoke garbage). Compares unequal to everything."""

    def __init__(self, reason):
        self.reason = reason

    def __repr__(self):
        return "<no answer: %s>" % self.reason


class Grader:
    """The evidence of one grading run. Create exactly one, record checks, end with finish()."""

    def __init__(self):
        if os.geteuid() != 0:
            _die("hbgrade: the driver must run as root (it runs the agent's code as uid %d)" % AGENT_UID)
        self.declared = int(os.environ.get("HB_CHECKS", "0") or 0)
        budget_ms = int(os.environ.get("HB_GRADER_BUDGET_MS", "120000") or 120000)
        self._deadline = time.monotonic() + budget_ms / 1000.0
        self._budget_worst_ms = 0
        self._checks = {}
        self._passed = 0
        self._agent_code_ran = False
        for path in (EVIDENCE_DIR, PRIVATE_DIR):
            os.makedirs(path, mode=0o700, exist_ok=True)
            os.chmod(path, 0o700)
        os.makedirs(AGENT_HOME, exist_ok=True)
        os.chown(AGENT_HOME, AGENT_UID, AGENT_GID)
        self._evidence = open(EVIDENCE_FILE, "a", encoding="utf-8")
        self._write({"event": "start", "declared": self.declared, "budget_ms": budget_ms})
        self._sessions = []

    # ---- checks -------------------------------------------------------------------------------

    def check(self, name, passed, detail=""):
        """Records one check. Names are unique; the count of checks is compared with task.yaml's."""
        if name in self._checks:
            raise ValueError("hbgrade: check %r recorded twice" % name)
        passed = bool(passed)
        self._checks[name] = passed
        self._passed += passed
        self._write({"event": "check", "name": name, "passed": passed, "detail": _short(detail)})
        print("%s %s%s" % ("PASS" if passed else "FAIL", name, "" if passed or not detail else ": " + _short(detail)), flush=True)
        return passed

    def same(self, name, got, expected, close=None):
        """A check that the agent's answer equals the expected one (or is close, for floats).

        ``got`` is what a session call returned (a Broken when there was no answer). Failure details
        show what the agent produced, never the hidden expected value."""
        if isinstance(got, Broken):
            return self.check(name, False, got.reason)
        if isinstance(expected, Broken):
            self.fault("hbgrade: the expected value of %r could not be computed: %s" % (name, expected.reason))
        ok = _close(got, expected, close) if close else got == expected
        return self.check(name, ok, "" if ok else "got " + _short(json.dumps(got, default=repr)))

    def abort(self, reason):
        """Ends grading early (e.g. the agent's code does not build): the checks not run count as failed."""
        self._finish(reason)

    def finish(self):
        self._finish(None)

    def _finish(self, reason):
        for session in list(self._sessions):
            session.close()
        kill_agent_processes()
        event = {"event": "finish", "checks": len(self._checks), "passed": self._passed,
                 "declared": self.declared, "budget_worst_ms": self._budget_worst_ms}
        if reason:
            event["reason"] = _short(reason)
        self._write(event)
        self._evidence.close()
        summary = "%d/%d checks passed" % (self._passed, self.declared or len(self._checks))
        print(summary + (" (%s)" % _short(reason) if reason else ""), flush=True)
        sys.exit(0)

    def fault(self, message):
        """A fault of the grader itself (its own step failed): recorded as such; the host reports grader-error."""
        self._write({"event": "grader-fault", "reason": _short(message)})
        _die(message)

    # ---- running the agent's code -------------------------------------------------------------

    def agent(self, argv, timeout, cwd=WORKSPACE, stdin=None, env=None):
        """Runs argv as the agent's uid (for building or running the agent's code) and returns a Run."""
        self._agent_started(argv)
        limit = self._clamp(timeout)
        started = time.monotonic()
        oom_before = _oom_kills()
        proc = subprocess.Popen(argv, cwd=cwd, env=agent_env(env), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_drop_to_agent,
                                start_new_session=True)
        out, err, timed_out = _pump(proc, stdin, limit)
        code = proc.wait()
        seconds = time.monotonic() - started
        sig = -code if code is not None and code < 0 else None
        return Run(argv, None if sig is not None or timed_out else code, sig, timed_out, out, err, seconds,
                   oom=sig == signal.SIGKILL and not timed_out and _oom_kills() > oom_before)

    def trusted(self, argv, timeout, cwd=PRIVATE_DIR, stdin=None, env=None):
        """Runs grader-owned code (the reference build, hidden data generators) as root. Never the agent's code."""
        self._spend(timeout)
        if any(str(a).startswith(WORKSPACE) for a in argv) or str(cwd).startswith(WORKSPACE):
            self.fault("hbgrade: trusted() must not touch %s: the agent's files run through agent()" % WORKSPACE)
        try:
            result = subprocess.run(argv, cwd=cwd, env=env or trusted_env(), input=stdin, capture_output=True,
                                    timeout=max(0.05, min(timeout, self._remaining())), text=True)
        except subprocess.TimeoutExpired:
            self.fault("hbgrade: the grader's own step %s did not finish within %g s" % (argv, timeout))
        if result.returncode != 0:
            self.fault("hbgrade: the grader's own step %s failed (exit %d):\n%s" % (argv, result.returncode, result.stderr[-2000:]))
        return result.stdout

    def trusted_answers(self, argv, requests, timeout, cwd=PRIVATE_DIR, env=None):
        """Runs a runner over the REFERENCE code as root (trusted) with all requests at once.

        Returns the answers in request order, shaped like Session.ask's. The same runner the agent's
        code is asked through, pointed at the reference build (e.g. by argv or env), gives the
        expected answers: a differential grader without a second implementation."""
        nonces = [secrets.token_hex(6) for _ in requests]
        out = self.trusted(argv, timeout, cwd=cwd, stdin=b"".join(_request(n, r) for n, r in zip(nonces, requests)).decode(), env=env)
        found = {}
        for line in out.splitlines():
            if line.startswith("@"):
                key, _, text = line[1:].partition(" ")
                if key.isdigit() and 1 <= int(key) <= len(requests) and int(key) not in found:
                    nonce, _, text = text.partition(" ")
                    if nonce == nonces[int(key) - 1]:
                        found[int(key)] = text
        missing = [i for i in range(1, len(requests) + 1) if i not in found]
        if missing:
            self.fault("hbgrade: the reference runner %s gave no answer to request(s) %s" % (argv, missing[:5]))
        return [found[i] for i in range(1, len(requests) + 1)]

    def session(self, argv, startup_timeout=30, call_timeout=10, cwd=WORKSPACE, env=None, max_restarts=2):
        """A long-lived runner process as the agent's uid: one request line in ('<nonce> <request>'), one
        '@<n> <nonce> <answer>' line out; ask() and call() deal with the numbering and the nonce.

        A crash, hang or garbage answer fails that call only; the runner is restarted for the next call
        (at most max_restarts times, then every further call fails)."""
        session = Session(self, argv, startup_timeout, call_timeout, cwd, env, max_restarts)
        self._sessions.append(session)
        return session

    def python_session(self, runner, **kwargs):
        """A session running /hbench/runner/<runner> with the image's python3 in isolated mode."""
        return self.session(["python3", "-I", os.path.join(RUNNER_DIR, runner)], **kwargs)

    # ---- the reference side --------------------------------------------------------------------

    def reference_dir(self, name="reference"):
        """A root-only copy of the seed workspace with the reference solution laid over it."""
        target = os.path.join(PRIVATE_DIR, name)
        if not os.path.isdir(target):
            shutil.copytree(SEED_DIR, target, symlinks=True)
            shutil.copytree(SOLUTION_DIR, target, symlinks=True, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("solve.sh"))
        return target

    def reference_module(self, name):
        """Imports the reference solution's module in the driver (trusted code; the agent's is never imported here)."""
        import importlib
        path = self.reference_dir()
        sys.path.insert(0, path)
        try:
            return importlib.import_module(name)
        finally:
            sys.path.remove(path)

    def runner_module(self, name):
        """Imports a module from /hbench/runner into the driver (e.g. the handlers a runner serves)."""
        import importlib
        if RUNNER_DIR not in sys.path:
            sys.path.insert(0, RUNNER_DIR)
        return importlib.import_module(name)

    # ---- internals -----------------------------------------------------------------------------

    def _agent_started(self, argv):
        if not self._agent_code_ran:
            self._agent_code_ran = True
            self._write({"event": "agent-code", "argv": [str(a) for a in argv][:8]})

    def _spend(self, seconds):
        self._budget_worst_ms += int(seconds * 1000)

    def _clamp(self, seconds):
        """The time a step may take: its own limit, cut to what is left of the driver's budget."""
        self._spend(seconds)
        return max(0.05, min(seconds, self._deadline - time.monotonic()))

    def _remaining(self):
        return self._deadline - time.monotonic()

    def _write(self, event):
        self._evidence.write(json.dumps(event, ensure_ascii=False) + "\n")
        self._evidence.flush()


class Session:
    """See Grader.session."""

    def __init__(self, grader, argv, startup_timeout, call_timeout, cwd, env, max_restarts):
        self._g = grader
        self._argv = argv
        self._startup = startup_timeout
        self._call_timeout = call_timeout
        self._cwd = cwd
        self._env = env
        self._restarts_left = max_restarts
        self._proc = None
        self._sel = None
        self._buffer = b""
        self._stderr = b""
        self._seq = 0
        self._oom_before = 0
        self._given_up = None
        self._g._spend(startup_timeout * (1 + max_restarts))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def ask(self, line, timeout=None):
        """Sends one request line; returns the answer text, or a Broken."""
        timeout = self._call_timeout if timeout is None else timeout
        self._g._spend(timeout)
        if self._given_up:
            return Broken(self._given_up)
        if self._g._remaining() <= 0:
            return Broken("the grader's time budget ran out before this check")
        if self._proc is None:
            broken = self._start()
            if broken:
                return broken
        self._seq += 1
        seq = self._seq
        nonce = secrets.token_hex(6)
        deadline = time.monotonic() + max(0.05, min(timeout, self._g._remaining()))
        if not _write_all(self._proc.stdin.fileno(), _request(nonce, line), deadline):
            return self._lost("the runner did not read its input within %g s" % timeout)
        answer = self._read_answer(seq, deadline, nonce)
        if isinstance(answer, Broken) and answer.reason == "timeout":
            return self._lost("no answer within %g s" % timeout)
        return answer

    def call(self, op, *args, timeout=None):
        """A JSON request [op, *args]; returns the decoded answer ({"ok": v} or {"raise": type}) or a Broken."""
        text = self.ask(json.dumps([op] + list(args)), timeout)
        if isinstance(text, Broken):
            return text
        try:
            return json.loads(text)
        except ValueError:
            return Broken("the runner's answer is not JSON: " + _short(text))

    def close(self):
        if self._proc is not None:
            kill_agent_processes()
            self._proc.wait()
            self._proc = None
        if self in self._g._sessions:
            self._g._sessions.remove(self)

    def _start(self):
        self._g._agent_started(self._argv)
        self._proc = subprocess.Popen(self._argv, cwd=self._cwd, env=agent_env(self._env), stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_drop_to_agent,
                                      start_new_session=True)
        os.set_blocking(self._proc.stdin.fileno(), False)
        self._oom_before = _oom_kills()
        self._sel = selectors.DefaultSelector()
        self._sel.register(self._proc.stdout, selectors.EVENT_READ, "out")
        self._sel.register(self._proc.stderr, selectors.EVENT_READ, "err")
        self._buffer = b""
        self._stderr = b""
        self._seq = 0
        # The runner says "@0 ready" once the agent's code is loaded: start-up has its own limit.
        ready = self._read_answer(0, time.monotonic() + max(0.05, min(self._startup, self._g._remaining())))
        if isinstance(ready, Broken):
            if self._proc is None:  # it died and was counted as lost already
                return Broken("the runner did not start: " + ready.reason)
            reason = "no answer within %g s" % self._startup if ready.reason == "timeout" else ready.reason
            return self._lost("the runner did not start: " + reason)
        return None

    def _read_answer(self, seq, deadline, nonce=None):
        # The request's nonce must come back: a line printed before the request existed (a constructor,
        # a child forked at load time) cannot be its answer.
        prefix = b"@%d " % seq + (nonce.encode() + b" " if nonce else b"")
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                if line.startswith(prefix):
                    return line[len(prefix):].decode("utf-8", "replace")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return Broken("timeout")
            events = self._sel.select(remaining)
            for key, _ in events:
                chunk = os.read(key.fileobj.fileno(), 65536)
                if key.data == "out":
                    if not chunk:
                        return self._lost(self._exit_reason())
                    self._buffer = (self._buffer + chunk)[-MAX_OUTPUT:]
                else:
                    if not chunk:
                        self._sel.unregister(key.fileobj)
                    self._stderr = (self._stderr + chunk)[-8192:]

    def _exit_reason(self):
        code = self._proc.wait()
        what = "killed by %s" % _signal_name(-code) if code < 0 else "exited %d" % code
        if code == -signal.SIGKILL and _oom_kills() > self._oom_before:
            what = "was killed at the memory limit (out of memory)"
        tail = self._stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if self._stderr else []
        return "the runner %s before answering%s" % (what, (": " + _short(tail[0])) if tail else "")

    def _lost(self, reason):
        """The runner is gone or useless: kill it (and everything of the agent's uid), restart it next time."""
        if self._proc is not None:
            kill_agent_processes()
            self._proc.wait()
            self._sel.close()
            self._proc = None
        if self._restarts_left <= 0:
            self._given_up = "the runner failed too often; last: " + reason
        self._restarts_left -= 1
        return Broken(reason)


# ---- helpers ------------------------------------------------------------------------------------

def _request(nonce, line):
    """One request on the wire: '<nonce> <line>\n'; the runner answers '@<n> <nonce> <answer>'."""
    return ("%s %s\n" % (nonce, line.replace("\n", " "))).encode()


def _write_all(fd, data, deadline):
    """Writes data to a non-blocking pipe before the deadline; False when the reader never took it."""
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_WRITE)
        while data:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not sel.select(remaining):
                return False
            try:
                data = data[os.write(fd, data[:65536]):]
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                return False
    return True


def agent_env(extra=None):
    env = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": AGENT_HOME,
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "PYTHONDONTWRITEBYTECODE": "1",
        "CARGO_HOME": "/tmp/hb-cargo-home",
    }
    env.update(extra or {})
    return env


def trusted_env(extra=None):
    """The environment of trusted (root) steps: like the agent's, with homes in the private directory."""
    env = agent_env({"HOME": PRIVATE_DIR, "CARGO_HOME": os.path.join(PRIVATE_DIR, "cargo-home")})
    env.update(extra or {})
    return env


def _drop_to_agent():
    """In the child, before exec: first to be killed at the memory limit, no core files, then uid 1000."""
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    import resource
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 << 20, 256 << 20))
    os.setgroups([])
    os.setgid(AGENT_GID)
    os.setuid(AGENT_UID)


def agent_pids():
    pids = []
    for path in glob.glob("/proc/[0-9]*/status"):
        try:
            with open(path) as f:
                status = f.read()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        uids = fields.get("Uid", "").split()
        if AGENT_UID in {int(u) for u in uids} and not fields.get("State", "").strip().startswith("Z"):
            pids.append(int(path.split("/")[2]))
    return pids


def kill_agent_processes():
    """SIGKILLs every process of the agent's uid, fork bombs included, until none is left.

    Each round: a helper that drops to the agent's uid sends kill(-1) (every process of that uid at
    once), then the driver freezes whatever it still finds (SIGSTOP, re-listing until no new process
    appears: a stopped process cannot fork, and no pid is freed for the bomb to refill) and kills the
    frozen set."""
    for _ in range(400):
        if not agent_pids():
            return
        _kill_all_as_agent()
        frozen = set()
        for _ in range(50):
            fresh = set(agent_pids()) - frozen
            if not fresh:
                break
            _signal_all(fresh, signal.SIGSTOP)
            frozen |= fresh
        _signal_all(frozen, signal.SIGKILL)
        time.sleep(0.01)
    # Not a grader fault: the agent's code outran the killer. No finish event, so the host fails the cell.
    _die("hbgrade: could not stop the agent's processes (they kept forking)")


def _signal_all(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _kill_all_as_agent():
    try:
        pid = os.fork()
    except OSError:  # no pid left for the helper: the driver's own loop carries on
        return
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(AGENT_GID)
            os.setuid(AGENT_UID)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _pump(proc, stdin, timeout):
    """Feeds stdin and collects stdout/stderr (capped) until the process exits or the timeout.

    Returns (out, err, timed_out). Output still arriving half a second after the process exited is
    dropped: a background child holding the pipes open cannot stretch the step."""
    sel = selectors.DefaultSelector()
    buffers = {proc.stdout: b"", proc.stderr: b""}
    sel.register(proc.stdout, selectors.EVENT_READ)
    sel.register(proc.stderr, selectors.EVENT_READ)
    pending = (stdin.encode() if isinstance(stdin, str) else stdin) or b""
    if pending:
        os.set_blocking(proc.stdin.fileno(), False)
        sel.register(proc.stdin, selectors.EVENT_WRITE)
    else:
        proc.stdin.close()
    deadline = time.monotonic() + timeout
    exited_at = None
    timed_out = False
    while True:
        now = time.monotonic()
        if exited_at is None and proc.poll() is not None:
            exited_at = now
        if exited_at is not None and (not sel.get_map() or now - exited_at > 0.5):
            break
        if now >= deadline:
            timed_out = exited_at is None
            break
        wait = min(deadline - now, 0.1)
        if not sel.get_map():
            time.sleep(wait)
            continue
        for key, _ in sel.select(wait):
            if key.fileobj is proc.stdin:
                try:
                    pending = pending[os.write(proc.stdin.fileno(), pending[:65536]):]
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    pending = b""
                if not pending:
                    sel.unregister(proc.stdin)
                    proc.stdin.close()
                continue
            chunk = os.read(key.fileobj.fileno(), 65536)
            if not chunk:
                sel.unregister(key.fileobj)
            elif len(buffers[key.fileobj]) < MAX_OUTPUT:
                buffers[key.fileobj] += chunk[:MAX_OUTPUT - len(buffers[key.fileobj])]
    sel.close()
    kill_agent_processes()
    return (buffers[proc.stdout].decode("utf-8", "replace"), buffers[proc.stderr].decode("utf-8", "replace"), timed_out)


def _oom_kills():
    """The container's OOM-kill counter (cgroup v1 or v2), or 0 where it cannot be read."""
    for path, key in (("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill"), ("/sys/fs/cgroup/memory.events", "oom_kill")):
        try:
            with open(path) as f:
                for line in f:
                    name, _, value = line.partition(" ")
                    if name == key:
                        return int(value)
        except OSError:
            continue
    return 0


def expect(handlers, op, *args):
    """Computes an expected answer in the driver, shaped like a runner's ({"ok": v} or {"raise": type})."""
    from hbdata import plain
    try:
        value = handlers[op](*args)
    except Exception as exc:  # the reference raising is an expected answer too
        return {"raise": type(exc).__name__}
    return {"ok": json.loads(json.dumps(plain(value), allow_nan=True))}


def raised(answer):
    """Only the exception type of a runner's {"raise": ...} answer counts (messages are free-form)."""
    if isinstance(answer, dict) and "raise" in answer:
        return {"raise": answer["raise"]}
    return answer


def _close(got, expected, tolerance):
    rel, absolute = tolerance
    if isinstance(got, dict) and isinstance(expected, dict):
        return got.keys() == expected.keys() and all(_close(got[k], expected[k], tolerance) for k in got)
    if isinstance(got, list) and isinstance(expected, list):
        return len(got) == len(expected) and all(_close(a, b, tolerance) for a, b in zip(got, expected))
    if isinstance(got, bool) or isinstance(expected, bool):
        return got == expected
    if isinstance(got, (int, float)) and isinstance(expected, (int, float)):
        if math.isnan(expected):
            return isinstance(got, float) and math.isnan(got)
        return math.isclose(got, expected, rel_tol=rel, abs_tol=absolute)
    return got == expected


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return "signal %d" % number


def _short(text):
    text = str(text)
    return text if len(text) <= DETAIL_CHARS else text[:DETAIL_CHARS] + "..."


def _die(message):
    """Stops the driver without a finish event: the host fails the cell (or reports a grader error when
    no agent code had run yet, or a grader-fault event says the grader's own step broke)."""
    print(message, file=sys.stderr, flush=True)
    sys.exit(3)
