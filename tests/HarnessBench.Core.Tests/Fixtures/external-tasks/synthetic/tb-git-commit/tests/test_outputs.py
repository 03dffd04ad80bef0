import subprocess


def git(*args):
    return subprocess.run(["git", "-C", "/app", *args], capture_output=True, text=True).stdout


def test_typo_fixed():
    assert open("/app/greeting.txt").read() == "Hello, world!\n"


def test_fix_committed():
    assert int(git("rev-list", "--count", "HEAD").strip()) == 2
    assert git("status", "--porcelain").strip() == ""
