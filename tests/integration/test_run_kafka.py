#!/usr/bin/python3
"""`copydesk run` against a real Apache Kafka broker (deploy/kafka-local).

Each test works in topics of its own on the broker the ctest fixture started, and compares
what `copydesk run` committed (read with read_committed) with what `copydesk process` makes of
the same feed: every raw record has exactly one outcome, with the same decisions.

Environment (set by ctest): COPYDESK, WIREGEN, KAFKA_TOOL, KAFKA_LOCAL (the script),
KAFKA_LOCAL_STATE (its --state-dir), CRASH_ITEMS and CRASH_KILLS (the crash test's size), SCALE
(a factor on the size of the larger scenarios).
"""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPYDESK = os.environ.get("COPYDESK", "build/release/services/copydesk/copydesk")
WIREGEN = os.environ.get("WIREGEN", "build/release/services/wiregen/wiregen")
KAFKA_TOOL = os.environ.get("KAFKA_TOOL", "build/release/tests/integration/kafka_tool")
KAFKA_LOCAL = os.environ.get("KAFKA_LOCAL", str(ROOT / "deploy/kafka-local/kafka-local"))
KAFKA_STATE = os.environ.get("KAFKA_LOCAL_STATE", "")
CRASH_ITEMS = int(os.environ.get("CRASH_ITEMS", "50000"))
CRASH_KILLS = int(os.environ.get("CRASH_KILLS", "20"))
# The sanitizer build runs the larger scenarios smaller (it is several times slower).
SCALE = float(os.environ.get("SCALE", "1"))


def scaled(items):
    return max(1000, int(items * SCALE))
SAMPLE_FEED = ROOT / "config" / "samples" / "feed.ndjson"


def bootstrap():
    if os.environ.get("KAFKA_LOCAL_BOOTSTRAP"):
        return os.environ["KAFKA_LOCAL_BOOTSTRAP"]
    path = Path(KAFKA_STATE) / "bootstrap"
    return path.read_text().strip() if KAFKA_STATE and path.exists() else ""


def tool(*args, timeout=600):
    result = subprocess.run([KAFKA_TOOL, *args, "--brokers", bootstrap()], capture_output=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"kafka_tool {' '.join(args)}: {result.stderr.decode()}")
    return result.stdout.decode()


def make_feed(path, items, seed, item_bytes=1500):
    """wiregen's items (republished copies, re-sends, edits of 42 templates) with the sample
    feed's broken records mixed in."""
    generated = subprocess.run([WIREGEN, "-n", str(items), "--seed", str(seed), "--item-bytes",
                                str(item_bytes)], capture_output=True, check=True, cwd=ROOT).stdout
    lines = generated.splitlines()
    process = subprocess.run([COPYDESK, "process", "--input", str(SAMPLE_FEED), "-q"],
                             capture_output=True, check=True, cwd=ROOT, env=clean_env())
    samples = SAMPLE_FEED.read_bytes().splitlines()
    broken = [samples[i] for i, line in enumerate(process.stdout.splitlines())
              if json.loads(line)["type"] == "rejected" and samples[i]]
    rng = random.Random(seed)
    for line in broken * max(1, items // 2000):
        lines.insert(rng.randrange(len(lines) + 1), line)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return len(lines)


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
    env.update(extra)
    return env


def reference(feed):
    """`copydesk process` on the feed: the events a run without Kafka or crashes makes."""
    out = subprocess.run([COPYDESK, "process", "--input", str(feed), "-q"], capture_output=True,
                         check=True, cwd=ROOT, env=clean_env()).stdout
    return [json.loads(line) for line in out.splitlines()]


def decision(event):
    """What must not change between runs: type, ids, story and dedup decision."""
    if event["type"] == "rejected":
        return ("rejected", event["rejection"]["reason"])
    dedup = event.get("dedup", {})
    return (event["type"], event["id"], event["story"]["id"], event["story"]["size"],
            dedup.get("status"), dedup.get("of"), event["item"].get("version"))


class Job:
    """Topics, a group and the command line of one `copydesk run` job."""

    def __init__(self, test, name, partitions=1):
        stamp = f"{name}-{os.getpid()}-{int(time.time() * 1000)}"
        self.raw = f"{stamp}.raw"
        self.outputs = [f"{stamp}.articles", f"{stamp}.duplicates", f"{stamp}.dlq"]
        self.group = stamp
        self.partitions = partitions
        self.tmp = tempfile.TemporaryDirectory()
        test.addCleanup(self.tmp.cleanup)
        self.dir = Path(self.tmp.name)
        tool("create", "--topic", self.raw, "--partitions", str(partitions))

    def env(self, instance, **extra):
        settings = dict(
            COPYDESK_KAFKA_BROKERS=bootstrap(),
            COPYDESK_KAFKA_GROUP=self.group,
            COPYDESK_KAFKA_INPUT_TOPICS=self.raw,
            COPYDESK_KAFKA_ARTICLES_TOPIC=self.outputs[0],
            COPYDESK_KAFKA_DUPLICATES_TOPIC=self.outputs[1],
            COPYDESK_KAFKA_DEAD_LETTER_TOPIC=self.outputs[2],
            COPYDESK_KAFKA_CREATE_TOPICS="true",
            COPYDESK_KAFKA_TOPIC_PARTITIONS="3",
            COPYDESK_KAFKA_TRANSACTIONAL_ID=f"{self.group}-{instance}",
            COPYDESK_KAFKA_PROPERTIES_SESSION_TIMEOUT_MS="10000")
        settings.update(extra)
        return clean_env(**settings)

    def start(self, instance="a", **extra):
        with open(self.dir / f"run-{instance}.log", "ab") as log:
            return subprocess.Popen(
                [COPYDESK, "run", "--state", str(self.dir / f"state-{instance}")],
                stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT, env=self.env(instance, **extra))

    def log(self, instance="a"):
        return (self.dir / f"run-{instance}.log").read_text(errors="replace")

    def produce(self, feed):
        tool("produce", "--topic", self.raw, "--file", str(feed))

    def committed(self, expect, settle=2, timeout=600, isolation="read_committed"):
        out = tool("dump", "--topics", ",".join(self.outputs), "--isolation", isolation,
                   "--expect", str(expect), "--settle", str(settle), "--timeout", str(timeout),
                   timeout=timeout + 60)
        return [json.loads(line) for line in out.splitlines()]

    def stop(self, process, instance="a"):
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
        if code != 0:
            raise AssertionError(f"copydesk run exited {code}:\n{self.log(instance)[-3000:]}")


def outcomes(records):
    """(partition, offset) of the raw record -> the list of its outcomes found."""
    found = {}
    for r in records:
        if r["topic"].endswith(".dlq"):
            _, partition, offset = r["headers"]["copydesk.origin"].rsplit("/", 2)
            event = {"type": "rejected", "rejection": {"reason": r["headers"]["copydesk.reason"]}}
        else:
            event = json.loads(r["value"])
            partition, offset = event["origin"]["partition"], event["origin"]["offset"]
        found.setdefault((int(partition), int(offset)), []).append(event)
    return found


@unittest.skipUnless(bootstrap(), "no broker: run through ctest (fixture kafka) or set "
                     "KAFKA_LOCAL_BOOTSTRAP")
class RunOnKafka(unittest.TestCase):
    def check_against_reference(self, found, expected, label):
        """One outcome per raw record (single raw partition), each as `process` decided it."""
        lost = [o for o in range(len(expected)) if (0, o) not in found]
        repeated = [key for key, events in found.items() if len(events) > 1]
        strays = [key for key in found if key[0] != 0 or key[1] >= len(expected)]
        print(f"{label}: {len(expected)} items: {len(lost)} lost, {len(repeated)} duplicated",
              file=sys.stderr)
        self.assertEqual((lost[:5], repeated[:5], strays[:5]), ([], [], []))
        differ = [o for o in range(len(expected))
                  if decision(found[(0, o)][0]) != decision(expected[o])]
        self.assertEqual(differ[:5], [], differ[:1] and
                         f"{decision(found[(0, differ[0])][0])} != {decision(expected[differ[0]])}")

    def test_every_record_has_one_outcome_as_process_decides(self):
        job = Job(self, "conserve")
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, 3000, seed=11)
        job.produce(feed)
        process = job.start()
        found = outcomes(job.committed(expect=n))
        job.stop(process)
        self.check_against_reference(found, reference(feed), "conservation")
        self.assertIn(f"copydesk run: {n} records", job.log())
        # A restart resumes after the committed offsets: nothing is done twice.
        process = job.start()
        time.sleep(3)
        job.stop(process)
        self.assertIn("copydesk run: 0 records", job.log())
        self.assertEqual(len(job.committed(expect=n, settle=1)), n)

    def test_at_least_once_without_a_crash_gives_the_same_outcomes(self):
        job = Job(self, "alo")
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, 2000, seed=17)
        job.produce(feed)
        process = job.start(COPYDESK_KAFKA_DELIVERY="at_least_once")
        found = outcomes(job.committed(expect=n))
        job.stop(process)
        self.check_against_reference(found, reference(feed), "at least once")

    def test_missing_topics_are_named_unless_copydesk_may_create_them(self):
        job = Job(self, "missing")
        process = subprocess.run(
            [COPYDESK, "run"], capture_output=True, timeout=120, cwd=ROOT,
            env=job.env("a", COPYDESK_KAFKA_CREATE_TOPICS="false"))
        self.assertEqual(process.returncode, 2, process.stderr)
        err = process.stderr.decode()
        self.assertIn(job.outputs[0], err)
        self.assertIn("kafka.create_topics: true", err)

    def test_a_corrupted_state_is_set_aside_and_rebuilt_from_the_changelog(self):
        job = Job(self, "corrupt")
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, 2000, seed=13)
        half = feed.read_bytes().splitlines(keepends=True)
        first, second = job.dir / "first.ndjson", job.dir / "second.ndjson"
        first.write_bytes(b"".join(half[:n // 2]))
        second.write_bytes(b"".join(half[n // 2:]))
        job.produce(first)
        process = job.start()
        job.committed(expect=n // 2, settle=0)
        job.stop(process)
        # Into table files (compaction flushes the memtable), then damage the largest one.
        state = job.dir / "state-a"
        subprocess.run([COPYDESK, "state", "compact", "--state", str(state)], check=True,
                       capture_output=True, env=clean_env())
        table = max(state.glob("*.sst"), key=lambda p: p.stat().st_size)
        data = bytearray(table.read_bytes())
        for i in range(len(data) // 3, len(data) // 3 + 64):
            data[i] ^= 0xFF
        table.write_bytes(bytes(data))
        job.produce(second)
        process = job.start()
        found = outcomes(job.committed(expect=n))
        job.stop(process)
        self.assertIn("is corrupted", job.log())
        self.assertIn("rebuilding it from the changelog", job.log())
        self.assertEqual(len(list(job.dir.glob("state-a.corrupt-*"))), 1)
        # The second half is decided as if nothing had happened.
        self.check_against_reference(found, reference(feed), "corrupted state")

    def test_kill_9_at_random_moments_loses_and_repeats_nothing(self):
        job = Job(self, "crash")
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, CRASH_ITEMS, seed=7, item_bytes=1024)
        expected = reference(feed)
        job.produce(feed)
        rng = random.Random(20261129)
        # A restarted instance takes its place in the group at once (static membership).
        static = {"COPYDESK_KAFKA_PROPERTIES_GROUP_INSTANCE_ID": f"{job.group}-a"}
        process = job.start(**static)
        for kill in range(CRASH_KILLS):
            # At a random moment once this incarnation has its partitions (a slow build can
            # take seconds to get there, and a kill before would interrupt nothing).
            deadline = time.time() + 60
            while job.log().count("assigned") <= kill and time.time() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.2, 1.5))
            process.kill()  # SIGKILL: no chance to finish anything
            process.wait()
            process = job.start(**static)
        found = outcomes(job.committed(expect=n))
        job.stop(process)
        self.check_against_reference(found, expected, f"crash: {CRASH_KILLS} kills")
        # The kills did interrupt transactions: their records are visible uncommitted only.
        aborted = int(tool("aborted", "--topics", ",".join(job.outputs)).strip())
        print(f"crash: {aborted} output records of aborted transactions", file=sys.stderr)
        # The sanitizer build's smaller run (a few kills, each record ten times slower to
        # process, so a kill rarely finds records sent and not yet committed) checks memory
        # safety; the full run must show the kills cutting transactions short.
        if CRASH_KILLS >= 20:
            self.assertGreater(aborted, 0)

    def test_a_broker_restart_loses_and_repeats_nothing(self):
        if not KAFKA_STATE:
            self.skipTest("needs KAFKA_LOCAL_STATE (the broker's kafka-local --state-dir)")
        job = Job(self, "restart")
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, scaled(8000), seed=5, item_bytes=1024)
        job.produce(feed)
        process = job.start()
        # Mid-run: once the job has its partitions (a sanitizer build takes seconds to start).
        deadline = time.time() + 120
        while "assigned" not in job.log() and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(2)
        subprocess.run([KAFKA_LOCAL, "restart", "--state-dir", KAFKA_STATE, "--down", "2"],
                       check=True, capture_output=True, timeout=300)
        found = outcomes(job.committed(expect=n))
        job.stop(process)
        self.check_against_reference(found, reference(feed), "broker restart")

    def test_two_instances_share_six_partitions_and_survive_one_leaving(self):
        job = Job(self, "pair", partitions=6)
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, scaled(20000), seed=3, item_bytes=4096)
        job.produce(feed)
        first, second = job.start("a"), job.start("b")
        deadline = time.time() + 60
        while not all("assigned 3 partition" in job.log(i) for i in "ab"):
            self.assertLess(time.time(), deadline, job.log("a") + job.log("b"))
            time.sleep(0.2)
        time.sleep(1)
        job.stop(first, "a")  # leaves the group mid-run: its partitions go to the other
        found = outcomes(job.committed(expect=n))
        job.stop(second, "b")
        per_partition = {}
        for (partition, _), events in found.items():
            per_partition[partition] = per_partition.get(partition, 0) + 1
        repeated = [key for key, events in found.items() if len(events) > 1]
        print(f"two instances: {n} items over 6 partitions: {n - len(found)} lost, "
              f"{len(repeated)} duplicated", file=sys.stderr)
        self.assertEqual(len(found), n)
        self.assertEqual(repeated, [])
        self.assertEqual(sorted(per_partition), list(range(6)))
        self.assertIn("giving up", job.log("a"))
        self.assertRegex(job.log("b"), r"assigned 6 partition")
        # Both did part of the work, and together all of it, once.
        done = [int(re.search(r"copydesk run: (\d+) records, [\d.]+ KiB", job.log(i)).group(1))
                for i in "ab"]
        print(f"two instances: {done[0]} + {done[1]} records committed", file=sys.stderr)
        self.assertGreater(min(done), 0)
        self.assertEqual(sum(done), n, job.log("a") + job.log("b"))

    def test_reference_data_published_to_kafka_is_followed_without_a_restart(self):
        job = Job(self, "reference")

        def publish(name, key):
            """The built-in reference folder with one place of our own added."""
            folder = job.dir / name
            shutil.copytree(ROOT / "config" / "reference", folder,
                            ignore=shutil.ignore_patterns("boilerplate.yaml"))
            (folder / "gazetteer" / "test.yaml").write_text(
                f"places:\n  - {{key: {key.lower()}, name: {key}, country: FR}}\n")
            result = subprocess.run([COPYDESK, "reference", "load", "--kafka", "--dir",
                                     str(folder)], capture_output=True, text=True, timeout=120,
                                    cwd=ROOT, env=job.env("a"))
            self.assertEqual(result.returncode, 0, result.stderr)
            return re.search(r"reference (ref-[0-9a-f]+) \(published to", result.stdout).group(1)

        def item(n, place):
            feed = job.dir / f"item-{n}.ndjson"
            text = (f"{place}, 3 March - The council of {place} met on Tuesday to discuss the "
                    "budget for the coming year, officials said after the meeting.")
            feed.write_text(json.dumps({"url": f"https://example.org/{n}", "title": place,
                                        "text": text, "published": "2026-03-03T10:00:00Z"}) + "\n")
            job.produce(feed)

        first = publish("first", "Zorblatt")
        item(1, "Zorblatt")
        process = job.start()
        events = [json.loads(r["value"]) for r in job.committed(expect=1, settle=0)]
        self.assertEqual(events[0]["analysis"]["reference"], first)
        self.assertIn("zorblatt", [p.get("literal") for p in events[0]["item"]["places"]])

        second = publish("second", "Quexford")
        deadline = time.time() + 60
        while f"reference data {second} from" not in job.log():
            self.assertLess(time.time(), deadline, job.log())
            time.sleep(0.2)
        item(2, "Quexford")
        events = [json.loads(r["value"]) for r in job.committed(expect=2, settle=0)]
        job.stop(process)
        latest = next(e for e in events if e["origin"]["offset"] == 1)
        self.assertEqual(latest["analysis"]["reference"], second)
        self.assertIn("quexford", [p.get("literal") for p in latest["item"]["places"]])


if __name__ == "__main__":
    unittest.main()
