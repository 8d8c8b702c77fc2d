#!/usr/bin/python3
"""`copydesk run`'s start-up checks and shutdown, without a broker of its own: bad Kafka
settings stop it with a message naming the option; on the embedded cluster it runs until
SIGTERM and then stops cleanly. (What it does on a real broker: tests/integration.)"""
import os
import signal
import subprocess
import time
import unittest
from pathlib import Path

COPYDESK = os.environ.get("COPYDESK", "build/release/services/copydesk/copydesk")
ROOT = Path(__file__).resolve().parents[2]


def env(**extra):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
    clean.update(extra)
    return clean


def run(timeout=60, **extra):
    return subprocess.run([COPYDESK, "run"], capture_output=True, env=env(**extra),
                          timeout=timeout, cwd=ROOT)


class RunStartUp(unittest.TestCase):
    def test_an_unknown_kafka_property_names_it(self):
        result = run(COPYDESK_KAFKA_PROPERTIES_NO_SUCH_THING="1")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(b"kafka property no.such.thing (kafka.properties in the config)",
                      result.stderr)

    def test_a_property_another_option_owns_is_refused(self):
        result = run(COPYDESK_KAFKA_PROPERTIES_GROUP_ID="mine")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(b"use the option kafka.group", result.stderr)

    def test_a_bad_delivery_names_the_choices(self):
        result = run(COPYDESK_KAFKA_DELIVERY="exactly_twice")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(b"use exactly_once or at_least_once", result.stderr)

    def test_unreachable_brokers_are_named(self):
        started = time.monotonic()
        result = run(COPYDESK_KAFKA_BROKERS="127.0.0.1:9")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn(b"no broker at 127.0.0.1:9 answered", result.stderr)
        self.assertIn(b"kafka.brokers", result.stderr)
        self.assertLess(time.monotonic() - started, 40)

    def test_sigterm_stops_it_cleanly_on_the_embedded_cluster(self):
        process = subprocess.Popen([COPYDESK, "run"], stderr=subprocess.PIPE, cwd=ROOT,
                                   env=env(COPYDESK_KAFKA_BROKERS="embedded"))
        deadline = time.monotonic() + 60
        lines = []
        while not any(b"assigned" in l for l in lines):  # it joined its group
            self.assertLess(time.monotonic(), deadline, b"".join(lines))
            lines.append(process.stderr.readline())
        process.send_signal(signal.SIGTERM)
        err = b"".join(lines) + process.stderr.read()
        process.stderr.close()
        self.assertEqual(process.wait(timeout=60), 0, err)
        self.assertIn(b"embedded Kafka at 127.0.0.1:", err)
        self.assertIn(b"copydesk run: 0 records", err)


if __name__ == "__main__":
    unittest.main()
