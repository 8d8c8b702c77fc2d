#!/usr/bin/python3
"""Long work shows a live progress line on a terminal, and nothing of it elsewhere.

`copydesk process` and `copydesk demo` run under a pseudo-terminal (Python's pty), then with
standard error on a pipe. The binary comes from $COPYDESK (set by ctest)."""
import os
import pty
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

COPYDESK = os.environ.get("COPYDESK", "build/release/services/copydesk/copydesk")
ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "config" / "samples" / "feed.ndjson"


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}


def on_terminal(*args):
    """What the command writes on a terminal (stdout and stderr), and its exit status."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its standard streams are the terminal
        os.chdir(ROOT)
        os.execve(COPYDESK, [COPYDESK, *args], clean_env())
    out = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # the terminal closed with the child
            break
        if not data:
            break
        out += data
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return out.decode(errors="replace"), os.waitstatus_to_exitcode(status)


class ProgressLine(unittest.TestCase):
    def test_process_shows_records_rate_share_and_time_left_of_a_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / "feed.ndjson"
            feed.write_bytes(FEED.read_bytes() * 40)
            out, code = on_terminal("process", "--input", str(feed), "--output", os.devnull)
            self.assertEqual(code, 0, out)
            size = feed.stat().st_size / 1e6
            self.assertRegex(out, r"\rcopydesk process: [\d,]+ records, [\d,]+/s, "
                                  rf"[\d.]+ of {size:.1f} MB \(\d+%\), \d+:\d\d left")
            # The summary starts on a line of its own.
            self.assertRegex(out, r"left\x1b\[K\r?\ncopydesk process: \d+ records")
            # Off a terminal: the summary only.
            piped = subprocess.run([COPYDESK, "process", "--input", str(feed), "--output",
                                    os.devnull], capture_output=True, env=clean_env(), cwd=ROOT)
            self.assertNotIn(b"\r", piped.stderr)
            self.assertNotIn(b"left", piped.stderr)

    def test_demo_counts_towards_its_feed(self):
        out, code = on_terminal("demo", "--feed", str(FEED))
        self.assertEqual(code, 0, out)
        lines = len(FEED.read_bytes().splitlines())
        self.assertRegex(out, rf"\rcopydesk demo: [\d,]+ of {lines} records, [\d,]+/s \(\d+%\)")
        self.assertRegex(out, r"\d+ duplicates, \d+ updates, \d+ rejected")


if __name__ == "__main__":
    unittest.main()
