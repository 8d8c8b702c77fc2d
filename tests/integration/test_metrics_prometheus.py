#!/usr/bin/python3
"""A real Prometheus server scrapes `copydesk run` on a real Kafka broker.

The job processes a known feed; what Prometheus then reports through its HTTP query API (the
counters by outcome, the consumer lag, the latency histograms) must equal what `copydesk
process` decides for the same feed. `promtool check metrics` must pass on a live scrape, and
the metrics served must be exactly those docs/metrics.md lists.

Environment (set by ctest): as test_run_kafka.py, plus PROMETHEUS and PROMTOOL.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_run_kafka import ROOT, Job, bootstrap, make_feed, reference  # noqa: E402

PROMETHEUS = os.environ.get("PROMETHEUS", shutil.which("prometheus") or "prometheus")
PROMTOOL = os.environ.get("PROMTOOL", shutil.which("promtool") or "promtool")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url, timeout=5):
    """(status, body) of a GET; (0, "") when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, socket.timeout):
        return 0, ""


def wait_for(condition, what, timeout=120, every=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def documented_metrics():
    doc = (ROOT / "docs" / "metrics.md").read_text()
    return set(re.findall(r"^\| `(copydesk_[a-z_]+)` \|", doc, re.M))


class Prometheus:
    """A Prometheus server of its own, on loopback, scraping one target every second."""

    def __init__(self, test, target):
        self.dir = Path(tempfile.mkdtemp(prefix="copydesk-prometheus-"))
        test.addCleanup(shutil.rmtree, self.dir, True)
        config = self.dir / "prometheus.yml"
        config.write_text(
            "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
            "scrape_configs:\n"
            f"  - job_name: copydesk\n    static_configs: [{{targets: ['{target}']}}]\n")
        self.port = free_port()
        self.log = open(self.dir / "prometheus.log", "wb")
        self.process = subprocess.Popen(
            [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={self.dir / 'data'}",
             f"--web.listen-address=127.0.0.1:{self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        test.addCleanup(self.stop)
        wait_for(lambda: http_get(f"http://127.0.0.1:{self.port}/-/ready")[0] == 200,
                 "Prometheus to be ready", timeout=60)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()

    def query(self, expression):
        """{labels as a sorted tuple of (name, value): value} of an instant query."""
        url = (f"http://127.0.0.1:{self.port}/api/v1/query?"
               + urllib.parse.urlencode({"query": expression}))
        status, body = http_get(url)
        if status != 200:
            raise AssertionError(f"query {expression}: HTTP {status}: {body}")
        result = json.loads(body)["data"]["result"]
        return {tuple(sorted((k, v) for k, v in r["metric"].items()
                             if k not in ("__name__", "job", "instance"))): float(r["value"][1])
                for r in result}

    def by(self, expression, label):
        return {dict(labels).get(label, ""): value
                for labels, value in self.query(expression).items()}


@unittest.skipUnless(bootstrap(), "no broker: run through ctest (fixture kafka) or set "
                     "KAFKA_LOCAL_BOOTSTRAP")
class MetricsOnPrometheus(unittest.TestCase):
    def test_prometheus_reports_exactly_what_the_job_did(self):
        job = Job(self, "metrics", partitions=2)
        feed = job.dir / "feed.ndjson"
        n = make_feed(feed, 1500, seed=23)
        expected = reference(feed)

        process = job.start(COPYDESK_METRICS_LISTEN="127.0.0.1:0",
                            COPYDESK_KAFKA_PROPERTIES_STATISTICS_INTERVAL_MS="1000")
        self.addCleanup(lambda: process.poll() is None and process.kill())
        port = int(wait_for(
            lambda: re.search(r"serving /metrics, /healthz and /readyz on port (\d+)", job.log()),
            "the metrics port in the job's log", timeout=60).group(1))
        base = f"http://127.0.0.1:{port}"
        self.assertEqual(http_get(f"{base}/healthz")[0], 200)
        # Ready once the group has given the job its partitions.
        wait_for(lambda: http_get(f"{base}/readyz")[0] == 200, "/readyz", timeout=120)

        prometheus = Prometheus(self, f"127.0.0.1:{port}")
        job.produce(feed)
        self.assertEqual(len(job.committed(expect=n)), n)

        # What `process` decided for the same feed.
        types = Counter(e["type"] for e in expected)
        kinds = Counter(e["dedup"]["status"] for e in expected if e["type"] == "duplicate")
        reasons = Counter(e["rejection"]["reason"] for e in expected if e["type"] == "rejected")
        entities = Counter()
        for e in expected:
            if e["type"] == "rejected":
                continue
            for field, kind in (("people", "person"), ("organisations", "organisation"),
                                ("places", "place"), ("subjects", "subject")):
                entities[kind] += len(e["item"].get(field, []))

        def settled():
            events = prometheus.by("copydesk_events_total", "type")
            lag = prometheus.query("copydesk_consumer_lag_records")
            return (sum(events.values()) == n and len(lag) == 2
                    and all(v == 0 for v in lag.values()))
        wait_for(settled, "Prometheus to scrape the finished job, lag 0 on both partitions",
                 timeout=90)

        events = prometheus.by("copydesk_events_total", "type")
        self.assertEqual({t: int(v) for t, v in events.items() if v},
                         {t: c for t, c in types.items()})
        self.assertEqual({k: int(v) for k, v in prometheus.by(
            "copydesk_duplicates_total", "kind").items() if v}, dict(kinds))
        self.assertEqual({r: int(v) for r, v in prometheus.by(
            "copydesk_rejected_total", "reason").items() if v}, dict(reasons))
        self.assertEqual({r: int(v) for r, v in prometheus.by(
            "copydesk_dead_letters_total", "reason").items() if v}, dict(reasons))
        self.assertEqual({k: int(v) for k, v in prometheus.by(
            "copydesk_entities_total", "type").items() if v}, dict(entities))
        self.assertEqual(prometheus.by("copydesk_records_consumed_total", "topic"),
                         {job.raw: float(n)})
        self.assertEqual(prometheus.by("copydesk_consumed_bytes_total", "topic"),
                         {job.raw: float(sum(len(line) for line in
                                             feed.read_bytes().split(b"\n")[:n]))})
        self.assertGreater(prometheus.by("copydesk_transactions_total", "result")["committed"], 0)
        # Every record has one end-to-end latency and one time per stage it went through.
        self.assertEqual(prometheus.query("copydesk_end_to_end_latency_seconds_count"),
                         {(): float(n)})
        stages = prometheus.by("copydesk_stage_duration_seconds_count", "stage")
        accepted = n - types["rejected"]
        self.assertEqual(stages, {"decode": n, "clean": accepted, "language": accepted,
                                  "enrich": accepted, "fingerprint": accepted, "dedup": n,
                                  "serialise": n, "produce": n})
        p99 = prometheus.query(
            "histogram_quantile(0.99, sum by (le) (copydesk_end_to_end_latency_seconds_bucket))")
        self.assertGreater(p99[()], 0)
        self.assertEqual(prometheus.by("copydesk_consumer_lag_seconds", "partition"),
                         {"0": 0.0, "1": 0.0})
        self.assertEqual(set(prometheus.by("copydesk_state_keys", "column_family")),
                         {"articles", "stories", "meta"})
        version = re.search(r"reference data (ref-[0-9a-f]+)", job.log()).group(1)
        self.assertEqual(prometheus.by("copydesk_reference_info", "version"), {version: 1.0})

        # The live scrape passes promtool, and is exactly what docs/metrics.md documents.
        status, scrape = http_get(f"{base}/metrics")
        self.assertEqual(status, 200)
        check = subprocess.run([PROMTOOL, "check", "metrics"], input=scrape.encode(),
                               capture_output=True)
        self.assertEqual(check.returncode, 0, check.stdout.decode() + check.stderr.decode())
        served = set(re.findall(r"^# TYPE (copydesk_[a-z_]+) ", scrape, re.M))
        self.assertEqual(served, documented_metrics())

        job.stop(process)


if __name__ == "__main__":
    unittest.main()
