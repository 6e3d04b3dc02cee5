#!/usr/bin/env bash
# Starts the pinned KRaft Kafka (4.x) in the background, idempotently: one node by default,
# or a cluster of KAFKA_NODES combined broker+controller nodes on this machine.
#   - fetches the jars from Maven Central on first use (infra/kafka/lib, git-ignored)
#   - formats each node's storage once (kafka.tools.StorageTool), one cluster id for all
#   - leaves running nodes alone and starts the ones that are not running (so after a node
#     was killed, running this again restarts just that node)
#   - waits until every node is registered and the cluster answers a metadata request
# State lives in $IPS_RUN_DIR/kafka (default: <repo>/.run/kafka). One node: data/, logs/,
# kafka.pid, server.properties there; several: the same inside node-1/, node-2/, ….
#
# Settings (environment):
#   KAFKA_NODES            nodes (1–5, default 1)
#   KAFKA_PORT             client port of node 1 (default 9092); node i gets KAFKA_PORT+2(i-1)
#   KAFKA_CONTROLLER_PORT  controller port of node 1 (default 9093); node i: +2(i-1)
#   KAFKA_PORTS / KAFKA_CONTROLLER_PORTS   comma-separated ports, one per node (override the two above)
#   KAFKA_HEAP             heap of each node (default 1G)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
run_dir="${IPS_RUN_DIR:-$repo/.run}/kafka"
heap="${KAFKA_HEAP:-1G}"
nodes="${KAFKA_NODES:-1}"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"

log() { printf '[kafka] %s\n' "$*"; }
case "$nodes" in [1-5]) ;; *) log "KAFKA_NODES must be a whole number from 1 to 5 (got \"$nodes\")"; exit 1;; esac

# Ports: explicit lists, or consecutive pairs from the base ports.
IFS=',' read -r -a ports <<<"${KAFKA_PORTS:-}"
IFS=',' read -r -a controller_ports <<<"${KAFKA_CONTROLLER_PORTS:-}"
if [ ${#ports[@]} -eq 0 ]; then
  for i in $(seq 1 "$nodes"); do ports+=($(( ${KAFKA_PORT:-9092} + 2 * (i - 1) ))); done
fi
if [ ${#controller_ports[@]} -eq 0 ]; then
  for i in $(seq 1 "$nodes"); do controller_ports+=($(( ${KAFKA_CONTROLLER_PORT:-9093} + 2 * (i - 1) ))); done
fi
if [ ${#ports[@]} -ne "$nodes" ] || [ ${#controller_ports[@]} -ne "$nodes" ]; then
  log "KAFKA_PORTS and KAFKA_CONTROLLER_PORTS must list $nodes port(s) each (KAFKA_NODES=$nodes)"
  exit 1
fi
# An explicitly chosen port (the tests' private brokers) must be free; the default one may be
# a broker that another checkout started, which is then used as it is.
explicit_ports="${KAFKA_PORT:-}${KAFKA_PORTS:-}"
bootstrap="$(for p in "${ports[@]}"; do printf '127.0.0.1:%s,' "$p"; done)"
bootstrap="${bootstrap%,}"
voters="$(for i in $(seq 1 "$nodes"); do printf '%s@127.0.0.1:%s,' "$i" "${controller_ports[$((i - 1))]}"; done)"
voters="${voters%,}"

node_dir() { if [ "$nodes" -eq 1 ]; then echo "$run_dir"; else echo "$run_dir/node-$1"; fi; }

# A killed broker may linger as a zombie (no one reaps it), which `kill -0` reports alive.
alive() { [ -n "${1:-}" ] && [ -e "/proc/$1" ] && ! grep -q '^[^ ]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
node_alive() { local f; f="$(node_dir "$1")/kafka.pid"; [ -f "$f" ] && alive "$(cat "$f")"; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Replication follows the cluster's size: min(3, nodes) copies, and on three or more nodes a
# write is acknowledged only once two of them have it (min.insync.replicas=2), so losing one
# node loses nothing acknowledged and refuses nothing.
replication=$(( nodes < 3 ? nodes : 3 ))
min_isr=$(( nodes >= 3 ? 2 : 1 ))

to_start=()
for i in $(seq 1 "$nodes"); do
  if node_alive "$i"; then continue; fi
  to_start+=("$i")
done

if [ ${#to_start[@]} -eq 0 ]; then
  log "already running ($nodes node(s), $bootstrap)"
  exec node "$here/wait-ready.js" "$bootstrap" 60 "$nodes"
fi

for i in "${to_start[@]}"; do
  for p in "${ports[$((i - 1))]}" "${controller_ports[$((i - 1))]}"; do
    port_taken "$p" || continue
    rm -f "$(node_dir "$i")/kafka.pid"
    if [ "$nodes" -eq 1 ] && [ -z "$explicit_ports" ] && [ "$p" = "${ports[0]}" ]; then
      log "127.0.0.1:$p already answers, started from elsewhere; using it (infra/kafka/stop.sh will leave it alone)"
      exec node "$here/wait-ready.js" "$bootstrap" 60
    fi
    log "127.0.0.1:$p (node $i) is already in use by a process not started from $run_dir; stop it or choose other ports (KAFKA_PORT, KAFKA_PORTS)"
    exit 1
  done
done

if [ ! -f "$here/lib/kafka_2.13-$kafka_version.jar" ]; then
  log "fetching Apache Kafka $kafka_version from Maven Central (first run only)"
  mvn -q -B -f "$here/pom.xml" package
fi

cp="$here/lib/*"
mkdir -p "$run_dir"
cluster_file="$run_dir/cluster.id"
if [ ! -s "$cluster_file" ]; then
  java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1 >"$cluster_file"
fi
cluster_id="$(cat "$cluster_file")"

started=$(date +%s%N)
for i in "${to_start[@]}"; do
  dir="$(node_dir "$i")"
  mkdir -p "$dir/data" "$dir/logs"
  port="${ports[$((i - 1))]}"
  # The node reads a copy of server.properties with its own id, ports and folders
  # (java.util.Properties: the later assignment wins).
  config="$dir/server.properties"
  {
    cat "$here/server.properties"
    printf '\nnode.id=%s\n' "$i"
    printf 'log.dirs=%s\n' "$dir/data"
    printf 'listeners=PLAINTEXT://127.0.0.1:%s,CONTROLLER://127.0.0.1:%s\n' "$port" "${controller_ports[$((i - 1))]}"
    printf 'advertised.listeners=PLAINTEXT://127.0.0.1:%s\n' "$port"
    printf 'controller.quorum.voters=%s\n' "$voters"
    printf 'default.replication.factor=%s\n' "$replication"
    printf 'offsets.topic.replication.factor=%s\n' "$replication"
    printf 'transaction.state.log.replication.factor=%s\n' "$replication"
    printf 'transaction.state.log.min.isr=%s\n' "$min_isr"
    printf 'min.insync.replicas=%s\n' "$min_isr"
  } >"$config"
  java_opts=(-Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$here/log4j2.properties"
    -Dkafka.logs.dir="$dir/logs")
  if [ ! -f "$dir/data/meta.properties" ]; then
    log "formatting storage of node $i (cluster $cluster_id)"
    java "${java_opts[@]}" -cp "$cp" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$config" --ignore-formatted >>"$dir/logs/format.log" 2>&1
  fi
  log "starting node $i on 127.0.0.1:$port (controller ${controller_ports[$((i - 1))]}; log: $dir/logs/server.log)"
  nohup java "${java_opts[@]}" -cp "$cp" kafka.Kafka "$config" >>"$dir/logs/stdout.log" 2>&1 &
  echo $! >"$dir/kafka.pid"
done

if ! node "$here/wait-ready.js" "$bootstrap" 120 "$nodes"; then
  log "Kafka did not become ready; last log lines:"
  for i in "${to_start[@]}"; do
    tail -n 30 "$(node_dir "$i")/logs/server.log" 2>/dev/null || true
    tail -n 30 "$(node_dir "$i")/logs/stdout.log" 2>/dev/null || true
  done
  exit 1
fi
for i in "${to_start[@]}"; do
  if ! node_alive "$i"; then
    log "node $i exited during start-up; last log lines:"
    tail -n 30 "$(node_dir "$i")/logs/server.log" 2>/dev/null || true
    exit 1
  fi
done
log "Kafka $kafka_version ready in $(( ($(date +%s%N) - started) / 1000000 )) ms: $nodes node(s), $bootstrap (started node(s) ${to_start[*]})"
