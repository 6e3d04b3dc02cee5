#!/usr/bin/env bash
# Stops the broker started by start.sh (by its pid file), waiting for a clean shutdown.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
pid_file="${IPS_RUN_DIR:-$repo/.run}/kafka/kafka.pid"
# A killed broker may linger as a zombie (no one reaps it), which `kill -0` reports alive.
alive() { [ -n "${1:-}" ] && [ -e "/proc/$1" ] && ! grep -q '^[^ ]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
if [ ! -f "$pid_file" ] || ! alive "$(cat "$pid_file")"; then
  echo "[kafka] not running"; rm -f "$pid_file"; exit 0
fi
pid="$(cat "$pid_file")"
kill -TERM "$pid"
for _ in $(seq 1 300); do
  alive "$pid" || { rm -f "$pid_file"; echo "[kafka] stopped"; exit 0; }
  sleep 0.1
done
echo "[kafka] did not stop in 30 s; killing"; kill -KILL "$pid" 2>/dev/null || true; rm -f "$pid_file"
