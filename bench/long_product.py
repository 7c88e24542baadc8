"""Commands on one product with a long stream, for bench/long-product.sh: a tenant and one product through the
API, EVENTS more of its price events appended in PostgreSQL (copies of its observed price, as a product synced
for years has), then REQUESTS upserts one after the other, alternating two prices, each timed; and the database
floor beside them: reading the whole stream, and reading the last 200 events, as psql. Standard library only."""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from ingest_client import Api, expect  # noqa: E402


ENV = dict(os.environ, LC_ALL="C")  # psql's "Time:" lines in English


def psql(pg_port, sql):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-XAtq", "-v",
                           "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True, text=True,
                          env=ENV).stdout.strip()


def timed_ms(pg_port, sql, times=5):
    """The best of `times` runs of `sql`, in ms, from psql's own \\timing."""
    script = "\\timing on\n" + "\n".join([sql] * times)
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-Xq", "-o", "/dev/null"],
                         input=script, check=True, capture_output=True, text=True, env=ENV).stdout
    return min(float(line.split()[1]) for line in out.splitlines() if line.startswith("Time:"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--admin-token", required=True)
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--events", type=int, required=True)
    p.add_argument("--requests", type=int, default=30)
    args = p.parse_args()

    admin = Api(args.port, args.admin_token)
    tenant = expect(*admin.request("POST", "/admin/v1/tenants", json.dumps(
        {"name": f"long product {time.strftime('%H%M%S')}", "defaultCurrency": "USD"}))[::2], 201, "create tenant")
    token = expect(*admin.request("POST", f"/admin/v1/tenants/{tenant['id']}/tokens", json.dumps(
        {"name": "bench", "scopes": ["catalog:read", "catalog:write"]}))[::2], 201, "issue token")["token"]
    api = Api(args.port, token)

    def upsert(amount):
        body = {"sku": "LONG-1", "title": "A product priced for years", "vendor": "Acme",
                "prices": [{"currency": "USD", "amount": amount}]}
        return expect(*api.request("POST", "/api/v1/products", json.dumps(body))[::2],
                      201 if amount == "10.00" else 200, "upsert")

    product = upsert("10.00")["id"]
    print(f"== {args.events:,} more price events for product {product}", flush=True)
    start = int(psql(args.pg_port, f"SELECT max(sequencenumber) + 1 FROM domainevententry"
                                   f" WHERE aggregateidentifier = '{product}'"))
    for first in range(start, start + args.events, 10_000):
        last = min(first + 10_000, start + args.events) - 1
        psql(args.pg_port, f"""
            INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                payload, payloadrevision, payloadtype, timestamp, tenant_id)
            SELECT src.aggregateidentifier, s, src.type, gen_random_uuid()::text, src.metadata, src.payload,
                src.payloadrevision, src.payloadtype, src.timestamp, src.tenant_id
            FROM (SELECT * FROM domainevententry WHERE aggregateidentifier = '{product}'
                  AND payloadtype LIKE '%ProductPriceObserved' ORDER BY sequencenumber LIMIT 1) src,
                 generate_series({first}, {last}) s""")
    print("== the read models take them in (30 s)", flush=True)
    time.sleep(30)

    times = []
    for i in range(args.requests):
        t = time.perf_counter()
        upsert("11.00" if i % 2 == 0 else "12.00")
        times.append((time.perf_counter() - t) * 1000)
    ordered = sorted(times)
    stream = f"SELECT payload FROM domainevententry WHERE aggregateidentifier = '{product}' ORDER BY sequencenumber"
    floor_all = timed_ms(args.pg_port, stream + ";")
    floor_tail = timed_ms(args.pg_port, stream + " DESC LIMIT 200;")
    snapshots = psql(args.pg_port, f"SELECT coalesce(max(sequencenumber), -1) FROM snapshotevententry"
                                   f" WHERE aggregateidentifier = '{product}'")
    print(f"RESULT events={start + args.events + args.requests} first_ms={times[0]:.1f}"
          f" p50_ms={ordered[len(ordered) // 2]:.1f} max_after_first_ms={max(times[1:]):.1f}"
          f" last_ms={times[-1]:.1f} snapshot_at={snapshots}")
    print(f"FLOOR read_whole_stream_ms={floor_all:.1f} read_last_200_ms={floor_tail:.1f}")
    print("times_ms=" + ",".join(f"{t:.1f}" for t in times))


if __name__ == "__main__":
    main()
