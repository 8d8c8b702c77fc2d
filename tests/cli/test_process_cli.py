#!/usr/bin/python3
"""Black-box tests of the copydesk command line: exit statuses, messages, streaming.

The binary comes from $COPYDESK (set by ctest)."""
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import unittest
from pathlib import Path

COPYDESK = os.environ.get("COPYDESK", "build/release/services/copydesk/copydesk")
ROOT = Path(__file__).resolve().parents[2]
GOOD = json.dumps({"url": "https://example.com/a", "title": "A headline",
                   "content": "GENEVA (Reuters) - A body of text. " * 40}) + "\n"


def run(*args, stdin=b"", env=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
    full_env.update(env or {})
    return subprocess.run([COPYDESK, *args], input=stdin, capture_output=True, env=full_env,
                          timeout=120)


class ExitStatus(unittest.TestCase):
    def test_unknown_flag_is_a_usage_error(self):
        result = run("process", "--no-such-flag")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"--no-such-flag", result.stderr)

    def test_no_subcommand_is_a_usage_error(self):
        self.assertEqual(run().returncode, 2)

    def test_help_succeeds(self):
        result = run("process", "--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn(b"--input", result.stdout)

    def test_missing_input_file_names_the_flag_and_file(self):
        result = run("process", "--input", "/nonexistent/feed.ndjson")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"--input /nonexistent/feed.ndjson", result.stderr)

    def test_unwritable_output_names_the_flag(self):
        result = run("process", "--output", "/nonexistent/dir/out.ndjson", stdin=GOOD.encode())
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"--output /nonexistent/dir/out.ndjson", result.stderr)

    def test_bad_records_are_not_failures(self):
        result = run("process", "-q", stdin=b"not json\n[]\n\n" + GOOD.encode())
        self.assertEqual(result.returncode, 0, result.stderr)
        types = [json.loads(line)["type"] for line in result.stdout.splitlines()]
        self.assertEqual(types, ["rejected", "rejected", "rejected", "article"])


class Config(unittest.TestCase):
    def write(self, text):
        handle = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
        handle.write(text)
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def test_check_config_shows_every_option_and_its_origin(self):
        path = self.write("limits:\n  max_depth: 12\n")
        result = run("check-config", "--config", path,
                     env={"COPYDESK_LIMITS_MAX_FIELD_BYTES": "64KiB"})
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertRegex(out, rf"limits\.max_depth\s+12\s+\({path}\)")
        self.assertRegex(out, r"limits\.max_field_bytes\s+64KiB\s+\(COPYDESK_LIMITS_MAX_FIELD_BYTES\)")
        self.assertRegex(out, r"limits\.max_item_bytes\s+1MiB\s+\(default\)")

    def test_unknown_key_stops_with_its_name(self):
        path = self.write("limits:\n  max_item_byte: 10\n")
        for command in (["check-config"], ["process"]):
            result = run(*command, "--config", path)
            self.assertEqual(result.returncode, 2)
            self.assertIn(b"unknown option 'limits.max_item_byte'", result.stderr)
            self.assertIn(b"did you mean 'limits.max_item_bytes'", result.stderr)

    def test_bad_value_names_the_option(self):
        path = self.write("limits:\n  max_item_bytes: 12XB\n")
        result = run("process", "--config", path)
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"limits.max_item_bytes", result.stderr)
        self.assertIn(b"12XB", result.stderr)

    def test_environment_override_is_validated(self):
        result = run("check-config", env={"COPYDESK_LIMITS_MAX_DEPTH": "0"})
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"COPYDESK_LIMITS_MAX_DEPTH", result.stderr)

    def test_unreadable_boilerplate_file_names_the_option(self):
        path = self.write("clean:\n  boilerplate_file: /nonexistent/boilerplate.yaml\n")
        result = run("process", "--config", path, stdin=GOOD.encode())
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"clean.boilerplate_file", result.stderr)
        self.assertIn(b"/nonexistent/boilerplate.yaml", result.stderr)

    def test_missing_config_file_names_it(self):
        result = run("process", "--config", "/nonexistent.yaml")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"/nonexistent.yaml", result.stderr)

    def test_environment_limit_applies(self):
        result = run("process", "-q", stdin=GOOD.encode(),
                     env={"COPYDESK_LIMITS_MAX_ITEM_BYTES": "1KiB"})
        self.assertEqual(result.returncode, 0)
        event = json.loads(result.stdout)
        self.assertEqual(event["rejection"]["reason"], "too_large")


class Streaming(unittest.TestCase):
    """`process` streams: memory does not grow with the input, nor with one huge line."""

    def peak_rss_kib(self, total_bytes, huge_line_bytes=0):
        """Feeds `total_bytes` of items through a pipe; returns the child's peak RSS."""
        proc = subprocess.Popen([COPYDESK, "process", "-q", "--output", "/dev/null"],
                                stdin=subprocess.PIPE, stderr=subprocess.PIPE)

        def feed():
            chunk = (GOOD * 1000).encode()
            sent = 0
            with proc.stdin:
                if huge_line_bytes:
                    proc.stdin.write(b'{"content": "' + b"x" * huge_line_bytes + b'"}\n')
                while sent < total_bytes:
                    proc.stdin.write(chunk)
                    sent += len(chunk)

        writer = threading.Thread(target=feed)
        writer.start()
        _, rusage = os.wait4(proc.pid, 0)[1:]
        writer.join()
        proc.returncode = 0
        return rusage.ru_maxrss

    def test_memory_is_flat_over_input_size(self):
        # SCALE (set by the sanitizer build, several times slower) makes the large input smaller.
        large_mib = max(24, int(96 * float(os.environ.get("SCALE", "1"))))
        small = self.peak_rss_kib(8 << 20)
        large = self.peak_rss_kib(large_mib << 20)
        print(f"peak RSS: {small} KiB for 8 MiB, {large} KiB for {large_mib} MiB", file=sys.stderr)
        self.assertLess(large, small + 16 * 1024)

    def test_huge_line_is_not_buffered(self):
        baseline = self.peak_rss_kib(1 << 20)
        huge = self.peak_rss_kib(1 << 20, huge_line_bytes=256 << 20)
        print(f"peak RSS: {baseline} KiB, {huge} KiB with a 256 MiB line", file=sys.stderr)
        self.assertLess(huge, baseline + 16 * 1024)

    def test_huge_line_becomes_too_large_event(self):
        line = b'{"content": "' + b"y" * (3 << 20) + b'"}\n'
        result = run("process", "-q", stdin=line + GOOD.encode())
        events = [json.loads(l) for l in result.stdout.splitlines()]
        self.assertEqual(len(events), 2)
        self.assertEqual(events[0]["rejection"]["reason"], "too_large")
        self.assertIn(str(len(line) - 1), events[0]["rejection"]["detail"])
        self.assertEqual(events[1]["type"], "article")


if __name__ == "__main__":
    unittest.main(verbosity=2)
