#!/usr/bin/env bash
# Where an apply's PostgreSQL time goes, statement by statement (issue 14 aim 3, issue 19 item 7): the server on
# the installed PostgreSQL (an external database, since the embedded one loads no pg_stat_statements), a tenant of
# N products (default 50,000), then
#   A. a price change over the catalog, alone;
#   B. wrk's `reads` mix (bench/http_load.lua) at 50 connections for 20 s, nothing else running;
#   C. another price change, with the same reads running over its first 20 s.
# For each phase: pg_stat_statements' top statements (time, calls, rows, pages dirtied, WAL), rows inserted,
# updated and HOT-updated per table, pg_stat_wal, and PostgreSQL's CPU over the phase (/proc).
#
#   bench/apply-statements.sh [N]
#
# Needs root (it runs psql as the postgres user to create a scratch database and role), PostgreSQL 15 running
# with `shared_preload_libraries = 'pg_stat_statements'` in its postgresql.conf (a restart after setting it),
# wrk, java 17, python3, curl. Drops and recreates the database `calibrate_bench_statements`. Results stay in
# bench/out/. Not a test: nothing here asserts timings.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-50000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1000 ]] || { echo "usage: bench/apply-statements.sh [N]  (N >= 1000)" >&2; exit 2; }
JAR="$ROOT/app/target/calibrate.jar"
for tool in java python3 curl wrk psql; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done
[[ -f "$JAR" ]] || ./mvnw -B -q -o package -DskipTests || ./mvnw -B -q package -DskipTests
DB=calibrate_bench_statements
ROLE=calibrate_bench_owner
PASSWORD="bench-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
admin() { su postgres -c "psql -X -v ON_ERROR_STOP=1 -q $*"; }
[[ "$(su postgres -c "psql -XAtc 'SHOW shared_preload_libraries'")" == *pg_stat_statements* ]] \
    || { echo "bench: PostgreSQL does not load pg_stat_statements (shared_preload_libraries)" >&2; exit 2; }
admin "-c 'DROP DATABASE IF EXISTS $DB'"
admin "-c \"DO \\\$\\\$ BEGIN CREATE ROLE $ROLE LOGIN CREATEROLE; EXCEPTION WHEN duplicate_object THEN NULL; END \\\$\\\$\""
admin "-c \"ALTER ROLE $ROLE PASSWORD '$PASSWORD'\" -c 'CREATE DATABASE $DB OWNER $ROLE'"
# the roles Calibrate's first migration creates may exist from an earlier run; its owner must be able to grant them
admin "-c \"DO \\\$\\\$ BEGIN GRANT calibrate_worker, calibrate_api TO $ROLE WITH ADMIN OPTION; EXCEPTION WHEN undefined_object THEN NULL; END \\\$\\\$\""
admin "-d $DB -c 'CREATE EXTENSION pg_stat_statements' -c 'CREATE EXTENSION pg_trgm'"

OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-apply-statements-N$N"
mkdir -p "$OUT"
DATA="$(mktemp -d "${TMPDIR:-/tmp}/cbench-XXXXXX")"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ADMIN_TOKEN="bench-admin-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
cp "$JAR" "$DATA/server.jar"
SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB" SPRING_DATASOURCE_USERNAME="$ROLE" \
    SPRING_DATASOURCE_PASSWORD="$PASSWORD" CALIBRATE_DATA_DIR="$DATA" SERVER_PORT="$PORT" \
    CALIBRATE_ADMIN_TOKEN="$ADMIN_TOKEN" CALIBRATE_RATE_LIMITS_ENABLED=false \
    CALIBRATE_RATELIMITS_QUOTAS_PRICECHANGESPERDAY=0 AXONIQ_UPDATE_CHECKER_DISABLED=true \
    java ${JAVA_OPTS:-} -jar "$DATA/server.jar" >"$OUT/app.log" 2>&1 &
SERVER_PID=$!
trap 'rc=$?; kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$DATA"; exit $rc' EXIT
for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: the server exited; see $OUT/app.log" >&2; exit 1; }
    sleep 0.5
done

echo "== seeding $N products"
python3 bench/http_load.py --port "$PORT" seed --admin-token "$ADMIN_TOKEN" --n "$N" --threads 4 \
    --out "$OUT/seed.json" --ids "$OUT/ids.txt"
read -r TOKEN < <(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manager"])' "$OUT/seed.json")
sleep "${BENCH_QUIET:-40}"

query() { admin "-d $DB -c \"$1\""; }
reset() {
    admin "-d $DB -c 'SELECT pg_stat_statements_reset()' -c \"SELECT pg_stat_reset_shared('wal')\" \
        -c 'DROP TABLE IF EXISTS bench_table_counts' \
        -c 'CREATE TABLE bench_table_counts AS SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables'" >/dev/null
}
report() {
    {
        query "SELECT calls, round(total_exec_time::numeric) AS ms, rows, round(shared_blks_dirtied::numeric / greatest(calls, 1), 1) AS dirtied_per_call, wal_fpi, round(wal_bytes / 1e6, 1) AS wal_mb, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) AS statement FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 30"
        query "SELECT sum(calls) AS calls, round(sum(total_exec_time)::numeric) AS ms, round(sum(wal_bytes) / 1e6, 1) AS wal_mb FROM pg_stat_statements"
        query "SELECT t.relname, t.n_tup_ins - coalesce(b.n_tup_ins, 0) AS inserted, t.n_tup_upd - coalesce(b.n_tup_upd, 0) AS updated, t.n_tup_hot_upd - coalesce(b.n_tup_hot_upd, 0) AS hot FROM pg_stat_user_tables t LEFT JOIN bench_table_counts b USING (relname) ORDER BY 3 DESC, 2 DESC LIMIT 15"
        query "SELECT wal_records, wal_fpi, round(wal_bytes / 1e6, 1) AS wal_mb FROM pg_stat_wal"
    } >"$OUT/$1.txt"
    echo "   statements, tables and WAL: $OUT/$1.txt"
}
postgres_ticks() {
    local total=0 pid
    for pid in $(pgrep -u postgres postgres); do
        total=$(( total + $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
    done
    echo "$total"
}
HZ="$(getconf CLK_TCK)"
cpu_since() { python3 -c "print(round(($(postgres_ticks) - $1) / $HZ, 1))"; }
reads() {
    BENCH_TOKEN="$TOKEN" BENCH_IDS="$OUT/ids.txt" BENCH_MIX=reads wrk -t2 -c50 -d20s --timeout 10s \
        -s bench/http_load.lua "http://127.0.0.1:$PORT" | grep '^RESULT'
}

echo "== A: a price change over the catalog, alone"
reset; before="$(postgres_ticks)"; started="$(date +%s.%N)"
change="$(python3 bench/http_load.py --port "$PORT" start-apply --seed "$OUT/seed.json" --percent -10 | tail -n1)"
python3 bench/http_load.py --port "$PORT" wait-applied --seed "$OUT/seed.json" --change "$change" >/dev/null
echo "   previewed, approved and applied in $(python3 -c "print(round($(date +%s.%N) - $started, 1))") s;" \
    "PostgreSQL CPU $(cpu_since "$before") s"
report A
sleep 20

echo "== B: reads alone, 20 s"
reset; before="$(postgres_ticks)"
echo "   $(reads)"
echo "   PostgreSQL CPU $(cpu_since "$before") s"
report B

echo "== C: another price change, reads over its first 20 s"
change="$(python3 bench/http_load.py --port "$PORT" start-apply --seed "$OUT/seed.json" --percent 10 | tail -n1)"
reset; before="$(postgres_ticks)"
echo "   $(reads)"
echo "   PostgreSQL CPU $(cpu_since "$before") s; the change: $(python3 bench/http_load.py --port "$PORT" state \
    --seed "$OUT/seed.json" --change "$change")"
report C
python3 bench/http_load.py --port "$PORT" wait-applied --seed "$OUT/seed.json" --change "$change" >/dev/null
echo "== results in $OUT"
