#!/usr/bin/env bash
# Preview cost benchmark (issue 11, item 2): a Calibrate server in the same JVM, PRODUCTS products titled with
# 255 a's, and previews of price changes selecting them by title glob (the audit's *a*a*a*a*a*a*a*b, the
# costliest glob for the matcher, and *), each twice. Prints the previews' wall times and counts.
#   bench/preview-glob.sh [PRODUCTS=10000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PRODUCTS="${1:-10000}"
OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-preview-glob"
mkdir -p "$OUT"

echo "== building; nothing is installed into ~/.m2"
# package in the same reactor as build-classpath, so that the sibling modules resolve to this worktree's
# target/*.jar (not to whatever ~/.m2 holds); the app's classpath file is written last
./mvnw -B -q -o -pl app -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log"
CP="$ROOT/app/target/classes:$(cat "$OUT/classpath.txt")"

echo "== running: $PRODUCTS products; output in $OUT"
java -Xmx2g -Dbench.log="$OUT/server.log" -cp "$CP" "$ROOT/bench/PreviewGlobBench.java" "$PRODUCTS" \
  2>"$OUT/stderr.log" | tee "$OUT/result.txt"
