#!/usr/bin/env bash
# Amazon sync benchmark (issues 5, 14): LISTINGS listings of one seller in MARKETPLACES na marketplaces of a
# fake Amazon (Amazon's usage plans: listings 5 req/s burst 10, catalog 2 req/s burst 2), a Calibrate
# server in the same JVM; a first sync and a second one of the unchanged seller. Prints wall time, calls,
# 429s, the buckets' theoretical minimum and the ratio, and the events each sync wrote.
#   bench/amazon-sync.sh [LISTINGS=2000] [MARKETPLACES=1]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
LISTINGS="${1:-2000}"
MARKETPLACES="${2:-1}"
OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-amazon-sync"
mkdir -p "$OUT"

echo "== building (the fake Amazon is in the connectors test jar); nothing is installed into ~/.m2"
# package in the same reactor as build-classpath, so that the sibling modules resolve to this worktree's
# target/*.jar (not to whatever ~/.m2 holds); the app's classpath file is written last
./mvnw -B -q -o -pl app -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log"
CP="$ROOT/app/target/classes:$(cat "$OUT/classpath.txt")"

echo "== running: $LISTINGS listings x $MARKETPLACES marketplace(s); output in $OUT"
java -Xmx2g -Dbench.log="$OUT/server.log" -cp "$CP" "$ROOT/bench/AmazonSyncBench.java" "$LISTINGS" "$MARKETPLACES" 2>"$OUT/stderr.log" | tee "$OUT/result.txt"
