#!/usr/bin/env bash
# Console pages benchmark: N products (default 100,000) through the batch API and one applied price
# change (bench/console_seed.py), then the console's pages timed with curl in a session signed in
# with an API token, as a browser holds one: the product list (plain, searched, filtered, deep page),
# a product page, the dashboard, the audit log (plain and one product's) and price-at, and beside
# them the API's reads of the same data with the bearer token. Prints p50 and p95 per page. The aim (issue 15): p95 < 300 ms per page with 100,000 products.
#
#   bench/console.sh [N]             N products (default 100000)
#
# Environment (all optional):
#   BENCH_REQUESTS=50   timed requests per page (after 5 untimed warm-up requests)
#   BENCH_THREADS=4     client threads of the seeding
#   JAVA_OPTS=...       extra JVM options for the server
#
# Like the other drivers it builds app/target/calibrate.jar if missing, starts the server on a free
# port with a fresh temporary data directory and stops it on exit; results stay in bench/out/.
# This is not a test: nothing here asserts timings.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

N="${1:-100000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -gt 10 ]] || { echo "usage: bench/console.sh [N]  (N > 10, default 100000)" >&2; exit 2; }
REQUESTS="${BENCH_REQUESTS:-50}"
JAR="$ROOT/app/target/calibrate.jar"
for tool in java python3 curl; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done

OUT_NAME="console-N$N"
# shellcheck source=bench/server.sh
source "$ROOT/bench/server.sh"

echo "== seeding $N products and one applied price change"
python3 "$ROOT/bench/console_seed.py" --port "$PORT" --admin-token "$ADMIN_TOKEN" --n "$N" \
    --threads "${BENCH_THREADS:-4}" --out "$OUT/seed.json"
read -r TOKEN PRODUCT SKU < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["token"], d["product"], d["sku"])' "$OUT/seed.json")

BASE="http://127.0.0.1:$PORT"
JARFILE="$OUT/cookies.txt"
echo "== signing in to the console with the token"
csrf="$(curl -fsS -c "$JARFILE" -b "$JARFILE" "$BASE/console/login" | grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')"
status="$(curl -sS -o /dev/null -w '%{http_code}' -c "$JARFILE" -b "$JARFILE" \
    --data-urlencode "token=$TOKEN" --data-urlencode "_csrf=$csrf" "$BASE/console/login/token")"
[[ "$status" == "302" ]] || { echo "bench: signing in answered $status" >&2; exit 1; }

NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
PAGES=(
    "products|/console/products"
    "products?q=|/console/products?q=backpack"
    "products?q=sku part|/console/products?q=00012"
    "products?tag&vendor|/console/products?tag=summer&vendor=Harbor+Home&active=true"
    "products?page=N/100|/console/products?page=$(( N / 100 ))"
    "product page|/console/products/$PRODUCT"
    "dashboard|/console"
    "audit|/console/audit"
    "audit of a product|/console/audit?entityType=product&entityId=$PRODUCT"
    "price at|/console/audit/price-at?product=$SKU&currency=USD&at=$NOW"
    "api: products|/api/v1/products"
    "api: product|/api/v1/products/$PRODUCT"
    "api: audit|/api/v1/audit"
)
echo "== timing each page: 5 warm-up requests, then $REQUESTS timed, one at a time"
: >"$OUT/times.txt"
for entry in "${PAGES[@]}"; do
    name="${entry%%|*}"
    path="${entry#*|}"
    # the API's own reads of the same data, with the bearer token, for comparison
    auth=(-b "$JARFILE")
    [[ "$path" == /api/* ]] && auth=(-H "Authorization: Bearer $TOKEN")
    for _ in 1 2 3 4 5; do curl -sS -o /dev/null "${auth[@]}" "$BASE$path"; done
    for _ in $(seq 1 "$REQUESTS"); do
        printf '%s\t%s\n' "$name" "$(curl -sS -o /dev/null "${auth[@]}" -w '%{http_code} %{time_total}' "$BASE$path")" \
            >>"$OUT/times.txt"
    done
done

# The database's part of the two pages the aim was missed on, as the request role reads them: the
# search's functions (their inner statements through auto_explain, sent to psql as notices) and the
# audit log's first page. psql as the embedded superuser; skipped when psql is missing.
if command -v psql >/dev/null; then
    echo "== EXPLAIN ANALYZE of the search and the audit log's first page (explain.txt)"
    TENANT="$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -At -c \
        "SELECT tenant_id FROM tenant_view WHERE name LIKE 'console bench %' ORDER BY created_at DESC LIMIT 1")"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q >"$OUT/explain.txt" 2>&1 <<SQL
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
BEGIN READ ONLY;
SET LOCAL ROLE calibrate_api;
SELECT set_config('app.tenant_id', '$TENANT', true);
\\echo '-- /console/products?q=backpack: the page of ids with the capped count'
SELECT count(*), max(matches) FROM product_search_page('%backpack%', NULL, NULL, NULL, NULL, 50, 0, 10001);
\\echo '-- /console/products?q=00012'
SELECT count(*), max(matches) FROM product_search_page('%00012%', NULL, NULL, NULL, NULL, 50, 0, 10001);
\\echo '-- /console/audit: the capped count, then the newest page'
EXPLAIN ANALYZE SELECT count(*) FROM (SELECT 1 FROM audit_entry WHERE true LIMIT 10001) counted;
EXPLAIN ANALYZE SELECT * FROM audit_entry WHERE true ORDER BY global_index DESC LIMIT 51 OFFSET 0;
COMMIT;
SQL
    grep -E "^-- |Execution Time|Duration|Scan|Result|count" "$OUT/explain.txt" | head -n 60 || true
fi

stop_server

python3 - "$OUT/times.txt" "$N" <<'PY' | tee "$OUT/summary.txt"
import sys
from collections import OrderedDict
pages = OrderedDict()
for line in open(sys.argv[1]):
    name, rest = line.rstrip("\n").split("\t")
    status, seconds = rest.split()
    pages.setdefault(name, []).append((int(status), float(seconds) * 1000))
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
print(f"console pages with {int(sys.argv[2]):,} products ({len(next(iter(pages.values())))} requests each)")
print(f"{'page':<22} {'status':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
for name, samples in pages.items():
    times = [t for _, t in samples]
    statuses = ",".join(sorted({str(s) for s, _ in samples}))
    mark = "" if pct(times, 95) < 300 else "  over 300 ms"
    print(f"{name:<22} {statuses:>8} {pct(times, 50):8.1f} {pct(times, 95):8.1f} {max(times):8.1f}{mark}")
PY
