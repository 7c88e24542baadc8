"""Seeds a tenant for bench/console.sh: N products through the batch API (as ingest.sh does), one
price change applied to a few of them (drafted and applied by one token, approved by another), and
prints the token, a changed product's id and its SKU for the timing loop. Standard library only."""
import argparse
import json
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, __import__("os").path.dirname(__file__))
from ingest_client import Api, expect, product  # noqa: E402


def seed_catalog(port, admin_token, n, threads, name):
    """A new tenant named `name` with a manager token (catalog and prices), an approver token and N
    generated products through the batch API, waited for until the read model shows them all."""
    run = time.strftime("%H%M%S")
    admin = Api(port, admin_token)
    tenant = expect(*admin.request("POST", "/admin/v1/tenants", json.dumps(
        {"name": f"{name} {run}", "defaultCurrency": "USD"}))[::2], 201, "create tenant")
    scopes = ["catalog:read", "catalog:write", "prices:write", "prices:apply", "audit:read",
              "connectors:admin", "competitors:read"]
    manager = expect(*admin.request("POST", f"/admin/v1/tenants/{tenant['id']}/tokens", json.dumps(
        {"name": "bench manager", "scopes": scopes}))[::2], 201, "issue token")["token"]
    approver = expect(*admin.request("POST", f"/admin/v1/tenants/{tenant['id']}/tokens", json.dumps(
        {"name": "bench approver", "scopes": ["prices:approve", "catalog:read"]}))[::2], 201, "issue token")["token"]

    rng = random.Random(42)
    bodies = []
    for start in range(0, n, 1000):
        items = [product(rng, run, i) for i in range(start, min(start + 1000, n))]
        bodies.append(json.dumps({"items": items}, separators=(",", ":")).encode())
    local = threading.local()
    positions = []

    def send(body):
        api = getattr(local, "api", None) or Api(port, manager)
        local.api = api
        status, headers, data = api.request("POST", "/api/v1/products:batch", body)
        expect(status, data, 200, "batch")
        positions.append(int(headers.get("x-calibrate-position", "0")))

    t0 = time.time()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(send, bodies))
    api = Api(port, manager)
    wait = {"X-Calibrate-Wait-For": str(max(positions))}
    while True:
        status, _, data = api.request("GET", "/api/v1/products?size=1", headers=wait)
        if status == 200:
            break
        time.sleep(1)
    print(f"  {n} products visible in {time.time() - t0:.0f} s", flush=True)
    return {"run": run, "tenant": tenant["id"], "manager": manager, "approver": approver}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--admin-token", required=True)
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    seeded = seed_catalog(args.port, args.admin_token, args.n, args.threads, "console bench")
    run, api, approver = seeded["run"], Api(args.port, seeded["manager"]), seeded["approver"]
    manager = seeded["manager"]

    # one price change over ten products, so the dashboard, a product page and the audit log have one
    glob = f"BENCH-{run}-000000*"
    rule = {"selector": {"all": [{"field": "sku", "op": "glob", "value": glob}]},
            "transform": [{"op": "percent", "value": -10}], "currency": "USD"}
    change = expect(*api.request("POST", "/api/v1/price-changes", json.dumps(
        {"name": "Console bench sale", "rule": rule}))[::2], 201, "draft")["id"]
    preview = expect(*api.request("POST", f"/api/v1/price-changes/{change}/preview")[::2], 200, "preview")
    expect(*api.request("POST", f"/api/v1/price-changes/{change}/submit")[::2], 200, "submit")
    expect(*Api(args.port, approver).request("POST", f"/api/v1/price-changes/{change}/approve", json.dumps(
        {"previewHash": preview["previewHash"]}))[::2], 200, "approve")
    expect(*api.request("POST", f"/api/v1/price-changes/{change}/apply")[::2], 202, "apply")
    for _ in range(300):
        status, _, data = api.request("GET", f"/api/v1/price-changes/{change}")
        if status == 200 and json.loads(data)["state"] == "APPLIED":
            break
        time.sleep(1)
    else:
        sys.exit("bench: the price change did not reach APPLIED in 300 s")
    sku = f"BENCH-{run}-0000001"
    item = expect(*api.request("GET", f"/api/v1/products?sku={sku}")[::2], 200, "find")["items"][0]
    with open(args.out, "w") as f:
        json.dump({"token": manager, "product": item["id"], "sku": sku, "change": change}, f)
    print(f"  price change {change} applied; product {sku} = {item['id']}", flush=True)


if __name__ == "__main__":
    main()
