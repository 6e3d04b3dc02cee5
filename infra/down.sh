#!/usr/bin/env bash
# `npm run infra:down`: stops the Kafka broker this project started. Postgres is the
# machine's shared cluster and is left running.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/kafka/stop.sh"
