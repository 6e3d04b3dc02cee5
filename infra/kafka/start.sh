#!/usr/bin/env bash
# Starts the pinned single-node KRaft broker in the background, idempotently.
#   - fetches the jars from Maven Central on first use (infra/kafka/lib, git-ignored)
#   - formats the storage once (kafka.tools.StorageTool)
#   - leaves a running broker alone
#   - waits until the broker really answers a metadata request
# State lives in $IPS_RUN_DIR/kafka (default: <repo>/.run/kafka): data/, logs/, kafka.pid.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run_dir="${IPS_RUN_DIR:-$repo/.run}/kafka"
data_dir="$run_dir/data"
logs_dir="$run_dir/logs"
pid_file="$run_dir/kafka.pid"
# KAFKA_PORT / KAFKA_CONTROLLER_PORT run a second, independent broker (the fault-injection
# tests stop and start their own broker this way, with their own IPS_RUN_DIR).
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
bootstrap="127.0.0.1:$port"
heap="${KAFKA_HEAP:-1G}"
mkdir -p "$data_dir" "$logs_dir"

# A killed broker may linger as a zombie (no one reaps it), which `kill -0` reports alive.
alive() { [ -n "${1:-}" ] && [ -e "/proc/$1" ] && ! grep -q '^[^ ]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
log() { printf '[kafka] %s\n' "$*"; }

if [ -f "$pid_file" ] && alive "$(cat "$pid_file")"; then
  log "broker already running (pid $(cat "$pid_file"))"
  exec node "$here/wait-ready.js" "$bootstrap" 60
fi

# Something else already listens on the port: a broker this folder did not start (another
# checkout's, say), or some other program. On the default port, use it if it answers as a
# Kafka broker, and leave it alone on stop. A caller that asked for a port of its own
# (KAFKA_PORT: the fault-injection tests, which stop and kill their broker) gets an error.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_taken "$port"; then
  rm -f "$pid_file"
  if [ -n "${KAFKA_PORT:-}" ]; then
    log "127.0.0.1:$port is already in use by a process not started from $run_dir; stop it or choose another KAFKA_PORT"
    exit 1
  fi
  log "127.0.0.1:$port already answers, started from elsewhere; using it (infra/kafka/stop.sh will leave it alone)"
  exec node "$here/wait-ready.js" "$bootstrap" 60
fi

if [ ! -f "$here/lib/kafka_2.13-3.9.1.jar" ]; then
  log "fetching Apache Kafka 3.9.1 from Maven Central (first run only)"
  mvn -q -B -f "$here/pom.xml" package
fi

cp="$here/lib/*"
# The broker reads a copy of server.properties whose log.dirs points into the run folder
# (java.util.Properties: the later assignment wins).
config="$run_dir/server.properties"
{
  cat "$here/server.properties"
  printf '\nlog.dirs=%s\n' "$data_dir"
  printf 'listeners=PLAINTEXT://127.0.0.1:%s,CONTROLLER://127.0.0.1:%s\n' "$port" "$controller_port"
  printf 'advertised.listeners=PLAINTEXT://127.0.0.1:%s\n' "$port"
  printf 'controller.quorum.voters=1@127.0.0.1:%s\n' "$controller_port"
} >"$config"
java_opts=(-Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
  -Djava.awt.headless=true
  -Dlog4j.configuration="file:$here/log4j.properties"
  -Dkafka.logs.dir="$logs_dir")

if [ ! -f "$data_dir/meta.properties" ]; then
  cluster_id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)"
  log "formatting storage (cluster $cluster_id)"
  java "${java_opts[@]}" -cp "$cp" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$config" --ignore-formatted >>"$logs_dir/format.log" 2>&1
fi

log "starting broker on $bootstrap (log: $logs_dir/server.log)"
started=$(date +%s%N)
nohup java "${java_opts[@]}" -cp "$cp" kafka.Kafka "$config" >>"$logs_dir/stdout.log" 2>&1 &
echo $! >"$pid_file"

if ! node "$here/wait-ready.js" "$bootstrap" 120; then
  log "broker did not become ready; last log lines:"
  tail -n 30 "$logs_dir/server.log" 2>/dev/null || true
  tail -n 30 "$logs_dir/stdout.log" 2>/dev/null || true
  exit 1
fi
if ! alive "$(cat "$pid_file")"; then
  log "the broker process exited during start-up; last log lines:"
  tail -n 30 "$logs_dir/server.log" 2>/dev/null || true
  exit 1
fi
log "broker ready in $(( ($(date +%s%N) - started) / 1000000 )) ms (pid $(cat "$pid_file"))"
