#!/usr/bin/python3
"""Checks copydesk output events against the contract in DESIGN.md and every `item`
against the IPTC ninjs 2.2 JSON schema.

usage: validate_events.py EVENTS.ndjson [--input INPUT.ndjson] [--schema-dir DIR]

With --input, also checks one event per input line, in order (origin.line = 1, 2, ...).
Exits 1 with a message per problem.
"""
import argparse
import base64
import json
import re
import sys
from pathlib import Path

import jsonschema

HERE = Path(__file__).resolve().parent
EVENT_TYPES = {"article", "update", "duplicate", "rejected"}
DEDUP_STATUSES = {"new", "update", "url", "exact", "near"}
REJECT_REASONS = {"not_json", "not_object", "invalid_utf8", "too_large", "too_deep",
                  "missing_body", "wrong_type", "empty"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def make_validator(schema_dir: Path):
    schema = json.loads((schema_dir / "ninjs-schema_2.2.json").read_text())
    geojson = json.loads((schema_dir / "GeoJSON.json").read_text())
    # ninjs refers to GeoJSON by URL; nothing may be fetched, so the local copy answers it.
    store = {geojson.get("$id", "https://geojson.org/schema/GeoJSON.json"): geojson,
             "https://geojson.org/schema/GeoJSON.json": geojson}
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time")
    def is_date_time(value):  # jsonschema's own check needs a package Debian lacks
        return not isinstance(value, str) or bool(RFC3339.match(value))

    return jsonschema.Draft202012Validator(schema, resolver=resolver, format_checker=checker)


def check_event(event, validator, problems, where):
    def bad(message):
        problems.append(f"{where}: {message}")

    if not isinstance(event, dict):
        return bad("event is not an object")
    kind = event.get("type")
    if kind not in EVENT_TYPES:
        return bad(f"type {kind!r} is not one of {sorted(EVENT_TYPES)}")
    if not isinstance(event.get("id"), str) or not re.fullmatch(r"[0-9a-f]{16}", event["id"]):
        bad(f"id {event.get('id')!r} is not 16 hex digits")
    if "origin" not in event:
        bad("no origin")
    if kind == "rejected":
        rejection = event.get("rejection", {})
        if rejection.get("reason") not in REJECT_REASONS:
            bad(f"rejection.reason {rejection.get('reason')!r} is not a known code")
        if not rejection.get("detail"):
            bad("rejection.detail is empty")
        if "raw_base64" in rejection:
            base64.b64decode(rejection["raw_base64"], validate=True)
        if "item" in event:
            bad("a rejected event carries an item")
        return
    story = event.get("story", {})
    if not story.get("id") or not isinstance(story.get("size"), int) or story["size"] < 1:
        bad(f"story {story!r} lacks an id or a size >= 1")
    dedup = event.get("dedup", {})
    if dedup.get("status") not in DEDUP_STATUSES:
        bad(f"dedup.status {dedup.get('status')!r} is not a known status")
    item = event.get("item")
    if not isinstance(item, dict):
        return bad("no item")
    for error in validator.iter_errors(item):
        path = "/".join(str(p) for p in error.absolute_path)
        bad(f"item/{path}: {error.message}")
    if not item.get("bodies"):
        bad("item has no bodies")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", type=Path)
    parser.add_argument("--input", type=Path)
    parser.add_argument("--schema-dir", type=Path, default=HERE.parent / "data" / "ninjs")
    args = parser.parse_args()

    validator = make_validator(args.schema_dir)
    problems = []
    lines = args.events.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    counts = {}
    for number, line in enumerate(lines, 1):
        try:
            event = json.loads(line)
        except ValueError as e:
            problems.append(f"output line {number}: not JSON: {e}")
            continue
        counts[event.get("type")] = counts.get(event.get("type"), 0) + 1
        check_event(event, validator, problems, f"output line {number}")
        if args.input and event.get("origin", {}).get("line") != number:
            problems.append(f"output line {number}: origin.line is {event.get('origin')}")
    if args.input:
        data = args.input.read_bytes()
        expected = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
        if expected != len(lines):
            problems.append(f"{len(lines)} events for {expected} input lines")
    for problem in problems[:50]:
        print(problem)
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])))
    print(f"{args.events}: {len(lines)} events ({summary}), {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
