#!/usr/bin/env bash
# Commands on a product with a long history (product snapshots, docs/operations.md#product-snapshots): one
# product, EVENTS (default 20,000) more price events appended in PostgreSQL, then 30 upserts one after the other,
# each timed, beside the database floor (reading the product's whole stream, and its last 200 events). Run it
# once as it is and once with CALIBRATE_PRODUCTSNAPSHOTS_EVERY=100000 (no snapshot below 100,000 events) to see
# what snapshots are worth.
#
#   bench/long-product.sh [EVENTS]
#
# Needs java 17, python3, curl, psql. Results stay in bench/out/. Not a test.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EVENTS="${1:-20000}"
[[ "$EVENTS" =~ ^[0-9]+$ && "$EVENTS" -ge 1 ]] || { echo "usage: bench/long-product.sh [EVENTS]" >&2; exit 2; }
JAR="$ROOT/app/target/calibrate.jar"
for tool in java python3 curl psql; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done
OUT_NAME="long-product-E$EVENTS-every${CALIBRATE_PRODUCTSNAPSHOTS_EVERY:-200}"
# shellcheck source=bench/server.sh
source "$ROOT/bench/server.sh"

python3 "$ROOT/bench/long_product.py" --port "$PORT" --admin-token "$ADMIN_TOKEN" --pg-port "$PG_PORT" \
    --events "$EVENTS" | tee "$OUT/results.txt"
stop_server
