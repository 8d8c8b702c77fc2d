#!/usr/bin/env bash
# wiregen syndicate on the tiny test corpora, then copydesk process on its feed: every line is
# accepted, and copydesk's decisions match the truth (repeats of the same story, new otherwise).
# Usage: syndicate.sh WIREGEN COPYDESK PYTHON CORPORA
set -euo pipefail
wiregen=$1 copydesk=$2 python=$3 corpora=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for seed in 1 2 3 4 5 6 7 8; do
  "$wiregen" syndicate --corpora "$corpora" --min-words 20 --stories 2 --seed "$seed" \
    --output "$tmp/feed.ndjson" --truth "$tmp/truth.tsv" 2>/dev/null
  "$copydesk" process --input "$tmp/feed.ndjson" --output "$tmp/events.ndjson" 2>/dev/null
  "$python" - "$tmp/feed.ndjson" "$tmp/truth.tsv" "$tmp/events.ndjson" "$seed" <<'PY'
import json, sys
feed, truth, events, seed = sys.argv[1:]
lines = open(feed, encoding="utf-8").read().splitlines()
rows = [l.split("\t") for l in open(truth, encoding="utf-8").read().splitlines()[1:]]
out = [json.loads(l) for l in open(events, encoding="utf-8")]
assert len(lines) == len(rows) == len(out), (len(lines), len(rows), len(out))
first = {}
for i, (row, ev) in enumerate(zip(rows, out)):
    assert int(row[0]) == i + 1
    assert ev["type"] != "rejected", ev
    first.setdefault(ev["id"], row[1])
    status = ev["dedup"]["status"]
    if row[2] in ("original", "negative"):
        assert status == "new", (seed, row, ev["dedup"])
    else:
        assert status != "new" and first[ev["dedup"]["of"]] == row[1], (seed, row, ev["dedup"])
print("seed", seed, "ok:", len(rows), "lines")
PY
done
