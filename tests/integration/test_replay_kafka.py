#!/usr/bin/python3
"""`copydesk replay` against a real Apache Kafka broker (deploy/kafka-local).

Items with timestamps spread over days across 6 partitions; a replay of a time window must
publish exactly the records of that window, once each, processed as `copydesk process`
processes them, leave the live state untouched, and resume after SIGTERM or kill -9 without
losing or repeating a record. `--dry-run` must count what the replay then processes.

Environment (set by ctest): as test_run_kafka.py.
"""
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import unittest
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_run_kafka import (COPYDESK, ROOT, Job, bootstrap, clean_env, make_feed,  # noqa: E402
                            outcomes, scaled, tool)

DAY_MS = 86_400_000


def rfc3339(millis):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(millis // 1000)) + \
        f".{millis % 1000:03d}Z"


class Replay:
    """`copydesk replay` runs for a Job: its topics, its live group's settings."""

    def __init__(self, job, prefix):
        self.job = job
        self.prefix = prefix
        self.outputs = [f"{prefix}.articles", f"{prefix}.duplicates", f"{prefix}.dlq"]

    def args(self, *selection):
        return [COPYDESK, "replay", *selection, "--output-prefix", self.prefix]

    def run(self, *selection, timeout=600):
        result = subprocess.run(self.args(*selection), capture_output=True, timeout=timeout,
                                cwd=ROOT, env=self.job.env("replay"))
        return result.returncode, result.stderr.decode(errors="replace")

    def start(self, *selection):
        """A replay in the background, serving its metrics on a port of its own."""
        self.log = self.job.dir / f"replay-{time.monotonic_ns()}.log"
        with open(self.log, "wb") as out:
            return subprocess.Popen(self.args(*selection), stdout=subprocess.DEVNULL,
                                    stderr=out, cwd=ROOT,
                                    env=self.job.env("replay",
                                                     COPYDESK_METRICS_LISTEN="127.0.0.1:0"))

    def wait_for_commit(self, process):
        """Until the running replay has committed a batch (its metrics say so)."""
        deadline = time.time() + 300
        port = None
        while time.time() < deadline and process.poll() is None:
            if port is None:
                found = re.search(r"on port (\d+)", self.log.read_text(errors="replace"))
                port = found and found.group(1)
            else:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics") as r:
                        text = r.read().decode()
                    if re.search(r'^copydesk_transactions_total\{result="committed"\} [1-9]',
                                 text, re.M):
                        return
                except OSError:
                    pass
            time.sleep(0.05)
        raise AssertionError("the replay committed nothing:\n" + self.log.read_text())

    def committed(self, expect, settle=2, timeout=600):
        out = tool("dump", "--topics", ",".join(self.outputs), "--expect", str(expect),
                   "--settle", str(settle), "--timeout", str(timeout), timeout=timeout + 60)
        return [json.loads(line) for line in out.splitlines()]


def produce_spread(job, feed, start_ms, step_ms):
    tool("produce", "--topic", job.raw, "--file", str(feed), "--timestamp-start", str(start_ms),
         "--timestamp-step", str(step_ms), timeout=600)


def origin_of(line, partitions=6):
    """Where kafka_tool put a line: line i to partition i mod 6, in order."""
    return (line % partitions, line // partitions)


def state_digest(directory):
    digest = hashlib.sha256()
    for path in sorted(Path(directory).rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(directory)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def content(event):
    """What a record was made into, apart from the decisions that depend on what came before."""
    if event["type"] == "rejected":
        return ("rejected", event["rejection"]["reason"])
    item = event["item"]
    return ("accepted", item.get("uri"), item.get("headline"), item.get("body"),
            json.dumps(item.get("subjects")), json.dumps(item.get("places")))


@unittest.skipUnless(bootstrap(), "no broker: run through ctest (fixture kafka) or set "
                     "KAFKA_LOCAL_BOOTSTRAP")
class ReplayOnKafka(unittest.TestCase):
    def test_a_time_window_is_replayed_exactly_and_the_live_state_is_untouched(self):
        """Isolated, then readonly."""
        job = Job(self, "replay-window", partitions=6)
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, 3000, seed=31)
        lines = feed.read_bytes().split(b"\n")[:n]
        # Four days of items, the last a few hours ago.
        step = (3 * DAY_MS + DAY_MS // 2) // n
        start = int(time.time() * 1000) - 4 * DAY_MS
        produce_spread(job, feed, start, step)
        # The live job processes everything into its own state first.
        live = job.start()
        job.committed(expect=n)
        job.stop(live)
        live_state = job.dir / "state-a"
        before = state_digest(live_state)

        window_from, window_to = start + DAY_MS, start + 2 * DAY_MS + DAY_MS // 2
        inside = [i for i in range(n) if window_from <= start + i * step < window_to]
        replay = Replay(job, f"{job.group}.backfill")
        selection = ["--from", rfc3339(window_from), "--to", rfc3339(window_to)]
        code, err = replay.run(*selection, "--dry-run")
        self.assertEqual(code, 0, err)
        planned = int(re.search(r"at most (\d+) records", err).group(1))
        self.assertEqual(planned, len(inside), err)
        self.assertIn("estimated time:", err)

        code, err = replay.run(*selection)
        self.assertEqual(code, 0, err)
        self.assertIn(f"copydesk replay: {len(inside)} records", err)
        found = outcomes(replay.committed(expect=len(inside)))
        # Exactly the window's records, once each.
        self.assertEqual(sorted(found), sorted(origin_of(i) for i in inside))
        self.assertEqual([k for k, events in found.items() if len(events) > 1], [])
        # Each made into what `copydesk process` makes of it.
        window_feed = job.dir / "window.ndjson"
        window_feed.write_bytes(b"\n".join(lines[i] for i in inside) + b"\n")
        processed = subprocess.run([COPYDESK, "process", "--input", str(window_feed), "-q"],
                                   capture_output=True, check=True, cwd=ROOT,
                                   env=clean_env()).stdout.splitlines()
        differ = [i for i, line in zip(inside, processed)
                  if content(found[origin_of(i)][0]) != content(json.loads(line))]
        self.assertEqual(differ[:5], [])
        self.assertEqual(Counter(e[0]["type"] for e in found.values()),
                         Counter(json.loads(line)["type"] for line in processed))
        # A replay of the same window again has nothing left to do.
        code, err = replay.run(*selection)
        self.assertEqual(code, 0, err)
        self.assertIn("copydesk replay: 0 records", err)

        # Readonly: decided against the live job's state, which has seen every item, so each is
        # decided as `process` decides the window's items sent again after all of them: a
        # repeat of the article the live job published (or new, past the dedup horizon).
        readonly = Replay(job, f"{job.group}.readonly")
        code, err = readonly.run(*selection, "--state-mode", "readonly")
        self.assertEqual(code, 0, err)
        self.assertIn("readonly: the state starts as the live job's", err)
        again = outcomes(readonly.committed(expect=len(inside)))
        self.assertEqual(sorted(again), sorted(found))
        resent_feed = job.dir / "resent.ndjson"
        resent_feed.write_bytes(b"\n".join(lines + [lines[i] for i in inside]) + b"\n")
        resent = subprocess.run([COPYDESK, "process", "--input", str(resent_feed), "-q"],
                                capture_output=True, check=True, cwd=ROOT,
                                env=clean_env()).stdout.splitlines()[n:]
        differ = [i for i, line in zip(inside, resent)
                  if again[origin_of(i)][0]["type"] != json.loads(line)["type"]]
        self.assertEqual(differ[:5], [])
        self.assertGreater(Counter(e[0]["type"] for e in again.values())["duplicate"],
                           len(inside) // 2)
        # Neither replay changed the live state.
        self.assertEqual(state_digest(live_state), before)

    def test_an_interrupted_replay_resumes_and_loses_and_repeats_nothing(self):
        job = Job(self, "replay-resume", partitions=6)
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, scaled(6000), seed=37)
        start = int(time.time() * 1000) - 2 * DAY_MS
        produce_spread(job, feed, start, DAY_MS // n)
        replay = Replay(job, f"{job.group}.resume")
        selection = ["--from", rfc3339(start), "--name", "resume-test"]
        # Interrupted twice once it has committed something: SIGTERM (it commits its open
        # batch and leaves), then kill -9 (its open transaction is lost), each resumed.
        logs = ""
        for how in (signal.SIGTERM, signal.SIGKILL):
            process = replay.start(*selection)
            replay.wait_for_commit(process)
            process.send_signal(how)
            process.wait(timeout=120)
            logs += replay.log.read_text(errors="replace")
        code, err = replay.run(*selection)
        self.assertEqual(code, 0, err)
        log = logs + err
        print("\n".join(line for line in log.splitlines()
                        if "replaying" in line or re.match(r"copydesk replay: \d+ records", line)),
              file=sys.stderr)
        found = outcomes(replay.committed(expect=n))
        repeated = [k for k, events in found.items() if len(events) > 1]
        print(f"replay interrupted by SIGTERM and kill -9: {n} items: {n - len(found)} lost, "
              f"{len(repeated)} duplicated", file=sys.stderr)
        self.assertEqual(sorted(found), sorted(origin_of(i) for i in range(n)))
        self.assertEqual(repeated, [])
        self.assertIn("resuming after", log)


if __name__ == "__main__":
    unittest.main()
