#!/usr/bin/env bash
# Ingest benchmark: N products through the batch API, then a raw PostgreSQL baseline on the same DB.
#
#   bench/ingest.sh [N]            N products (default 20000), 1,000 per request
#
# Environment (all optional):
#   BENCH_THREADS=4         concurrent client connections
#   BENCH_BATCH=1000        items per request (the API allows at most 1,000)
#   BENCH_SINGLE_ROWS=5000  rows of the one-commit-per-row baseline (capped at N)
#   BENCH_VISIBLE_TIMEOUT=3600  seconds to wait for the read model to show all N products
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

# ---------------------------------------------------------------- build
if [[ ! -f "$JAR" ]]; then
    echo "== building $JAR"
    ./mvnw -B -q -o package -DskipTests || ./mvnw -B -q package -DskipTests
fi

OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-N$N"
mkdir -p "$OUT"
DATA="$(mktemp -d "${TMPDIR:-/tmp}/cbench-XXXXXX")"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ADMIN_TOKEN="bench-admin-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
SERVER_PID=""
POSTMASTER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "== stopping the server (SIGTERM to pid $SERVER_PID)"
        kill -TERM "$SERVER_PID"
        for _ in $(seq 1 120); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "   the server did not stop within 60 s; SIGKILL" >&2
            kill -KILL "$SERVER_PID" 2>/dev/null || true
        fi
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    # the embedded PostgreSQL normally stops with the server; never leave ours behind
    if [[ -n "$POSTMASTER_PID" ]] && kill -0 "$POSTMASTER_PID" 2>/dev/null; then
        sleep 2
        if kill -0 "$POSTMASTER_PID" 2>/dev/null; then
            echo "   stopping the embedded PostgreSQL left behind (pid $POSTMASTER_PID)" >&2
            kill -INT "$POSTMASTER_PID" 2>/dev/null || true
            sleep 3
        fi
    fi
    SERVER_PID=""
}

cleanup() {
    local rc=$?
    stop_server
    if [[ "${BENCH_KEEP_DATA:-0}" == "1" ]]; then
        echo "== data kept in $DATA"
    else
        rm -rf "$DATA"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- start the server
# The server runs from a private copy of the jar: a rebuild of app/target during the run cannot
# pull the classes from under it, and a `pkill -f calibrate.jar` meant for another server on this
# shared machine does not stop it.
cp "$JAR" "$DATA/server.jar"
echo "== starting the server on port $PORT (data in $DATA, log in $OUT/app.log)"
CALIBRATE_DATA_DIR="$DATA" SERVER_PORT="$PORT" CALIBRATE_ADMIN_TOKEN="$ADMIN_TOKEN" \
    AXONIQ_UPDATE_CHECKER_DISABLED=true \
    java ${JAVA_OPTS:-} -jar "$DATA/server.jar" >"$OUT/app.log" 2>&1 &
SERVER_PID=$!

started=""
for _ in $(seq 1 240); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "bench: the server exited during start-up; last lines of $OUT/app.log:" >&2
        tail -n 40 "$OUT/app.log" >&2
        exit 1
    fi
    if curl -fsS "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
        started=1
        break
    fi
    sleep 0.5
done
[[ -n "$started" ]] || { echo "bench: the server was not healthy within 120 s" >&2; exit 1; }

PG_PORT="$(grep -o 'Embedded PostgreSQL [0-9]* listening on port [0-9]*' "$OUT/app.log" | head -n1 | awk '{print $NF}')"
[[ -n "$PG_PORT" ]] || { echo "bench: no 'Embedded PostgreSQL ... listening on port' line in the log" >&2; exit 1; }
[[ -f "$DATA/postgres/postmaster.pid" ]] && POSTMASTER_PID="$(head -n1 "$DATA/postgres/postmaster.pid")"
echo "   up; embedded PostgreSQL on port $PG_PORT (postmaster pid ${POSTMASTER_PID:-?})"

# ---------------------------------------------------------------- the API run
echo "== ingesting $N products through POST /api/v1/products:batch ($BATCH per request, $THREADS threads)"
python3 "$ROOT/bench/ingest_client.py" --port "$PORT" --admin-token "$ADMIN_TOKEN" --n "$N" \
    --batch "$BATCH" --threads "$THREADS" --server-pid "$SERVER_PID" \
    --visible-timeout "${BENCH_VISIBLE_TIMEOUT:-3600}" \
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

# ---------------------------------------------------------------- the raw PostgreSQL baseline
DRIVER="$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | grep -v sources | sort -V | tail -n1 || true)"
if [[ -z "$DRIVER" ]]; then
    DRIVER_DIR="$DATA/driver"
    mkdir -p "$DRIVER_DIR"
    python3 - "$JAR" "$DRIVER_DIR" <<'PY'
import sys, zipfile
jar, out = sys.argv[1:]
with zipfile.ZipFile(jar) as z:
    name = next(n for n in z.namelist() if n.startswith("BOOT-INF/lib/postgresql-") and n.endswith(".jar"))
    with open(f"{out}/postgresql.jar", "wb") as f:
        f.write(z.read(name))
PY
    DRIVER="$DRIVER_DIR/postgresql.jar"
fi
echo "== raw PostgreSQL baseline: $N rows in JDBC batches of $BATCH, then $SINGLE_ROWS rows one commit each"
java -cp "$DRIVER" "$ROOT/bench/PgBaseline.java" "$PG_PORT" "$N" "$BATCH" "$SINGLE_ROWS" | tee "$OUT/baseline.txt"

# The embedded PostgreSQL runs with fsync=off (a command-line option, so it cannot be reloaded):
# measure what a flushed commit would cost on this disk, next to the data directory.
python3 - "$DATA" <<'PY' | tee -a "$OUT/baseline.txt"
import os, sys, time
path = os.path.join(sys.argv[1], "fsync-probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
block = os.urandom(8192)
t = time.perf_counter()
for i in range(300):
    os.pwrite(fd, block, (i % 16) * 8192)
    os.fdatasync(fd)
seconds = time.perf_counter() - t
os.close(fd)
os.remove(path)
print(f"fdatasync_per_s={300 / seconds:.1f}")
PY

# ---------------------------------------------------------------- stop, then report
stop_server

python3 - "$OUT" "$N" <<'PY'
import json, sys, os, platform, subprocess
out, n = sys.argv[1], int(sys.argv[2])
api = json.load(open(f"{out}/api.json"))
base = dict(line.strip().split("=", 1) for line in open(f"{out}/baseline.txt") if "=" in line)
cpus = os.cpu_count()
mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]

def f(v, unit=""):
    return "n/a" if v is None else (f"{v:,.0f}{unit}" if isinstance(v, (int, float)) else str(v))

rows = [
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
                 "ceiling of durable one-row commits without group commit (fsync is off in this run)"))
w0 = max(len(r[0]) for r in rows); w1 = max(len(r[1]) for r in rows)
lines = [f"Calibrate ingest benchmark  N={n:,}  batch={api['batch']}  client threads={api['threads']}",
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
