#!/usr/bin/env bash
# `npm run infra:up`: Postgres (local cluster) and the Kafka broker, both idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/postgres/up.sh"
bash "$here/kafka/start.sh"
