#!/usr/bin/env python3
"""The raw-database floor of bench/ingest.sh (Python standard library and psql only).

What PostgreSQL alone takes to store the rows an ingest of N products stores, with no Java in the
loop: per product 2 events in the event store (sized like the run's ProductCreated and
ProductPriceObserved, payload and metadata), a product_view row, a product_price row, a
product_price_history row and 2 audit_entry rows. Set-based per chunk of CHUNK products (default
1,000, the API's batch): one INSERT ... SELECT ... FROM generate_series per table, the chunk in one
transaction, committed (fsync as configured). The rows go to scratch copies of the tables
(CREATE TABLE ... (LIKE ... INCLUDING ALL): same columns, keys and indexes; no triggers, row-level
security or foreign keys) in the run's own database, which are dropped afterwards. The SQL is
written out first; only psql executing it is timed.

    ingest_floor.py --pg-port PORT --n N [--chunk 1000]

Prints key=value lines for the shell script. Not a test: it asserts nothing.
"""
import argparse
import os
import subprocess
import tempfile
import time

TABLES = {
    "floor_event": "domainevententry",
    "floor_view": "product_view",
    "floor_price": "product_price",
    "floor_history": "product_price_history",
    "floor_audit": "audit_entry",
}


def psql(port, sql, *extra):
    done = subprocess.run(["psql", "-h", "localhost", "-p", str(port), "-U", "postgres", "-d", "postgres", "-XqAt",
                           "-v", "ON_ERROR_STOP=1", *extra, "-c", sql] if sql is not None else
                          ["psql", "-h", "localhost", "-p", str(port), "-U", "postgres", "-d", "postgres", "-XqAt",
                           "-v", "ON_ERROR_STOP=1", *extra],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: psql failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout.strip()


def sizes(port):
    """Average payload and metadata bytes of the run's two product events (fallbacks when none)."""
    out = psql(port, "SELECT payloadtype, round(avg(octet_length(payload))), round(avg(octet_length(metadata))) "
                     "FROM domainevententry WHERE payloadtype LIKE '%$ProductCreated' "
                     "OR payloadtype LIKE '%$ProductPriceObserved' GROUP BY 1")
    found = {}
    for line in out.splitlines():
        kind, payload, metadata = line.split("|")
        found[kind.rsplit("$", 1)[1]] = (int(float(payload)), int(float(metadata)))
    return found.get("ProductCreated", (330, 250)), found.get("ProductPriceObserved", (220, 250))


def blob(column, size):
    """About {size} bytes of hex text, different per row, as bytea."""
    return f"convert_to(substr(repeat(md5(({column})::text), {size // 32 + 1}), 1, {size}), 'UTF8')"


# the event store's form of a time (Instant.toString(), UTC with a 'T' and a 'Z'), which its check (V36) asks for
INSTANT = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def chunk_sql(first, last, created, observed):
    g = f"generate_series({first}, {last}) AS g(i)"
    pid = "md5('p' || g.i)::uuid"
    tenant = "'00000000-0000-4000-8000-00000000f100'::uuid"
    return f"""BEGIN;
INSERT INTO floor_event (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp, payloadtype,
                         payloadrevision, payload, metadata, tenant_id)
SELECT md5('e' || g.i || '/' || s)::uuid::text, {pid}::text, s, 'Product', {INSTANT},
       CASE s WHEN 0 THEN 'dev.calibrate.kernel.product.ProductMessages$ProductCreated'
              ELSE 'dev.calibrate.kernel.product.ProductMessages$ProductPriceObserved' END, NULL,
       CASE s WHEN 0 THEN {blob("g.i", created[0])} ELSE {blob("-g.i", observed[0])} END,
       CASE s WHEN 0 THEN {blob("g.i + 1", created[1])} ELSE {blob("-g.i - 1", observed[1])} END, {tenant}
FROM {g}, generate_series(0, 1) AS s;
INSERT INTO floor_view (product_id, tenant_id, sku, title, vendor, product_type, tags, cost_amount, cost_currency,
                        channel_refs, active, version, created_at, updated_at)
SELECT {pid}, {tenant}, 'FLOOR-' || g.i, 'Premium Water Bottle - 500 ml ' || g.i, 'Vendor ' || (g.i % 30),
       'Drinkware', ARRAY['bestseller', 'summer'], 10 + g.i % 200, 'USD', '{{}}'::jsonb, true, 1, now(), now()
FROM {g};
INSERT INTO floor_price (product_id, currency, tenant_id, amount, compare_at, source, valid_from, event_id)
SELECT {pid}, 'USD', {tenant}, 19.99 + g.i % 300, NULL, 'api', now(), md5('e' || g.i || '/1')::uuid::text FROM {g};
INSERT INTO floor_history (event_id, product_id, currency, tenant_id, amount, compare_at, source, valid_from, valid_to)
SELECT md5('e' || g.i || '/1')::uuid::text, {pid}, 'USD', {tenant}, 19.99 + g.i % 300, NULL, 'api', now(), NULL
FROM {g};
INSERT INTO floor_audit (event_id, global_index, tenant_id, entity_type, entity_id, action, actor, correlation_id,
                         request_id, explain, at)
SELECT md5('e' || g.i || '/' || s)::uuid::text, 2 * g.i + s, {tenant}, 'product', {pid}::text,
       CASE s WHEN 0 THEN 'ProductCreated' ELSE 'ProductPriceObserved' END, md5('actor')::uuid::text,
       md5('r' || g.i / 1000)::uuid::text, md5('r' || g.i / 1000)::uuid::text, NULL, now()
FROM {g}, generate_series(0, 1) AS s;
COMMIT;
"""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--chunk", type=int, default=1000)
    a = p.parse_args()

    created, observed = sizes(a.pg_port)
    setup = ["CREATE SEQUENCE floor_event_seq;"]
    for scratch, table in TABLES.items():
        setup.append(f"DROP TABLE IF EXISTS {scratch}; CREATE TABLE {scratch} (LIKE {table} INCLUDING ALL);")
    setup.append("ALTER TABLE floor_event ALTER COLUMN globalindex SET DEFAULT nextval('floor_event_seq');")
    psql(a.pg_port, "DROP SEQUENCE IF EXISTS floor_event_seq CASCADE; " + " ".join(setup))
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
            for first in range(0, a.n, a.chunk):
                script.write(chunk_sql(first, min(a.n, first + a.chunk) - 1, created, observed))
        t = time.perf_counter()
        psql(a.pg_port, None, "-f", script.name)
        seconds = time.perf_counter() - t
        os.remove(script.name)
        rows = psql(a.pg_port, "SELECT (SELECT count(*) FROM floor_event) + (SELECT count(*) FROM floor_view)"
                               " + (SELECT count(*) FROM floor_price) + (SELECT count(*) FROM floor_history)"
                               " + (SELECT count(*) FROM floor_audit)")
    finally:
        psql(a.pg_port, " ".join(f"DROP TABLE IF EXISTS {s};" for s in TABLES) + " DROP SEQUENCE IF EXISTS floor_event_seq;")
    print(f"floor_products={a.n}")
    print(f"floor_chunk={a.chunk}")
    print(f"floor_rows={rows}")
    print(f"floor_seconds={seconds:.3f}")
    print(f"floor_products_per_s={a.n / seconds:.1f}")
    print(f"floor_event_bytes=ProductCreated {created[0]}+{created[1]}, ProductPriceObserved {observed[0]}+{observed[1]}")


if __name__ == "__main__":
    main()
