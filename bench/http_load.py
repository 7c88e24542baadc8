"""The HTTP load driver's client for bench/http-load.sh: seeds a tenant (console_seed.seed_catalog),
samples product ids for wrk, and prepares and starts applies of price changes over the whole catalog
(drafted and applied by the manager token, approved by the approver token). Standard library only."""
import argparse
import json
import random
import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from console_seed import seed_catalog  # noqa: E402
from ingest_client import Api, expect  # noqa: E402


def seed(args):
    seeded = seed_catalog(args.port, args.admin_token, args.n, args.threads, "http load bench")
    api = Api(args.port, seeded["manager"])
    ids, page = [], 0
    # a sample of ids spread over the catalog: every 50th page of 100 (at most 2,000 ids)
    pages = max(1, args.n // 100)
    for page in range(0, pages, max(1, pages // 20)):
        listed = expect(*api.request("GET", f"/api/v1/products?size=100&page={page}")[::2], 200, "list")
        ids.extend(item["id"] for item in listed["items"])
    random.Random(7).shuffle(ids)
    with open(args.ids, "w") as f:
        f.write("\n".join(ids) + "\n")
    with open(args.out, "w") as f:
        json.dump(seeded, f)
    print(f"  {len(ids)} product ids sampled for the reads", flush=True)


def start_apply(args):
    seeded = json.load(open(args.seed))
    api, approver = Api(args.port, seeded["manager"]), Api(args.port, seeded["approver"])
    rule = {"selector": {"all": [{"field": "sku", "op": "glob", "value": f"BENCH-{seeded['run']}-*"}]},
            "transform": [{"op": "percent", "value": args.percent}], "currency": "USD"}
    change = expect(*api.request("POST", "/api/v1/price-changes", json.dumps(
        {"name": f"HTTP load {args.percent:+d} %", "rule": rule}))[::2], 201, "draft")["id"]
    t0 = time.time()
    preview = expect(*api.request("POST", f"/api/v1/price-changes/{change}/preview")[::2], 200, "preview")
    print(f"  previewed {preview['summary']['change']} items in {time.time() - t0:.1f} s", flush=True)
    expect(*api.request("POST", f"/api/v1/price-changes/{change}/submit")[::2], 200, "submit")
    expect(*approver.request("POST", f"/api/v1/price-changes/{change}/approve", json.dumps(
        {"previewHash": preview["previewHash"]}))[::2], 200, "approve")
    expect(*api.request("POST", f"/api/v1/price-changes/{change}/apply")[::2], 202, "apply")
    print(change, flush=True)


def state(args):
    """The change's state and how many of its items are still pending: how far the apply got meanwhile."""
    seeded = json.load(open(args.seed))
    api = Api(args.port, seeded["manager"])
    got = expect(*api.request("GET", f"/api/v1/price-changes/{args.change}")[::2], 200, "read change")
    pending = expect(*api.request("GET", f"/api/v1/price-changes/{args.change}/items?outcome=PENDING&size=1")[::2],
                     200, "pending items")["total"]
    print(f"{got['state']} items_pending={pending}", flush=True)


def wait_applied(args):
    seeded = json.load(open(args.seed))
    api = Api(args.port, seeded["manager"])
    for _ in range(args.timeout):
        got = expect(*api.request("GET", f"/api/v1/price-changes/{args.change}")[::2], 200, "read change")
        if got["state"] in ("APPLIED", "FAILED", "ABANDONED"):
            print(got["state"], flush=True)
            return
        time.sleep(1)
    sys.exit(f"bench: {args.change} not applied within {args.timeout} s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed")
    s.add_argument("--admin-token", required=True)
    s.add_argument("--n", type=int, required=True)
    s.add_argument("--threads", type=int, default=4)
    s.add_argument("--out", required=True)
    s.add_argument("--ids", required=True)
    a = sub.add_parser("start-apply")
    a.add_argument("--seed", required=True)
    a.add_argument("--percent", type=int, required=True)
    for name in ("state", "wait-applied"):
        w = sub.add_parser(name)
        w.add_argument("--seed", required=True)
        w.add_argument("--change", required=True)
        w.add_argument("--timeout", type=int, default=900)
    args = ap.parse_args()
    {"seed": seed, "start-apply": start_apply, "state": state, "wait-applied": wait_applied}[args.command](args)


if __name__ == "__main__":
    main()
