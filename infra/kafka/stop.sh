#!/usr/bin/env bash
# Stops the Kafka node(s) started by start.sh (by their pid files), waiting for a clean
# shutdown. `stop.sh` stops every node under the run folder; `stop.sh 2 3` only nodes 2 and 3
# of a cluster. Nodes are signalled together: a cluster whose controllers left one by one
# would keep its last broker waiting for a quorum that is gone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run_dir="${IPS_RUN_DIR:-$repo/.run}/kafka"
# A killed broker may linger as a zombie (no one reaps it), which `kill -0` reports alive.
alive() { [ -n "${1:-}" ] && [ -e "/proc/$1" ] && ! grep -q '^[^ ]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
pid_files=()
if [ $# -gt 0 ]; then
  for i in "$@"; do pid_files+=("$run_dir/node-$i/kafka.pid"); done
else
  for f in "$run_dir/kafka.pid" "$run_dir"/node-*/kafka.pid; do [ -f "$f" ] && pid_files+=("$f"); done
fi
pids=()
for f in "${pid_files[@]}"; do
  if [ -f "$f" ] && alive "$(cat "$f")"; then pids+=("$(cat "$f")"); kill -TERM "$(cat "$f")"; else rm -f "$f"; fi
done
if [ ${#pids[@]} -eq 0 ]; then echo "[kafka] not running"; exit 0; fi
for _ in $(seq 1 300); do
  left=0
  for p in "${pids[@]}"; do alive "$p" && left=1; done
  if [ $left -eq 0 ]; then rm -f "${pid_files[@]}"; echo "[kafka] stopped (${#pids[@]} node(s))"; exit 0; fi
  sleep 0.1
done
echo "[kafka] did not stop in 30 s; killing"
for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
rm -f "${pid_files[@]}"
