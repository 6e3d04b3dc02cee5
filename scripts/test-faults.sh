#!/usr/bin/env bash
# `npm run test:faults`: the fault-injection suite (issue 7, RELIABILITY.md).
# Each scenario brings up infrastructure of its own — a private Kafka broker (infra/kafka
# with IPS_RUN_DIR/KAFKA_PORT) and a private PostgreSQL cluster (initdb under .run/fault-pg)
# on free ports the OS hands out (test/support/free-port.ts: reserved by lock files, so two
# runs on one host never clash) — and runs the
# built apps as processes, so it can kill, stop and restart them without touching the
# shared broker or the machine's cluster.
# `npm test` runs it as its last phase; `--build=no` skips the build when dist/ is fresh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--build=no" ]; then shift; else npx tsc -p tsconfig.build.json && node scripts/build-pages.js; fi
npx jest --selectProjects faults --runInBand "$@"
