#!/usr/bin/python3
"""`copydesk demo`: the whole pipeline on librdkafka's embedded cluster, nothing to set up.

Every input record must come out exactly once on the output topics, with the decisions
`copydesk process` makes on the same feed. The binary comes from $COPYDESK (set by ctest)."""
import json
import os
import signal
import subprocess
import threading
import tempfile
import time
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
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        events_path = Path(tmp.name) / "events.ndjson"
        result = run("demo", "--feed", str(FEED), "--output", str(events_path))
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
        self.assertRegex(err, r"news.raw/0/4 +not_json")
        # The events written out are those of `process`, with Kafka origins.
        demo_events = [json.loads(l) for l in events_path.read_text().splitlines()]
        process_events = [json.loads(l) for l in run("process", "--input", str(FEED)).stdout.splitlines()]
        self.assertEqual(len(demo_events), lines)
        for offset, (d, p) in enumerate(zip(demo_events, process_events)):
            self.assertEqual(d["origin"], {"topic": "news.raw", "partition": 0, "offset": offset})
            d.pop("origin"), p.pop("origin")
            if d["type"] == "rejected":  # their ids name the record's origin
                d.pop("id"), p.pop("id")
            self.assertEqual(d, p)

    def test_follow_keeps_running_until_ctrl_c(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
        process = subprocess.Popen([COPYDESK, "demo", "--follow", "--feed", str(FEED)],
                                   stderr=subprocess.PIPE, env=env, cwd=ROOT)
        lines = len(FEED.read_bytes().splitlines())
        # Once it consumes (start-up takes seconds in a sanitizer build), the feed is done
        # well within 8 s: it is still running then.
        err_lines = []
        reader = threading.Thread(target=lambda: err_lines.extend(process.stderr), daemon=True)
        reader.start()
        deadline = time.time() + 120
        while not any(b"assigned" in line for line in err_lines):
            self.assertLess(time.time(), deadline, b"".join(err_lines).decode())
            time.sleep(0.1)
        time.sleep(8)
        self.assertIsNone(process.poll())
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        reader.join(timeout=10)
        err = b"".join(err_lines).decode()
        self.assertEqual(process.returncode, 0, err)
        self.assertIn(f"copydesk demo: {lines} records", err)
        self.assertIn(f"kafka: {lines} records in news.raw, {lines} out", err)

    def test_a_missing_feed_is_a_usage_error(self):
        result = run("demo", "--feed", "/nonexistent/feed.ndjson")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"--feed /nonexistent/feed.ndjson", result.stderr)


if __name__ == "__main__":
    unittest.main()
