#!/usr/bin/env bash
# Ingest benchmark: N products through the batch API, then the raw-database floor on the same DB:
# the ingest's own rows (2 events, view, price, history, 2 audit rows per product), set-based per
# chunk of BATCH products with no Java in the loop (bench/ingest_floor.py), printed beside the
# measured rate with the ratio; then the older generic row baselines (bench/PgBaseline.java).
#
#   bench/ingest.sh [N]            N products (default 20000), 1,000 per request
#
# Environment (all optional):
#   BENCH_THREADS=4         concurrent client connections
#   BENCH_BATCH=1000        items per request (the API allows at most 1,000)
#   BENCH_SINGLE_ROWS=5000  rows of the one-commit-per-row baseline (capped at N)
#   BENCH_VISIBLE_TIMEOUT=3600  seconds to wait for the read model to show all N products
#   BENCH_WARMUP=0          products ingested into another tenant (until visible) before the
#                           measured run: 0 measures a cold JVM (JIT compiling), as a first import
#   BENCH_KEEP_DATA=1       keep the temporary data directory
#   JAVA_OPTS=...           extra JVM options for the server
#
# It builds app/target/calibrate.jar if missing, starts the server on a free port with a fresh
# temporary data directory (embedded PostgreSQL), creates a tenant and a token, runs the load,
# prints a summary and stops the server with SIGTERM. Results, the app log and a `top` snapshot
# are kept in bench/out/<timestamp>-N<N>/. Everything runs against localhost only.
# This is not a test: nothing here asserts timings.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

N="${1:-20000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 0 ]] || { echo "usage: bench/ingest.sh [N]  (N > 0, default 20000)" >&2; exit 2; }
THREADS="${BENCH_THREADS:-4}"
BATCH="${BENCH_BATCH:-1000}"
SINGLE_ROWS="${BENCH_SINGLE_ROWS:-5000}"
if (( SINGLE_ROWS > N )); then SINGLE_ROWS="$N"; fi
JAR="$ROOT/app/target/calibrate.jar"

for tool in java python3 curl psql; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done

OUT_NAME="N$N"
# shellcheck source=bench/server.sh
source "$ROOT/bench/server.sh"


# ---------------------------------------------------------------- the API run
echo "== ingesting $N products through POST /api/v1/products:batch ($BATCH per request, $THREADS threads)"
python3 "$ROOT/bench/ingest_client.py" --port "$PORT" --admin-token "$ADMIN_TOKEN" --n "$N" \
    --batch "$BATCH" --threads "$THREADS" --server-pid "$SERVER_PID" \
    --visible-timeout "${BENCH_VISIBLE_TIMEOUT:-3600}" --warmup "${BENCH_WARMUP:-0}" \
    ${POSTMASTER_PID:+--postmaster-pid "$POSTMASTER_PID"} --pg-port "$PG_PORT" --out "$OUT/api.json" || {
    if ! kill -0 "$SERVER_PID" 2>/dev/null || grep -q "Commencing graceful shutdown" "$OUT/app.log"; then
        echo "bench: the server stopped during the run (a signal from outside this script?); see $OUT/app.log" >&2
    fi
    exit 1
}

PSQL=(psql -h localhost -p "$PG_PORT" -U postgres -d postgres -XqA)
"${PSQL[@]}" -F ' | ' -c "
SELECT 'domainevententry' AS table_name, count(*) AS rows FROM domainevententry
UNION ALL SELECT 'product_view', count(*) FROM product_view
UNION ALL SELECT 'product_price', count(*) FROM product_price
UNION ALL SELECT 'product_price_history', count(*) FROM product_price_history
UNION ALL SELECT 'audit_entry', count(*) FROM audit_entry
UNION ALL SELECT 'tokenentry', count(*) FROM tokenentry" >"$OUT/table-rows.txt"
"${PSQL[@]}" -F ' | ' -c "SELECT processorname, segment, owner IS NOT NULL AS claimed FROM tokenentry ORDER BY 1, 2" \
    >"$OUT/processors.txt"
"${PSQL[@]}" -F ' | ' -c "SELECT name, setting FROM pg_settings WHERE name IN
    ('synchronous_commit', 'fsync', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_wal_size', 'commit_delay')" \
    >"$OUT/pg-settings.txt"

echo "== raw-database floor: the ingest's own rows for $N products, set-based per chunk of $BATCH"
python3 "$ROOT/bench/ingest_floor.py" --pg-port "$PG_PORT" --n "$N" --chunk "$BATCH" | tee "$OUT/floor.txt"
run_baseline "$N" "$BATCH" "$SINGLE_ROWS"

# ---------------------------------------------------------------- stop, then report
stop_server

python3 - "$OUT" "$N" <<'PY'
import json, sys, os, platform, subprocess
out, n = sys.argv[1], int(sys.argv[2])
api = json.load(open(f"{out}/api.json"))
base = dict(line.strip().split("=", 1) for line in open(f"{out}/baseline.txt") if "=" in line)
floor = dict(line.strip().split("=", 1) for line in open(f"{out}/floor.txt") if "=" in line)
cpus = os.cpu_count()
mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]

def f(v, unit=""):
    return "n/a" if v is None else (f"{v:,.0f}{unit}" if isinstance(v, (int, float)) else str(v))

floor_rate = float(floor["floor_products_per_s"])
visible_rate = api["visible_products_per_s"]
rows = [
    ("Raw-database floor: the ingest's rows", f(floor_rate, " /s"),
     f"{int(floor['floor_rows']):,} rows for {n:,} products, set-based per {floor['floor_chunk']}, no Java, "
     f"{float(floor['floor_seconds']):.2f} s"),
    ("Measured / floor", "n/a" if not visible_rate else f"{visible_rate / floor_rate:.2f}",
     "products visible in the read model per second, over the floor"),
    ("API: products accepted", f(api["api_products_per_s"], " /s"),
     f"{api['succeeded']:,} ok, {api['failed']:,} failed in {api['api_seconds']:.2f} s"),
    ("Read model: all products visible", f(api["visible_products_per_s"], " /s"),
     f"{f(api['visible_seconds'])} s from the first request (lag after the API: {api['read_model_lag_after_api_s']} s)"),
    ("Event store: events appended", f(api["events_per_s"], " /s"),
     f"{api['events']:,} events = {api['events_per_product']} per product"),
    ("Raw PG: JDBC batch insert", f(float(base["batch_rows_per_s"]), " rows/s"),
     f"{int(base['batch_rows']):,} rows, {base['batch_size']} per batch+commit, {float(base['batch_seconds']):.2f} s"),
    ("Raw PG: multi-row INSERT", f(float(base["multirow_rows_per_s"]), " rows/s"),
     f"{int(base['multirow_rows']):,} rows, same batches with reWriteBatchedInserts, {float(base['multirow_seconds']):.2f} s"),
    ("Raw PG: one commit per row", f(float(base["single_rows_per_s"]), " rows/s"),
     f"{int(base['single_rows']):,} rows, fsync={base.get('fsync')}, {float(base['single_seconds']):.2f} s"),
]
if "fdatasync_per_s" in base:
    rows.append(("Disk: 8 KiB write + fdatasync", f(float(base["fdatasync_per_s"]), " /s"),
                 "ceiling of durable one-row commits without group commit"))
w0 = max(len(r[0]) for r in rows); w1 = max(len(r[1]) for r in rows)
lines = [f"Calibrate ingest benchmark  N={n:,}  batch={api['batch']}  client threads={api['threads']}"
         + (f"  after a warm-up of {api['warmup_products']:,} products" if api.get("warmup_products") else "  (cold JVM)"),
         f"machine: {cpus} CPUs ({platform.machine()}), {mem} RAM, "
         + subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
         "-" * (w0 + w1 + 60)]
lines += [f"{a:<{w0}}  {b:>{w1}}  {c}" for a, b, c in rows]
lines.append("-" * (w0 + w1 + 60))
lat = api["request_latency_s"]
lines.append(f"request latency (1,000 items): p50 {lat['p50']} s, max {lat['max']} s; "
             f"per product inside a request: {1000 * lat['p50'] / api['batch']:.2f} ms")
def share(groups, wall):
    return ", ".join(f"{k.split(' (')[0]} {v / wall:.2f}" for k, v in list(groups.items())[:4] if v > 0)
for label, cpu in (("API phase", api["cpu_seconds_api_phase"]), ("catch-up phase", api["cpu_seconds_catch_up_phase"])):
    if not cpu or not cpu["wall_seconds"]:
        continue
    wall = cpu["wall_seconds"]
    lines.append(f"CPU in the {label} ({wall:.1f} s), cores busy of {cpus}: machine {cpu['machine_busy'] / wall:.2f} = "
                 f"JVM {sum(cpu['jvm'].values()) / wall:.2f} + PostgreSQL {sum(cpu['postgres'].values()) / wall:.2f} + "
                 f"bench client {cpu['bench_client'] / wall:.2f} + other processes {cpu['other_processes'] / wall:.2f}")
    lines.append(f"    JVM: {share(cpu['jvm'], wall)}")
    lines.append(f"    PostgreSQL: {share(cpu['postgres'], wall)}")
pos = api.get("processor_positions_at_api_end") or {}
if pos:
    span = max(1, api["end_position"] - api["start_position"])
    lines.append("event processors when the API phase ended: " + ", ".join(
        f"{name} {max(0, p - api['start_position']) / span:.0%}" for name, p in sorted(pos.items()))
        + f" of the {api['events']:,} new events")
proc = api.get("processor_cpu_seconds") or {}
if proc:
    lines.append("CPU per product of each tracking processor (until visible): " + ", ".join(
        f"{name} {1000 * sec / n:.3f} ms" for name, sec in proc.items()))
server_cpu = 0.0
for cpu in (api["cpu_seconds_api_phase"], api["cpu_seconds_catch_up_phase"]):
    if cpu:
        server_cpu += sum(cpu["jvm"].values()) + sum(cpu["postgres"].values())
jvm_cpu = sum(sum(c["jvm"].values()) for c in (api["cpu_seconds_api_phase"], api["cpu_seconds_catch_up_phase"]) if c)
lines.append(f"CPU per product (until visible): {1000 * server_cpu / n:.2f} ms = JVM {1000 * jvm_cpu / n:.2f} ms"
             f" + PostgreSQL {1000 * (server_cpu - jvm_cpu) / n:.2f} ms")
lines.append(f"event sizes of the floor (payload+metadata bytes): {floor.get('floor_event_bytes')}")
lines.append(f"load average before the run: {api['load_average_before']}")
pg = api.get("pg_counters_delta")
if pg:
    lines.append(f"PostgreSQL during the run: {pg['xact_commit']:,} commits ({pg['xact_commit'] / n:.1f} per product), "
                 f"{pg['wal_sync']:,} WAL fsyncs ({pg['wal_sync'] / n:.2f} per product), "
                 f"{pg['wal_bytes'] / n / 1024:.1f} KiB WAL per product")
lines.append(f"event payload ~{base.get('event_payload_bytes')} B + metadata ~{base.get('event_metadata_bytes')} B; "
             f"synchronous_commit={base.get('synchronous_commit')}, fsync={base.get('fsync')}")
lines.append(f"details: {os.path.relpath(out)}/ (api.json, baseline.txt, app.log, top-during-ingest.txt)")
text = "\n".join(lines)
open(f"{out}/summary.txt", "w").write(text + "\n")
print("\n" + text)
PY
