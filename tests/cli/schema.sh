#!/usr/bin/env bash
# usage: schema.sh COPYDESK PYTHON INPUT
# Runs `copydesk process` on INPUT and checks every event against the contract and ninjs 2.2.
set -euo pipefail
copydesk=$1 python=$2 input=$3
events=$(mktemp)
trap 'rm -f "$events"' EXIT
"$copydesk" process --quiet --input "$input" --output "$events"
"$python" "$(dirname "$0")/../tools/validate_events.py" "$events" --input "$input"
