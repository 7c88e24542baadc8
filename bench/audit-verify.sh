#!/usr/bin/env bash
# Audit log export verifier benchmark (issue 18 item 6): a synthetic but valid export of N leaves
# (default 1,000,000), written with the production leaf, tree and signing code and a checkpoint every
# 1,000 leaves, no database; then `java -jar app/target/calibrate.jar verify` on it, timed, beside a floor
# (the file read and SHA-256'd whole, in Java and with sha256sum). The aim: under 60 s for 1,000,000.
#   bench/audit-verify.sh [N=1000000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
N="${1:-1000000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: bench/audit-verify.sh [N]  (N > 0, default 1000000)" >&2; exit 2; }
OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-audit-verify"
mkdir -p "$OUT"

echo "== building app/target/calibrate.jar and the classpath; nothing is installed into ~/.m2"
./mvnw -B -q -o -pl app -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log"
CP="$ROOT/app/target/classes:$(cat "$OUT/classpath.txt")"

echo "== generating $N leaves into $OUT/export.jsonl"
java -Xmx512m -cp "$CP" "$ROOT/bench/AuditExportBench.java" "$OUT/export.jsonl" "$N" | tee "$OUT/result.txt"

echo "== floor: sha256sum" | tee -a "$OUT/result.txt"
{ /usr/bin/time -f "sha256sum: %e s wall, %M KB max RSS" sha256sum "$OUT/export.jsonl" >/dev/null; } 2>&1 | tee -a "$OUT/result.txt"

echo "== java -jar app/target/calibrate.jar verify (heap capped at 256 MB: the verifier keeps O(log n) hashes)" | tee -a "$OUT/result.txt"
{ /usr/bin/time -f "verify: %e s wall, %U s user, %M KB max RSS" \
    java -Xmx256m -jar "$ROOT/app/target/calibrate.jar" verify "$OUT/export.jsonl"; } 2>&1 | tee -a "$OUT/result.txt"
rm -f "$OUT/export.jsonl"
