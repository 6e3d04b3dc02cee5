#!/usr/bin/env bash
# Samples CPU use per process group (java, postgres, each node app) every second.
# Usage: bash scripts/dev/cpu-sampler.sh <seconds>
hz=$(getconf CLK_TCK)
declare -A prev
snap() {
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ -r "$p/stat" ] || continue
    read -r -a f < "$p/stat" 2>/dev/null || continue
    cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null | cut -c1-200)
    case "$cmd" in
      *kafka.Kafka*) g=kafka;; postgres*) g=postgres;;
      *apps/ingest*) g=ingest;; *apps/projector*) g=projector;; *apps/query*) g=query;; *apps/bench*) g=bench;; *replay*) g=replay;;
      *) continue;;
    esac
    echo "$g $((f[13]+f[14]))"
  done | awk '{a[$1]+=$2} END {for (k in a) print k, a[k]}'
}
declare -A last
while read -r g t; do last[$g]=$t; done < <(snap)
for i in $(seq 1 "$1"); do
  sleep 1
  line=""
  while read -r g t; do d=$(( t - ${last[$g]:-$t} )); last[$g]=$t; line+="$g=$(( d * 100 / hz ))% "; done < <(snap)
  echo "$line"
done
