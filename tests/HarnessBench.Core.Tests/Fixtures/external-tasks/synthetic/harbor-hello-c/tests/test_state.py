import os
import subprocess


def test_binary_prints_hello():
    out = subprocess.run(["/app/hello"], capture_output=True, text=True)
    assert out.stdout == os.environ["GREETING"] + "\n"


class TestSource:
    def test_source_exists(self):
        assert os.path.exists("/app/hello.c")

    def test_notes_kept(self):
        assert open("/app/notes.txt").read().startswith("Compile")
