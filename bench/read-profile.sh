#!/usr/bin/env bash
# Product reads on a warm server, with their CPU cost (issue 19 item 7): a tenant of N products (default
# 20,000), then wrk's `reads` mix (80 % one product by id, 20 % the list's first page; bench/http_load.lua) at
# 50 connections, nothing else running: BENCH_WARMUP (120) s of warm-up (the JIT compiles the read path for
# minutes), then two recorded 30 s windows, each printing requests/s and latencies beside the JVM's and
# PostgreSQL's CPU per request (from /proc), then one 30 s window of each kind alone (`product`, `list`): what
# each costs. BENCH_JAR runs another build (to compare two, alternate them). With BENCH_JFR=1 a last window (of
# the mix BENCH_JFR_MIX, default reads) is recorded by Java Flight Recorder (full stacks) for
# bench/jfr_hotspots.py or `jfr print`; the recording slows the server several times over, so its window's rate
# means nothing.
#
#   bench/read-profile.sh [N]
#
# Needs wrk (apt-get install wrk), java 17, python3, curl. Results stay in bench/out/. Not a test.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-20000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1000 ]] || { echo "usage: bench/read-profile.sh [N]  (N >= 1000)" >&2; exit 2; }
JAR="${BENCH_JAR:-$ROOT/app/target/calibrate.jar}"   # BENCH_JAR: another build, to compare
for tool in java python3 curl wrk $([[ "${BENCH_JFR:-0}" == 1 ]] && echo jcmd); do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required (wrk: apt-get install wrk)" >&2; exit 2; }
done
OUT_NAME="read-profile-N$N"
# shellcheck source=bench/server.sh
source "$ROOT/bench/server.sh"

python3 "$ROOT/bench/http_load.py" --port "$PORT" seed --admin-token "$ADMIN_TOKEN" --n "$N" --threads 4 \
    --out "$OUT/seed.json" --ids "$OUT/ids.txt"
read -r TOKEN < <(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manager"])' "$OUT/seed.json")
echo "== the processors catch up with the seeding (${BENCH_QUIET:-45} s)"
sleep "${BENCH_QUIET:-45}"

reads() {   # reads for $1 seconds, the wrk summary into $2; $3 the mix (default reads)
    BENCH_TOKEN="$TOKEN" BENCH_IDS="$OUT/ids.txt" BENCH_MIX="${3:-reads}" wrk -t2 -c50 -d"$1s" --timeout 10s \
        -s "$ROOT/bench/http_load.lua" "http://127.0.0.1:$PORT" >"$2"
    grep '^RESULT' "$2"
}
ticks() {   # CPU ticks of the server ($1 = jvm) or of the server and PostgreSQL together ($1 = all)
    local total pid
    total="$(awk '{print $14+$15}' "/proc/$SERVER_PID/stat")"
    if [[ "$1" == all ]]; then
        for pid in "$POSTMASTER_PID" $(pgrep -P "$POSTMASTER_PID" || true); do
            total=$(( total + $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
        done
    fi
    echo "$total"
}
HZ="$(getconf CLK_TCK)"
measured() {   # a recorded window: $1 its name, $2 the mix (default reads)
    local j0 a0 j1 a1 requests
    j0="$(ticks jvm)"; a0="$(ticks all)"
    echo "-- $1 (${2:-reads})" | tee -a "$OUT/results.txt"
    reads 30 "$OUT/wrk-$1.txt" "${2:-reads}"
    j1="$(ticks jvm)"; a1="$(ticks all)"
    requests="$(grep -o 'requests=[0-9]*' "$OUT/wrk-$1.txt" | cut -d= -f2)"
    python3 -c "import sys; r, hz = $requests, $HZ; j = ($j1 - $j0) * 1000 / hz; a = ($a1 - $a0) * 1000 / hz
print(f'CPU per request: JVM {j / r:.3f} ms, PostgreSQL {(a - j) / r:.3f} ms')" | tee -a "$OUT/results.txt"
    grep '^RESULT' "$OUT/wrk-$1.txt" >>"$OUT/results.txt"
}

echo "== warming up: reads for ${BENCH_WARMUP:-120} s (not recorded)"
reads "${BENCH_WARMUP:-120}" "$OUT/wrk-warmup.txt"
echo "== two recorded windows of 30 s"
measured first
measured second
echo "== each kind alone, 30 s each: one product by id, then the list's first page"
measured product product
measured list list
if [[ "${BENCH_JFR:-0}" == 1 ]]; then
    echo "== a third window under Java Flight Recorder"
    jcmd "$SERVER_PID" JFR.configure stackdepth=256 >/dev/null
    jcmd "$SERVER_PID" JFR.start name=reads settings=profile duration=30s filename="$OUT/reads.jfr" >/dev/null
    reads 30 "$OUT/wrk-jfr.txt" "${BENCH_JFR_MIX:-reads}"
    sleep 3
    echo "   recording: $OUT/reads.jfr"
fi
stop_server
