#!/usr/bin/env python3
"""Every copydesk_* metric name the Grafana dashboard and the Prometheus rules use must be one
docs/metrics.md documents, so that a renamed or misspelt metric fails here rather than leaving
an empty panel or an alert that can never fire.

    check_names.py --metrics-doc docs/metrics.md deploy/grafana/copydesk.json deploy/prometheus/alerts.yml

The documented names are the first backticked cell of the table rows starting "| `copydesk_";
histogram series (_bucket, _sum, _count) count as their histogram. In a .json file (a
dashboard) the PromQL is read from "expr", "query" and "definition" values; any other file is
read as text without its # comments. Exit status 0 when every name is documented, 1 when some
are not (listed), 2 when a file cannot be read or the doc names no metric."""
import argparse
import json
import re
import sys
from pathlib import Path

NAME = re.compile(r"copydesk_[a-z_]+")
DOC_ROW = re.compile(r"^\|\s*`(copydesk_[a-z_]+)[^`]*`\s*\|")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
EXPRESSION_KEYS = {"expr", "query", "definition"}


def documented(doc):
    return {m.group(1) for line in doc.read_text(encoding="utf-8").splitlines()
            if (m := DOC_ROW.match(line.strip()))}


def expressions(node):
    """The PromQL strings of a dashboard: panel targets, template variable queries."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in EXPRESSION_KEYS and isinstance(value, str):
                yield value
            else:
                yield from expressions(value)
    elif isinstance(node, list):
        for item in node:
            yield from expressions(item)


def used(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        chunks = expressions(json.loads(text))
    else:
        chunks = (line.split("#", 1)[0] for line in text.splitlines())
    return {name for chunk in chunks for name in NAME.findall(chunk)}


def known(name, names):
    if name in names:
        return True
    return any(name.endswith(s) and name[:-len(s)] in names for s in HISTOGRAM_SUFFIXES)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--metrics-doc", required=True, type=Path,
                        help="markdown file with a table row per metric")
    parser.add_argument("files", nargs="+", type=Path,
                        help="Grafana dashboards (.json) and Prometheus rule files")
    args = parser.parse_args()

    try:
        names = documented(args.metrics_doc)
        uses = {path: used(path) for path in args.files}
    except (OSError, ValueError) as e:
        print(f"check_names: {e}", file=sys.stderr)
        return 2
    if not names:
        print(f"check_names: {args.metrics_doc} has no table row naming a copydesk_ metric",
              file=sys.stderr)
        return 2

    unknown = [(path, name) for path, found in uses.items()
               for name in sorted(found) if not known(name, names)]
    for path, name in unknown:
        print(f"{path}: {name} is not in {args.metrics_doc}", file=sys.stderr)
    if unknown:
        return 1
    total = len(set().union(*uses.values()))
    print(f"check_names: {total} metric names in {len(args.files)} files, all in {args.metrics_doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
