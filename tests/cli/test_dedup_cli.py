#!/usr/bin/python3
"""End-to-end dedup and story decisions through `copydesk process`, and `copydesk state`.

tests/data/dedup/cases.ndjson holds the seed and what the news does to it: a re-send with
tracking parameters, a republication with edits under another URL, a word-for-word copy, an
unrelated story about the same people and places, an update of the same URL and its re-send,
a re-send with trivial changes, a ninjs item and its next version, and a copy after the
horizon. The binary comes from $COPYDESK (set by ctest)."""
import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

COPYDESK = os.environ.get("COPYDESK", "build/release/services/copydesk/copydesk")
CASES = Path(__file__).resolve().parents[1] / "data" / "dedup" / "cases.ndjson"

# line: (type, dedup status, line of `of`, line of the story's first article, story size, version)
EXPECTED = {
    1: ("article", "new", None, 1, 1, "1"),
    2: ("duplicate", "url", 1, 1, 1, "1"),
    3: ("duplicate", "near", 1, 1, 2, "1"),
    4: ("duplicate", "exact", 1, 1, 3, "1"),
    5: ("article", "new", None, 5, 1, "1"),
    6: ("update", "update", 1, 1, 3, "2"),
    7: ("duplicate", "url", 1, 1, 3, "2"),
    8: ("duplicate", "url", 5, 5, 1, "1"),
    9: ("article", "new", None, 9, 1, "1"),
    10: ("update", "update", 9, 9, 1, "2"),
    11: ("article", "new", None, 11, 1, "1"),
}


def run(*args, stdin=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
    full_env.update(env or {})
    return subprocess.run([COPYDESK, *args], input=stdin, capture_output=True, env=full_env,
                          timeout=120)


def process(data, *args, env=None):
    result = run("process", "--quiet", *args, stdin=data, env=env)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.splitlines()]


class Decisions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.events = process(CASES.read_bytes())

    def test_every_decision(self):
        self.assertEqual(len(self.events), len(EXPECTED))
        first_line_of = {}
        for line, event in enumerate(self.events, 1):
            first_line_of.setdefault(event["id"], line)
        for line, event in enumerate(self.events, 1):
            kind, status, of, story, size, version = EXPECTED[line]
            with self.subTest(line=line):
                self.assertEqual(event["type"], kind)
                self.assertEqual(event["dedup"]["status"], status)
                self.assertEqual(first_line_of.get(event["dedup"].get("of")), of)
                self.assertEqual(first_line_of[event["story"]["id"]], story)
                self.assertEqual(event["story"]["size"], size)
                self.assertEqual(event["item"]["version"], version)

    def test_ids_follow_the_url_not_the_line(self):
        ids = [event["id"] for event in self.events]
        self.assertEqual(ids[0], ids[1])   # tracking parameters do not make another article
        self.assertEqual(ids[0], ids[5])   # an update keeps the article id
        self.assertNotEqual(ids[0], ids[2])
        self.assertEqual(ids[8], ids[9])   # the same ninjs uri

    def test_similarity_is_reported(self):
        near = self.events[2]["dedup"]
        self.assertGreaterEqual(near["similarity"], 0.5)
        self.assertLess(near["similarity"], 1)
        self.assertEqual(self.events[3]["dedup"]["similarity"], 1)

    def test_the_same_input_gives_the_same_output(self):
        self.assertEqual(process(CASES.read_bytes()), self.events)

    def test_a_higher_threshold_turns_the_republication_into_a_story_of_its_own(self):
        events = process(CASES.read_bytes(), env={"COPYDESK_DEDUP_NEAR_THRESHOLD": "0.95"})
        self.assertEqual(events[2]["dedup"]["status"], "new")
        self.assertEqual(events[3]["story"]["size"], 2)

    def test_a_longer_horizon_reaches_the_late_copy(self):
        events = process(CASES.read_bytes(), env={"COPYDESK_DEDUP_HORIZON": "30d"})
        self.assertEqual(events[10]["dedup"]["status"], "exact")
        # The seed's page has been updated since, but what it said first is still the seed's.
        self.assertEqual(events[10]["dedup"]["of"], self.events[0]["id"])
        self.assertEqual(events[10]["story"], {"id": self.events[0]["id"], "size": 4})


class State(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.state = str(self.dir / "state")

    def tearDown(self):
        self.tmp.cleanup()

    def test_a_run_split_in_two_decides_as_one_run(self):
        lines = CASES.read_bytes().splitlines(keepends=True)
        whole = process(CASES.read_bytes())
        first = process(b"".join(lines[:4]), "--state", self.state)
        second = process(b"".join(lines[4:]), "--state", self.state)
        strip = lambda events: [{k: v for k, v in e.items() if k != "origin"} for e in events]
        self.assertEqual(strip(first + second), strip(whole))

    def test_explain_says_why(self):
        events = process(CASES.read_bytes(), "--state", self.state)
        result = run("state", "explain", events[2]["id"], "--state", self.state)
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertIn("decision  near", out)
        self.assertIn(f"near duplicate of {events[0]['id']}", out)
        self.assertIn("estimated Jaccard similarity", out)
        self.assertIn("LSH bands", out)
        self.assertIn("Russie-Iran", out)
        # By URL, tracking parameters and all.
        url = json.loads(CASES.read_text().splitlines()[3])["url"]
        result = run("state", "explain", url + "?utm_source=x", "--state", self.state)
        self.assertIn("exact duplicate of " + events[0]["id"], result.stdout.decode())
        result = run("state", "explain", "https://nowhere.example/", "--state", self.state)
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"no article", result.stderr)

    def test_inspect_checkpoint_restore_compact(self):
        process(CASES.read_bytes(), "--state", self.state)
        result = run("state", "inspect", "--state", self.state)
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertIn("latest record time  2021-05-08T07:00:00Z", out)
        self.assertIn("live articles       1", out)  # only the late copy is within 7 days of it

        checkpoint = str(self.dir / "checkpoint")
        self.assertEqual(run("state", "checkpoint", checkpoint, "--state", self.state).returncode, 0)
        result = run("state", "checkpoint", checkpoint, "--state", self.state)
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"already exists", result.stderr)

        result = run("state", "compact", "--state", self.state)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("expired records removed", result.stdout.decode())
        self.assertNotIn(" 0 expired", result.stdout.decode())
        gone = run("state", "explain", "https://noticias.example.org/fr/2021/04/16/poutine-khamenei",
                   "--state", self.state)
        self.assertEqual(gone.returncode, 1)

        self.assertEqual(run("state", "restore", checkpoint, "--state", self.state).returncode, 0)
        back = run("state", "explain", "https://noticias.example.org/fr/2021/04/16/poutine-khamenei",
                   "--state", self.state)
        self.assertEqual(back.returncode, 0, back.stderr)

    def test_usage_errors_name_the_fix(self):
        result = run("state", "inspect")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"--state DIR or set state.dir", result.stderr)
        result = run("state", "inspect", "--state", str(self.dir / "missing"))
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"no such directory", result.stderr)
        result = run("state", "restore", str(self.dir), "--state", self.state)
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"is not a checkpoint", result.stderr)
        (self.dir / "file").write_text("x")
        result = run("process", "--state", str(self.dir / "file"), stdin=b"")
        self.assertEqual(result.returncode, 2)
        self.assertIn(b"state.dir", result.stderr)


if __name__ == "__main__":
    unittest.main()
