#!/usr/bin/env bash
# Shopify write-back benchmark: PRODUCTS products x VARIANTS variants in a fake Shopify at Standard-plan
# limits, a Calibrate server in the same JVM, and a price change over every variant written back once
# per product and once through a bulk mutation. Prints wall time vs the bucket's theoretical minimum, vs
# every Shopify product in one call, and the calls per product.
#   bench/shopify-writeback.sh [PRODUCTS=2000] [VARIANTS=5] [SIBLING_WINDOW=the default, 2s]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PRODUCTS="${1:-2000}"
VARIANTS="${2:-5}"
WINDOW="${3:-}"
OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-shopify-writeback"
mkdir -p "$OUT"

echo "== building (the fake Shopify is in the connectors test jar); nothing is installed into ~/.m2"
# package in the same reactor as build-classpath, so that the sibling modules resolve to this worktree's
# target/*.jar (not to whatever ~/.m2 holds); the app's classpath file is written last
./mvnw -B -q -o -pl app -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log"
CP="$ROOT/app/target/classes:$(cat "$OUT/classpath.txt")"

echo "== running: $PRODUCTS products x $VARIANTS variants, sibling window ${WINDOW:-default}; output in $OUT"
java -Xmx2g -cp "$CP" "$ROOT/bench/ShopifyWriteBackBench.java" "$PRODUCTS" "$VARIANTS" $WINDOW 2>"$OUT/server.log" | tee "$OUT/result.txt"
