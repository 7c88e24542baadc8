#!/usr/bin/env bash
# HTTP load benchmark (issue 19 item 7): a tenant of N products (default 100,000), then wrk against the
# API: product reads (by id and the list) with nothing else running, then while a price change over the
# whole catalog applies: product reads alone, and mixed with price change reads and drafts, each at 50
# and 200 connections. Prints requests/s,
# p50/p95/p99 and the answers that were not 2xx, and whether the apply was still running when wrk
# ended (and how many of its items were still pending; the probe beside each run splits PostgreSQL's CPU
# by process role); beside them the floor: the product's rows read straight from PostgreSQL by pgbench with as
# many clients as the server's pool (20). The aim (issue 19): product reads >= 1,000/s with p95 <= 50 ms
# and no errors while an apply runs.
#
#   bench/http-load.sh [N]          N products (default 100000)
#
# Environment (all optional):
#   BENCH_SECONDS=20      seconds of each wrk run
#   BENCH_WARMUP=120      seconds of reads before the first recorded run (the JIT compiles the read path)
#   BENCH_WARMUP_APPLY=1  then an apply with the mixed requests beside it (0: none)
#   BENCH_CONNECTIONS="50 200"
#   BENCH_THREADS=4       client threads of the seeding
#   JAVA_OPTS=...         extra JVM options for the server
#
# Needs wrk (Debian: apt-get install wrk), java 17, python3, curl; pgbench for the floor (PostgreSQL
# 15's, skipped when missing). Builds app/target/calibrate.jar if missing, starts the server on a free
# port with a fresh temporary data directory and stops it on exit; results stay in bench/out/.
# This is not a test: nothing here asserts timings.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

N="${1:-100000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1000 ]] || { echo "usage: bench/http-load.sh [N]  (N >= 1000, default 100000)" >&2; exit 2; }
SECONDS_EACH="${BENCH_SECONDS:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-50 200}"
JAR="${BENCH_JAR:-$ROOT/app/target/calibrate.jar}"   # BENCH_JAR: another build, to compare
for tool in java python3 curl wrk; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required (wrk: apt-get install wrk)" >&2; exit 2; }
done
PGBENCH="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n1 || true)"

# the writes of the mixed runs draft price changes: no daily quota in the way of a bench
export CALIBRATE_RATELIMITS_QUOTAS_PRICECHANGESPERDAY=0
OUT_NAME="http-load-N$N"
# shellcheck source=bench/server.sh
source "$ROOT/bench/server.sh"

echo "== seeding $N products"
python3 "$ROOT/bench/http_load.py" --port "$PORT" seed --admin-token "$ADMIN_TOKEN" --n "$N" \
    --threads "${BENCH_THREADS:-4}" --out "$OUT/seed.json" --ids "$OUT/ids.txt"
read -r TOKEN RUN TENANT < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["manager"], d["run"], d["tenant"])' "$OUT/seed.json")
# an operator token with the metrics scope: the probe beside each recorded run reads the pool from /actuator/prometheus
OPERATOR_TOKEN="$(curl -sS -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"bench-probe","scopes":["metrics"]}' "http://127.0.0.1:$PORT/admin/v1/operator-tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
# Beside each recorded wrk run: the pool's active/idle/pending connections each second and the CPU of each group
# of the server's threads and of PostgreSQL (bench/load_probe.py): whether the pool or the CPU holds reads back.
probe() {
    python3 "$ROOT/bench/load_probe.py" --pid "$SERVER_PID" --postmaster "$POSTMASTER_PID" --port "$PORT" \
        --token "$OPERATOR_TOKEN" --seconds "$SECONDS_EACH" >"$OUT/probe-$1.txt" 2>&1 &
    PROBE_PID=$!
}
probed() {
    wait "$PROBE_PID" || true
    local line
    line="$(grep '^PROBE' "$OUT/probe-$1.txt" || echo "PROBE missing: $(tail -n1 "$OUT/probe-$1.txt")")"
    echo "   $line"
    echo "probe $1 $line" >>"$OUT/results.txt"
}

# Measure a server as it runs in production: once the processors and PostgreSQL have caught up with the
# seeding (the server's and the database's CPU together below a tenth of a core for 2 s; at most 5 minutes),
# once it has applied a price change (below) and once the JIT has compiled the read path (BENCH_WARMUP seconds
# of reads, not recorded; the first 20 s
# of a cold JVM read 3-4x slower, and reads kept getting faster for two to three minutes: on 2026-12-07 the
# reads of bench/read-profile.sh's windows 40-100 s after the start ran at 640-980/s, the product reads after
# them at 980-1,300/s).
HZ="$(getconf CLK_TCK)"
cpu_ticks() {
    local total pid
    total="$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")"
    for pid in "$POSTMASTER_PID" $(pgrep -P "$POSTMASTER_PID" || true); do
        total=$(( total + $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
    done
    echo "$total"
}
wait_quiet() {
    local quiet="" before used
    for _ in $(seq 150); do
        before="$(cpu_ticks)"; sleep 2
        used=$(( $(cpu_ticks) - before ))   # negative when a database process ended meanwhile: measure again
        if (( used >= 0 && used < HZ / 5 )); then quiet=yes; break; fi
    done
    [[ -n "$quiet" ]] || echo "   warning: the server was still busy after 5 minutes; measuring anyway" >&2
}
wait_quiet
percent=-10
# A server in production has applied price changes before: without this, the JIT compiled the apply's, the
# processors' and the mixed requests' code inside the recorded windows (0.2-0.3 of a core on 2026-12-07).
# BENCH_WARMUP_APPLY=0 skips it. Then the reads, which also give the processors time to finish the apply's tail.
if [[ "${BENCH_WARMUP_APPLY:-1}" != 0 ]]; then
    echo "== warming up: an apply with the mixed requests for 60 s beside it, to its end (not recorded)"
    change="$(python3 "$ROOT/bench/http_load.py" --port "$PORT" start-apply --seed "$OUT/seed.json" --percent "$percent" | tail -n1)"
    percent=$(( -percent ))
    BENCH_TOKEN="$TOKEN" BENCH_IDS="$OUT/ids.txt" BENCH_MIX=mixed BENCH_CHANGE="$change" BENCH_RUN="$RUN" \
        wrk -t2 -c50 -d60s --timeout 10s -s "$ROOT/bench/http_load.lua" "http://127.0.0.1:$PORT" \
        >"$OUT/wrk-warmup-apply.txt" 2>&1
    python3 "$ROOT/bench/http_load.py" --port "$PORT" wait-applied --seed "$OUT/seed.json" --change "$change" >/dev/null
    wait_quiet
fi
echo "== warming up: reads for ${BENCH_WARMUP:-120} s (not recorded)"
BENCH_TOKEN="$TOKEN" BENCH_IDS="$OUT/ids.txt" BENCH_MIX=reads \
    wrk -t2 -c50 -d"${BENCH_WARMUP:-120}s" --timeout 10s -s "$ROOT/bench/http_load.lua" "http://127.0.0.1:$PORT" \
    >"$OUT/wrk-warmup.txt" 2>&1

: >"$OUT/results.txt"
for connections in $CONNECTIONS; do
    echo "== reads, $connections connections, no apply running: wrk for $SECONDS_EACH s"
    probe "idle-$connections"
    BENCH_TOKEN="$TOKEN" BENCH_IDS="$OUT/ids.txt" BENCH_MIX=reads \
        wrk -t2 -c"$connections" -d"${SECONDS_EACH}s" --timeout 10s -s "$ROOT/bench/http_load.lua" \
        "http://127.0.0.1:$PORT" >"$OUT/wrk-idle-$connections.txt" 2>&1
    result="$(grep '^RESULT' "$OUT/wrk-idle-$connections.txt" || echo "RESULT missing")"
    echo "   $result"
    echo "reads-idle $connections $result" >>"$OUT/results.txt"
    probed "idle-$connections"
done
for mix in reads mixed; do
    for connections in $CONNECTIONS; do
        echo "== $mix, $connections connections: a price change over every product, then wrk for $SECONDS_EACH s while it applies"
        change="$(python3 "$ROOT/bench/http_load.py" --port "$PORT" start-apply --seed "$OUT/seed.json" --percent "$percent" | tail -n1)"
        percent=$(( -percent ))
        probe "$mix-$connections"
        BENCH_TOKEN="$TOKEN" BENCH_IDS="$OUT/ids.txt" BENCH_MIX="$mix" BENCH_CHANGE="$change" BENCH_RUN="$RUN" \
            wrk -t2 -c"$connections" -d"${SECONDS_EACH}s" --timeout 10s -s "$ROOT/bench/http_load.lua" \
            "http://127.0.0.1:$PORT" >"$OUT/wrk-$mix-$connections.txt" 2>&1
        state="$(python3 "$ROOT/bench/http_load.py" --port "$PORT" state --seed "$OUT/seed.json" --change "$change")"
        result="$(grep '^RESULT' "$OUT/wrk-$mix-$connections.txt" || echo "RESULT missing")"
        echo "   $result apply_state_at_end=$state"
        echo "$mix $connections $result apply_state_at_end=$state" >>"$OUT/results.txt"
        probed "$mix-$connections"
        python3 "$ROOT/bench/http_load.py" --port "$PORT" wait-applied --seed "$OUT/seed.json" --change "$change" >/dev/null
    done
done

# The floor: the product's own rows (its view row, its prices, its price history) by primary key,
# straight from PostgreSQL, with as many clients as the server's pool holds connections.
if [[ -n "$PGBENCH" ]]; then
    echo "== floor: pgbench, the product's rows by key, 20 clients, $SECONDS_EACH s"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -c "DROP TABLE IF EXISTS bench_ids;
        CREATE TABLE bench_ids AS SELECT row_number() OVER () AS n, product_id FROM product_view
         WHERE tenant_id = '$TENANT'; CREATE UNIQUE INDEX ON bench_ids (n); ANALYZE bench_ids;"
    cat >"$OUT/floor.sql" <<SQL
\\set i random(1, $N)
SELECT v.* FROM product_view v JOIN bench_ids b ON b.product_id = v.product_id WHERE b.n = :i AND v.tenant_id = '$TENANT';
SELECT p.* FROM product_price p JOIN bench_ids b ON b.product_id = p.product_id WHERE b.n = :i;
SELECT h.* FROM product_price_history h JOIN bench_ids b ON b.product_id = h.product_id WHERE b.n = :i;
SQL
    "$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -c 20 -j 2 -T "$SECONDS_EACH" -r -f "$OUT/floor.sql" \
        postgres >"$OUT/floor.txt" 2>&1 || true
    tps="$(grep -o 'tps = [0-9.]*' "$OUT/floor.txt" | head -n1 | awk '{print $3}' || true)"
    latency="$(grep -o 'latency average = [0-9.]* ms' "$OUT/floor.txt" | awk '{print $4}' || true)"
    echo "floor product-reads/s=${tps:-?} latency_avg_ms=${latency:-?}" | tee -a "$OUT/results.txt"
fi

stop_server
echo "== results ($OUT/results.txt)"
cat "$OUT/results.txt"
