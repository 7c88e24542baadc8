#!/usr/bin/env bash
# Price change benchmark: N products in the catalog, then one rule selecting 90% of them, previewed,
# approved and applied end to end; then the raw PostgreSQL baseline on the same database.
#
#   bench/pricechange.sh [N]       N products (default 100000)
#
# Environment (all optional): BENCH_THREADS=4 (ingest client threads), BENCH_KEEP_DATA=1,
# BENCH_APPLY_ONLY=1 (while developing the apply: one preview, no warm preview, page, preview floor
# or raw baseline), BENCH_APPLY_WARMUP=M (M products of another tenant put through the same flow first, so the
# measured apply runs on code the JIT has compiled, as on a server that has applied before; 0, the default,
# measures a server's first apply), BENCH_PREVIEW_REPEAT=K (K more previews of the same change after the held one,
# each timed), BENCH_APPLY_LIVE_EVERY=5 (a full GC every 5 s of the apply and the heap right
# after it: what the apply retains, garbage not counted; the pauses make the run's timings incomparable),
# JAVA_OPTS=... (e.g. -XX:StartFlightRecording=filename=bench/out/pc.jfr,settings=profile).
# Prints: catalog load time, how much later every event processor had caught up (the previews are
# timed only then, so they do not share the cores with the ingest's tail), preview time (the POST that evaluates and stores every item; the first
# rebuilds the node's preview catalog, so it runs twice: first, then with the catalog held), the time
# to page deep into the preview, apply time until every item has its outcome, and until the catalog
# read model shows the last price; beside it the apply's floor (bench/ApplyFloor.java: its rows in raw
# SQL, set-based per chunk of BENCH_APPLY_CHUNK=2000), the server's CPU per applied item (/proc) and
# its heap above idle during the apply (jstat every 200 ms, idle after a full GC just before), and the
# apply's CPU split: the machine, PostgreSQL's processes by role, the JVM's threads by group and per event processor. Results and the app log are kept in bench/out/<timestamp>-pc-N<N>/.
# This is not a test: nothing here asserts timings.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

N="${1:-100000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: bench/pricechange.sh [N]  (N > 0, default 100000)" >&2; exit 2; }
JAR="$ROOT/app/target/calibrate.jar"
for tool in java python3 curl psql; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done

OUT_NAME="pc-N$N"
GC_LOG=""
if [[ "${BENCH_APPLY_LIVE_EVERY:-0}" != "0" ]]; then
    # the live probe reads the heap after each of its full GCs from the server's GC log
    GC_LOG="${TMPDIR:-/tmp}/calibrate-pc-gc-$$.log"
    JAVA_OPTS="${JAVA_OPTS:-} -Xlog:gc:file=$GC_LOG::filecount=0"
fi
# shellcheck source=bench/server.sh
source "$ROOT/bench/server.sh"

# shellcheck source=bench/preview_floor.sh
source "$ROOT/bench/preview_floor.sh"

echo "== $N products, then a price change over the 90% tagged summer"
BENCH_SERVER_PID="$SERVER_PID" python3 "$ROOT/bench/pricechange_client.py" --port "$PORT" --admin-token "$ADMIN_TOKEN" --n "$N" \
    --threads "${BENCH_THREADS:-4}" ${POSTMASTER_PID:+--postmaster-pid "$POSTMASTER_PID"} --out "$OUT/pricechange.json" ${BENCH_APPLY_ONLY:+--apply-only} \
    --apply-live-every "${BENCH_APPLY_LIVE_EVERY:-0}" --gc-log "$GC_LOG" --apply-warmup "${BENCH_APPLY_WARMUP:-0}" \
    --preview-repeat "${BENCH_PREVIEW_REPEAT:-0}"

# the apply's own rows with no Java in the loop, set-based per chunk, on the same database
floor_driver="$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | grep -v sources | sort -V | tail -n1 || true)"
if [[ -z "$floor_driver" ]]; then
    mkdir -p "$DATA/driver"
    (cd "$DATA/driver" && unzip -q -j -o "$JAR" 'BOOT-INF/lib/postgresql-*.jar' && mv postgresql-*.jar postgresql.jar)
    floor_driver="$DATA/driver/postgresql.jar"
fi
echo "== apply floor: the apply's rows in raw SQL, chunks of ${BENCH_APPLY_CHUNK:-2000}"
java -cp "$floor_driver" "$ROOT/bench/ApplyFloor.java" "$PG_PORT" "${BENCH_APPLY_CHUNK:-2000}" | tee "$OUT/apply_floor.txt"

[[ -z "$GC_LOG" ]] || mv "$GC_LOG" "$OUT/gc.log"

if [[ -z "${BENCH_APPLY_ONLY:-}" ]]; then
    run_preview_floor
    run_baseline "$N" 1000 "$(( N < 5000 ? N : 5000 ))"
fi
stop_server

python3 - "$OUT" <<'PY'
import json, os, statistics, sys
out = sys.argv[1]
def kv(name):
    path = f"{out}/{name}"
    return dict(line.strip().split("=", 1) for line in open(path) if "=" in line) if os.path.exists(path) else {}
r = json.load(open(f"{out}/pricechange.json"))
base, floor, pfloor = kv("baseline.txt"), kv("apply_floor.txt"), kv("preview_floor.txt")
applied = r["outcomes"]["APPLIED"]
print()
print(f"| step | result |")
print(f"| --- | --- |")
print(f"| catalog of {r['n']:,} products visible | {r['catalog_s']:.1f} s |")
print(f"| then every event processor caught up (the previews start after) | {r['quiet_s']:.1f} s later |")
print(f"| preview ({r['preview_items']:,} items, {r['preview_changes']:,} to change) | {r['preview_s']:.2f} s |")
if pfloor:
    print(f"| preview floor: its {int(pfloor['floor_rows']):,} rows COPY'd by psql in the binary format, no Java | {float(pfloor['floor_copy_s']):.2f} s |")
print(f"| preview heap above idle (peak, garbage included) | {r['preview_heap_above_idle_mb']:.0f} MB |")
print(f"| preview again, this node's catalog held (heap above idle) | {r['preview_warm_s']:.2f} s ({r['preview_warm_heap_above_idle_mb']:.0f} MB) |")
repeats = r.get("preview_repeat_s", [])
if repeats:
    print(f"| preview repeated {len(repeats)} times, catalog held, no heap probe (median; fastest–slowest) |"
          f" {statistics.median(repeats):.2f} s; {min(repeats):.2f}–{max(repeats):.2f} s |")
print(f"| preview page 100 (size 500, status=CHANGE) | {r['preview_page_s'] * 1000:.0f} ms |")
print(f"| apply: every item has its outcome | {r['apply_s']:.1f} s ({applied / r['apply_s']:,.0f} items/s; {r['outcomes']}) |")
print(f"| apply: catalog read model shows the last price | {r['apply_visible_s']:.1f} s |")
print(f"| apply floor: its rows in raw SQL, set-based per chunk ({int(floor['apply_floor_items']):,} items) | {float(floor['apply_floor_s']):.1f} s |")
if applied:
    print(f"| apply: server CPU per applied item | {r['apply_cpu_s'] * 1000 / applied:.2f} ms |")
print(f"| apply: heap above idle (peak in use incl. garbage / peak old gen), idle {r['apply_heap_idle_mb']:.0f} MB | {r['apply_heap_above_idle_mb']:.0f} MB / {r['apply_old_above_idle_mb']:.0f} MB |")
if r.get("apply_live_above_idle_mb") is not None:
    print(f"| apply: heap retained above idle (peak right after full GCs during the apply) | {r['apply_live_above_idle_mb']:.0f} MB |")
for key in ("batch_rows_per_s", "multirow_rows_per_s", "single_rows_per_s", "fdatasync_per_s"):
    if key in base:
        print(f"| raw PostgreSQL {key} | {float(base[key]):,.0f} |")
print(f"\nresults in {out}")
PY
