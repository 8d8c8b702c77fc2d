#!/usr/bin/python3
"""Enrichment through `copydesk process`: the seed's item as DESIGN.md and the enrichment
issue want it, and the labelled fixtures of tests/data/enrich/labelled.ndjson.

Each fixture line is {"name", "input": a raw item, "expect": {...}}. For every item the
people, organisations and places expected must be found (by Wikidata id), the `absent` ones
must not be, the expected Media Topics must be among the subjects, and the dateline's place,
publisher and originators must be as labelled. Over all the fixtures, what is found and not
labelled must stay rare (precision). Every item must validate against ninjs 2.2. The binary
comes from $COPYDESK (set by ctest)."""
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

COPYDESK = os.environ.get("COPYDESK", "build/release/services/copydesk/copydesk")
DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = DATA / "enrich" / "labelled.ndjson"
SEED = DATA / "seed" / "seed.ndjson"
VALIDATE = Path(__file__).resolve().parents[1] / "tools" / "validate_events.py"
MEDIATOPIC = "http://cv.iptc.org/newscodes/mediatopic/"
WIKIDATA = "http://www.wikidata.org/entity/"
MIN_PRECISION = 0.9


def process(lines):
    """Events for raw item lines, checked against the contract and ninjs 2.2."""
    with tempfile.TemporaryDirectory() as tmp:
        source, events = Path(tmp) / "in.ndjson", Path(tmp) / "out.ndjson"
        source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
        env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
        result = subprocess.run([COPYDESK, "process", "--quiet", "--input", str(source),
                                 "--output", str(events)], capture_output=True, env=env,
                                timeout=300)
        assert result.returncode == 0, result.stderr.decode()
        check = subprocess.run([sys.executable, str(VALIDATE), str(events), "--input",
                                str(source)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        return [json.loads(line) for line in events.read_text().splitlines()]


def ids(concepts):
    return [c["uri"][len(WIKIDATA):] if c.get("uri", "").startswith(WIKIDATA) else c.get("literal")
            for c in concepts]


class Seed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.item = process([json.loads(SEED.read_text().splitlines()[0])])[0]["item"]

    def names(self, field):
        return {c["name"]: ids([c])[0] for c in self.item.get(field, []) if c.get("rel") != "located"}

    def test_people(self):
        people = self.names("people")
        self.assertEqual(people.get("Vladimir Poutine"), "Q7747")
        for name in ("Ali Khamenei", "Sergueï Lavrov", "Mohammad Bagher Ghalibaf"):
            self.assertTrue(any(name.split()[-1] in found or found.endswith(name.split()[-1])
                                for found in people), f"{name} not in {people}")

    def test_places(self):
        places = self.names("places")
        for qid in ("Q159", "Q794", "Q30", "Q801", "Q649", "Q3616"):
            self.assertIn(qid, places.values(), places)
        self.assertIn("Russie", places)
        self.assertIn("Natanz", places)
        located = [c for c in self.item["places"] if c.get("rel") == "located"]
        self.assertEqual(ids(located), ["Q3616"])
        self.assertEqual(self.item["located"], "Téhéran")

    def test_topics(self):
        topics = {c["uri"][len(MEDIATOPIC):] for c in self.item["subjects"]}
        self.assertIn("11000000", topics)   # politics
        self.assertIn("20000638", topics)   # international relations
        self.assertIn("20000639", topics)   # diplomacy
        for subject in self.item["subjects"]:
            self.assertTrue(0 < subject["relevance"] <= 100)

    def test_sources(self):
        roles = {(s["name"], s["role"]) for s in self.item["infosources"]}
        self.assertIn(("Radio Habana Cuba", "publisher"), roles)
        self.assertIn(("HispanTV", "originator"), roles)
        self.assertEqual(self.item["copyrightholder"], "Radio Habana Cuba")


class LabelledFixtures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cases = [json.loads(line) for line in FIXTURES.read_text().splitlines() if line.strip()]
        cls.events = process([case["input"] for case in cls.cases])

    def test_there_are_enough_in_enough_languages(self):
        self.assertGreaterEqual(len(self.cases), 60)
        languages = {case["input"].get("language", "")[:2] for case in self.cases}
        self.assertGreaterEqual(len(languages), 10, languages)

    def test_every_labelled_entity_topic_and_source(self):
        for case, event in zip(self.cases, self.events):
            expect, item = case["expect"], event["item"]
            with self.subTest(case["name"]):
                found = set()
                for field in ("people", "organisations", "places"):
                    got = set(ids(item.get(field, [])))  # a dateline's place is "located"
                    found |= got
                    missing = set(expect.get(field, [])) - got
                    self.assertFalse(missing, f"{field}: missing {sorted(missing)}, got {sorted(got)}")
                wrong = set(expect.get("absent", [])) & found
                self.assertFalse(wrong, f"tagged though absent: {sorted(wrong)}")
                if "located" in expect:
                    located = ids(c for c in item.get("places", []) if c.get("rel") == "located")
                    self.assertEqual(located, [expect["located"]])
                topics = {c["uri"][len(MEDIATOPIC):] for c in item.get("subjects", [])}
                missing = set(expect.get("subjects", [])) - topics
                self.assertFalse(missing, f"subjects: missing {sorted(missing)}, got {sorted(topics)}")
                sources = item.get("infosources", [])
                if "publisher" in expect:
                    self.assertIn((expect["publisher"], "publisher"),
                                  {(s["name"], s["role"]) for s in sources})
                for originator in expect.get("originators", []):
                    self.assertIn((originator, "originator"), {(s["name"], s["role"]) for s in sources})

    def test_precision_over_all_fixtures(self):
        found_total = found_labelled = 0
        extra = []
        for case, event in zip(self.cases, self.events):
            labelled = set()
            for field in ("people", "organisations", "places"):
                labelled |= set(case["expect"].get(field, []))
            found = {}
            for field in ("people", "organisations", "places"):
                for concept in event["item"].get(field, []):
                    found.setdefault(ids([concept])[0], concept["name"])
            for found_id, name in found.items():
                found_total += 1
                if found_id in labelled:
                    found_labelled += 1
                else:
                    extra.append(f"{case['name']}: {name}")
        precision = found_labelled / max(found_total, 1)
        self.assertGreaterEqual(precision, MIN_PRECISION, "found and not labelled:\n" + "\n".join(extra))


if __name__ == "__main__":
    unittest.main()
