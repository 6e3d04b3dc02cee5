#!/usr/bin/env bash
# A/B a change with the bench: alternates FILE as it was at REF (A) with the working tree's
# FILE (B), rounds times, running the ingest benches on a smaller trial without recording.
#   bash scripts/dev/ab-bench.sh REF FILE [rounds]
# e.g. bash scripts/dev/ab-bench.sh 7648fba apps/ingest/src/events/record-events/record-events.handler.ts
# Leaves FILE as it found it (also on Ctrl-C). Prints the bench 1–2 rows of each run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ref="$1"; file="$2"; rounds="${3:-2}"
saved="$(mktemp)"; cp "$file" "$saved"
restore() { cp "$saved" "$file"; rm -f "$saved"; npx tsc -p tsconfig.build.json; node scripts/build-pages.js; }
trap restore EXIT
for round in $(seq 1 "$rounds"); do
  for side in A B; do
    if [ "$side" = A ]; then git show "$ref:$file" > "$file"; else cp "$saved" "$file"; fi
    echo "=== $side ($([ "$side" = A ] && echo "$ref" || echo 'working tree')) round $round/$rounds"
    npm run -s bench -- --participants 40000 --participants-b 10000 --no-record 2>&1 | grep -E '^(▶|\| [12])'
  done
done
