#!/usr/bin/env bash
# Competitor monitoring benchmark (issue 5): a Calibrate server in the same JVM, PRODUCTS products, COMPETITORS
# competitors, an observation of every product from each competitor in batches of 5,000; then the price
# position's first page and the preview of a match_competitor price change over every product.
# Prints per-batch latency, observations/s, read latency and the preview's wall time and counts.
#   bench/competitors.sh [PRODUCTS=10000] [COMPETITORS=5]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PRODUCTS="${1:-10000}"
COMPETITORS="${2:-5}"
OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-competitors"
mkdir -p "$OUT"

echo "== building; nothing is installed into ~/.m2"
# package in the same reactor as build-classpath, so that the sibling modules resolve to this worktree's
# target/*.jar (not to whatever ~/.m2 holds); the app's classpath file is written last
./mvnw -B -q -o -pl app -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log"
CP="$ROOT/app/target/classes:$(cat "$OUT/classpath.txt")"

echo "== running: $PRODUCTS products x $COMPETITORS competitors; output in $OUT"
java -Xmx2g -Dbench.log="$OUT/server.log" -cp "$CP" "$ROOT/bench/CompetitorsBench.java" "$PRODUCTS" "$COMPETITORS" \
  2>"$OUT/stderr.log" | tee "$OUT/result.txt"
