#!/usr/bin/env bash
# usage: golden.sh COPYDESK INPUT GOLDEN
# Runs `copydesk process` on INPUT and compares with GOLDEN byte for byte.
# UPDATE_GOLDEN=1 rewrites GOLDEN instead (review the diff before committing it).
set -euo pipefail
copydesk=$1 input=$2 golden=$3
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$copydesk" process --quiet --input "$input" --output "$actual"
if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
  cp "$actual" "$golden"
  echo "updated $golden"
  exit 0
fi
if ! diff -u "$golden" "$actual" | head -c 20000; then :; fi
cmp -s "$golden" "$actual" || { echo "output differs from $golden"; exit 1; }
echo "$(wc -l < "$actual") events match $golden"
