import subprocess


def test_mean():
    out = subprocess.run(["python", "/app/summary.py"], capture_output=True, text=True, cwd="/app")
    assert out.stdout.strip() == "2.33"
