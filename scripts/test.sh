#!/usr/bin/env bash
# `npm test`: the whole suite against a real Kafka broker and Postgres.
#   1. brings up Postgres and the broker (idempotent)
#   2. builds the apps (e2e tests run them as processes from dist/)
#   3. recreates and migrates the test database
#   4. unit tests (parallel), the R cross-checks, then integration and e2e tests (one at a time: they share the broker)
#   5. the fault-injection suite (scripts/test-faults.sh: infrastructure of its own per scenario)
set -euo pipefail
cd "$(dirname "$0")/.."
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ips_outcomes_test}"
db_name="$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).pathname.slice(1)))' "$TEST_DATABASE_URL")"
case "$db_name" in *test*) ;; *) echo "refusing to test against database \"$db_name\": its name must contain \"test\"" >&2; exit 1;; esac

phase() { printf '\n== %s ==\n' "$*"; }

phase "infrastructure"
TEST_DATABASE_URL="$TEST_DATABASE_URL" bash infra/up.sh

phase "build"
npx tsc -p tsconfig.build.json
node scripts/build-pages.js

phase "test database ($db_name)"
admin_url="$(node -e 'const u=new URL(process.argv[1]);u.pathname="/postgres";console.log(u.toString())' "$TEST_DATABASE_URL")"
psql "$admin_url" -qc "DROP DATABASE IF EXISTS \"$db_name\" WITH (FORCE)" -c "CREATE DATABASE \"$db_name\""
DATABASE_URL="$TEST_DATABASE_URL" node -r ./scripts/register-aliases.js dist/libs/persistence/src/cli/migrate.js
rm -rf test-output

# A path filter (`npm test -- test/ingest`) matches nothing in some phases: that is no failure.
filter=()
[ $# -gt 0 ] && filter=(--passWithNoTests)
# In CI (CI=1, as .ci/run sets it) a phase stops at its first failing test file.
[ -n "${CI:-}" ] && filter+=(--bail)

# Each phase runs under a time limit (scripts/test-watchdog.js: exit 124 past it), so a phase
# that hangs fails the run in minutes; jest itself fails a run that ends with something still
# open (test/support/exit-watchdog-reporter.js). TEST_PHASE_MINUTES overrides every limit.
limit() { echo "${TEST_PHASE_MINUTES:-$1}"; }
timed() { local minutes="$1"; shift; node scripts/test-watchdog.js "$(limit "$minutes")" "$@"; }

phase "unit tests"
timed 30 npx jest --selectProjects unit "${filter[@]}" "$@"

phase "R cross-checks (R itself as the reference; test/r/README.md)"
timed 20 npx jest --selectProjects r --passWithNoTests "${filter[@]}" "$@"

phase "integration and end-to-end tests (real Kafka and Postgres)"
timed 60 npx jest --selectProjects int e2e --runInBand "${filter[@]}" "$@"

phase "fault injection (private brokers and Postgres clusters; RELIABILITY.md)"
timed 60 bash scripts/test-faults.sh --build=no "${filter[@]}" "$@"
