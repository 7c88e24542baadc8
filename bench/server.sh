# Sourced by the benchmark drivers (ingest.sh, pricechange.sh): builds the jar if missing, starts
# the server from a private copy on a free port with a fresh temporary data directory (embedded
# PostgreSQL), and stops it (SIGTERM) on exit. Request rate limits are off: a bench measures the
# server, not its limits. Needs ROOT, JAR, OUT_NAME set; sets OUT, DATA,
# PORT, ADMIN_TOKEN, SERVER_PID, PG_PORT, POSTMASTER_PID.

# ---------------------------------------------------------------- build
if [[ ! -f "$JAR" ]]; then
    echo "== building $JAR"
    ./mvnw -B -q -o package -DskipTests || ./mvnw -B -q package -DskipTests
fi

OUT="$ROOT/bench/out/$(date +%Y%m%d-%H%M%S)-$OUT_NAME"
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
# The benches send up to 200 connections of one tenant: beyond its 8 places and 24 waiting (the shipped
# defaults, docs/operations.md#requests-at-once-per-tenant; 100 of all tenants on the node) those would be 429s,
# so more may wait here (deliberately far beyond the node's threads: one tenant is all the bench runs); how many
# are served at once stays as shipped.
# The server runs from a private copy of the jar: a rebuild of app/target during the run cannot
# pull the classes from under it, and a `pkill -f calibrate.jar` meant for another server on this
# shared machine does not stop it.
cp "$JAR" "$DATA/server.jar"
echo "== starting the server on port $PORT (data in $DATA, log in $OUT/app.log)"
CALIBRATE_DATA_DIR="$DATA" SERVER_PORT="$PORT" CALIBRATE_ADMIN_TOKEN="$ADMIN_TOKEN" \
    AXONIQ_UPDATE_CHECKER_DISABLED=true CALIBRATE_RATE_LIMITS_ENABLED=false \
    CALIBRATE_WEB_TENANTREQUESTS_WAITING="${CALIBRATE_WEB_TENANTREQUESTS_WAITING:-1000}" \
    CALIBRATE_WEB_TENANTREQUESTS_NODEWAITING="${CALIBRATE_WEB_TENANTREQUESTS_NODEWAITING:-1000}" \
    java ${JAVA_OPTS:-} -jar "$DATA/server.jar" >"$OUT/app.log" 2>&1 &
SERVER_PID=$!

started=""
# BENCH_START_TIMEOUT (seconds, default 120): a loaded machine can take longer to start the JVM.
for _ in $(seq 1 $(( ${BENCH_START_TIMEOUT:-120} * 2 ))); do
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
[[ -n "$started" ]] || { echo "bench: the server was not healthy within ${BENCH_START_TIMEOUT:-120} s (BENCH_START_TIMEOUT)" >&2; exit 1; }

PG_PORT="$(grep -o 'Embedded PostgreSQL [0-9]* listening on port [0-9]*' "$OUT/app.log" | head -n1 | awk '{print $NF}')"
[[ -n "$PG_PORT" ]] || { echo "bench: no 'Embedded PostgreSQL ... listening on port' line in the log" >&2; exit 1; }
[[ -f "$DATA/postgres/postmaster.pid" ]] && POSTMASTER_PID="$(head -n1 "$DATA/postgres/postmaster.pid")"
echo "   up; embedded PostgreSQL on port $PG_PORT (postmaster pid ${POSTMASTER_PID:-?})"

# The raw PostgreSQL baseline beside the server's numbers: N product-shaped rows through JDBC
# (batched, multi-row, one commit per row) on the same database, plus the disk's fsync rate.
run_baseline() {
    local n="$1" batch="$2" single_rows="$3" driver
    driver="$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | grep -v sources | sort -V | tail -n1 || true)"
    if [[ -z "$driver" ]]; then
        mkdir -p "$DATA/driver"
        python3 - "$JAR" "$DATA/driver" <<'PY'
import sys, zipfile
jar, out = sys.argv[1:]
with zipfile.ZipFile(jar) as z:
    name = next(n for n in z.namelist() if n.startswith("BOOT-INF/lib/postgresql-") and n.endswith(".jar"))
    with open(f"{out}/postgresql.jar", "wb") as f:
        f.write(z.read(name))
PY
        driver="$DATA/driver/postgresql.jar"
    fi
    echo "== raw PostgreSQL baseline: $n rows in JDBC batches of $batch, then $single_rows rows one commit each"
    java -cp "$driver" "$ROOT/bench/PgBaseline.java" "$PG_PORT" "$n" "$batch" "$single_rows" | tee "$OUT/baseline.txt"

    # what a flushed commit costs on this disk, next to the data directory
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
}
