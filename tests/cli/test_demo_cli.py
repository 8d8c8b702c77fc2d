#!/usr/bin/python3
"""`copydesk demo`: the whole pipeline on librdkafka's embedded cluster, nothing to set up.

Every input record must come out exactly once on the output topics, with the decisions
`copydesk process` makes on the same feed. The binary comes from $COPYDESK (set by ctest)."""
import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

COPYDESK = os.environ.get("COPYDESK", "build/release/services/copydesk/copydesk")
ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "config" / "samples" / "feed.ndjson"


def run(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
    return subprocess.run([COPYDESK, *args], capture_output=True, env=env, timeout=240, cwd=ROOT)


class Demo(unittest.TestCase):
    def test_every_record_has_one_outcome_and_the_decisions_of_process(self):
        result = run("demo", "--feed", str(FEED))
        err = result.stderr.decode()
        self.assertEqual(result.returncode, 0, err)
        lines = len(FEED.read_bytes().splitlines())
        self.assertIn(f"kafka: {lines} records in news.raw, {lines} out on news.articles", err)
        self.assertIn("embedded Kafka at 127.0.0.1:", err)
        self.assertIn("kcat -P -b 127.0.0.1:", err)
        # The same dedup line as `copydesk process` on the same feed.
        process = run("process", "--input", str(FEED), "--output", os.devnull)
        dedup = [l for l in process.stderr.decode().splitlines() if l.strip().startswith("dedup:")]
        self.assertEqual(len(dedup), 1)
        self.assertIn(dedup[0], err)
        # Rejects name their Kafka origin instead of a line.
        self.assertIn("news.raw/0/4  not_json", err)

    def test_a_missing_feed_is_a_usage_error(self):
        result = run("demo", "--feed", "/nonexistent/feed.ndjson")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"--feed /nonexistent/feed.ndjson", result.stderr)


if __name__ == "__main__":
    unittest.main()
