#!/usr/bin/env bash
# Starts the local PostgreSQL cluster if it is down and creates the main and test databases.
# Uses the machine's cluster (trust auth, user postgres); DATABASE_URL / TEST_DATABASE_URL
# name the databases.
set -euo pipefail
main_url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ips_outcomes}"
test_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ips_outcomes_test}"
log() { printf '[postgres] %s\n' "$*"; }

host_of() { python3 -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(p.hostname or "127.0.0.1", p.port or 5432, p.username or "postgres", p.path.lstrip("/"))' "$1"; }
read -r host port user main_db < <(host_of "$main_url")
read -r _ _ _ test_db < <(host_of "$test_url")

if ! pg_isready -q -h "$host" -p "$port"; then
  if [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    version="$(ls /etc/postgresql | sort -V | tail -n1)"
    log "starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  else
    log "PostgreSQL is not running on $host:$port and no local cluster was found"; exit 1
  fi
  for _ in $(seq 1 60); do pg_isready -q -h "$host" -p "$port" && break; sleep 0.5; done
  pg_isready -q -h "$host" -p "$port" || { log "not ready after 30 s"; exit 1; }
fi

for db in "$main_db" "$test_db"; do
  exists="$(psql -h "$host" -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")"
  if [ "$exists" != "1" ]; then
    psql -h "$host" -p "$port" -U "$user" -d postgres -qc "CREATE DATABASE \"$db\"" && log "created database $db"
  fi
done
log "ready on $host:$port ($main_db, $test_db)"
