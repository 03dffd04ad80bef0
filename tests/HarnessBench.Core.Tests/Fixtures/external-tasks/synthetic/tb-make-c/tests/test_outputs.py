import subprocess

import pytest


@pytest.fixture(scope="module", autouse=True)
def build():
    subprocess.run(["make", "-C", "/app", "-B"], check=True, capture_output=True)


@pytest.mark.parametrize("args,total", [(["1", "2"], "3"), (["-5", "5", "7"], "7"), ([], "0")])
def test_sum(args, total):
    out = subprocess.run(["/app/sum", *args], capture_output=True, text=True).stdout.strip()
    assert out == total
