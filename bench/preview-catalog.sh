#!/usr/bin/env bash
# The command side's preview catalog (issue 14, aim 2): heap of a tenant of PRODUCTS products held in the
# cache, time to rebuild it from the read model, beside the raw-JDBC floor of reading the same rows.
#   bench/preview-catalog.sh [PRODUCTS=100000]
#   BENCH_HISTORY=K  give each product K price changes in the last 90 days (the anomaly flags' sample; default 0)
#   BENCH_VACUUM=true   VACUUM the history table after seeding it (the visibility map autovacuum would set);
#   BENCH_VACUUM=after  rebuild without, then VACUUM and rebuild again in the same run
#   BENCH_INDEX_BUILD=true  at the end, time a CREATE INDEX like V43's over the seeded history
#   JAVA_OPTS=...    extra JVM options, e.g. -XX:StartFlightRecording=filename=/tmp/catalog.jfr,settings=profile
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PRODUCTS="${1:-100000}"
OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-preview-catalog"
mkdir -p "$OUT"

echo "== building; nothing is installed into ~/.m2"
./mvnw -B -q -o -pl app -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log"
CP="$ROOT/app/target/classes:$(cat "$OUT/classpath.txt")"

echo "== running: $PRODUCTS products; output in $OUT; load: $(uptime | sed 's/.*load average: //')"
java -Xmx2g -XX:+UseG1GC ${JAVA_OPTS:-} -Dbench.history="${BENCH_HISTORY:-0}" -Dbench.vacuum="${BENCH_VACUUM:-false}" -Dbench.index-build="${BENCH_INDEX_BUILD:-false}" -Dbench.log="$OUT/server.log" -cp "$CP" "$ROOT/bench/PreviewCatalogBench.java" "$PRODUCTS" \
  2>"$OUT/stderr.log" | tee "$OUT/result.txt"
grep -h "Preview catalog of tenant" "$OUT/server.log" | tail -3 || true
