#!/usr/bin/env python3
"""Price change load: N products in the catalog, then one rule over all of them previewed, approved
and applied end to end, timed at each step. Standard library only; talks to localhost."""
import argparse, json, os, sys, threading, time, urllib.request, urllib.error
from heap_probe import HeapProbe, LiveProbe
import ingest_client as cpu


def call(port, method, path, token, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=3600) as r:
            return r.status, dict(r.headers), json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read() or b"null")


def server_cpu_s(pid):
    """User + system CPU seconds of the server process so far (/proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def expect(result, status, what):
    if result[0] != status:
        sys.exit(f"{what}: HTTP {result[0]} {json.dumps(result[2])[:500]}")
    return result


def wait_visible(port, token, position):
    """Reads with X-Calibrate-Wait-For until the catalog read model has reached position (503 = not yet)."""
    while True:
        r = call(port, "GET", "/api/v1/products?size=1", token, headers={"X-Calibrate-Wait-For": str(position)})
        if r[0] == 200:
            return
        expect(r, 503, "read model")


def wait_quiet(port, admin):
    """Waits until every event processor has caught up with the head of the event store (health details,
    operator token): a preview timed while the ingest's tail is still being projected would measure both."""
    issued = expect(call(port, "POST", "/admin/v1/operator-tokens", admin, {"name": "bench", "scopes": ["metrics"]}), 201, "operator token")[2]
    t = time.perf_counter()
    while time.perf_counter() - t < 900:
        health = expect(call(port, "GET", "/actuator/health", issued["token"]), 200, "health")[2]
        details = health["components"]["eventProcessors"]["details"]
        behind = {name: d.get("lag") for name, d in details.items() if isinstance(d, dict) and d.get("lag")}
        if not behind:
            break
        time.sleep(0.5)
    call(port, "DELETE", f"/admin/v1/operator-tokens/{issued['id']}", admin)
    return time.perf_counter() - t


def product(i):
    return {"sku": f"PC-{i:07d}", "title": f"Bench tee {i}", "vendor": ["Acme", "Bolt", "Core"][i % 3],
            "tags": ["summer", "tee"] if i % 10 else ["winter"], "cost": {"amount": f"{5 + i % 20}.00", "currency": "USD"},
            "prices": [{"currency": "USD", "amount": f"{15 + i % 80}.{i % 100:02d}"}]}


RULE = {"selector": {"all": [{"field": "tags", "op": "contains", "value": "summer"}]},
        "transform": [{"op": "percent", "value": -15}, {"op": "round", "mode": "charm", "ending": "0.99"},
                      {"op": "min_margin", "percent": 20}],
        "currency": "USD", "compareAt": "set_to_current"}


def tenant_with_tokens(port, admin, name):
    """A tenant, a manager's token and an approver's (approval is by someone else)."""
    tenant = expect(call(port, "POST", "/admin/v1/tenants", admin, {"name": name, "defaultCurrency": "USD"}), 201, "tenant")[2]["id"]
    scopes = ["catalog:read", "catalog:write", "prices:write", "prices:apply", "audit:read"]
    token = expect(call(port, "POST", f"/admin/v1/tenants/{tenant}/tokens", admin, {"name": "manager", "scopes": scopes}), 201, "token")[2]["token"]
    approver = expect(call(port, "POST", f"/admin/v1/tenants/{tenant}/tokens", admin, {"name": "approver", "scopes": ["prices:approve"]}), 201, "token")[2]["token"]
    return token, approver


def load_catalog(port, token, n, threads):
    """n products through the batch API, 1,000 a request on `threads` connections, until the read model shows them."""
    batches = [list(range(i, min(n, i + 1000))) for i in range(0, n, 1000)]
    positions, lock = [], threading.Lock()

    def worker():
        while True:
            with lock:
                if not batches:
                    return
                batch = batches.pop()
            r = expect(call(port, "POST", "/api/v1/products:batch", token, {"items": [product(i) for i in batch]}), 200, "batch")
            with lock:
                positions.append(int(r[1]["X-Calibrate-Position"]))
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    [w.start() for w in workers]
    [w.join() for w in workers]
    wait_visible(port, token, max(positions))


def wait_applied(port, token, change):
    while call(port, "GET", f"/api/v1/price-changes/{change}/items?outcome=PENDING&size=1", token)[2]["total"] > 0:
        time.sleep(0.5)


def warm_up(port, admin, n, threads):
    """The bench's whole flow once on another tenant of n products, so that the measured apply runs on compiled
    code, as on a server that has applied before; answers the warm-up's apply time."""
    token, approver = tenant_with_tokens(port, admin, "Bench warm-up")
    load_catalog(port, token, n, threads)
    change = expect(call(port, "POST", "/api/v1/price-changes", token, {"name": "Warm-up", "rule": RULE}), 201, "draft")[2]["id"]
    preview = expect(call(port, "POST", f"/api/v1/price-changes/{change}/preview?size=50", token), 200, "preview")[2]
    expect(call(port, "POST", f"/api/v1/price-changes/{change}/submit", token), 200, "submit")
    expect(call(port, "POST", f"/api/v1/price-changes/{change}/approve", approver, {"previewHash": preview["previewHash"]}), 200, "approve")
    t = time.perf_counter()
    expect(call(port, "POST", f"/api/v1/price-changes/{change}/apply", token), 202, "apply")
    wait_applied(port, token, change)
    return time.perf_counter() - t


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--admin-token", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--out", required=True)
    p.add_argument("--apply-only", action="store_true", help="one preview, no warm preview or page: for developing the apply")
    p.add_argument("--postmaster-pid", type=int, default=0, help="the embedded PostgreSQL's postmaster: its CPU during the apply")
    p.add_argument("--gc-log", default="", help="the server's -Xlog:gc file, for --apply-live-every")
    p.add_argument("--apply-live-every", type=float, default=0,
                   help="seconds between full GCs during the apply, to measure the heap it retains (0: none)")
    p.add_argument("--preview-repeat", type=int, default=0,
                   help="previews of the same change after the held one, each timed (a re-preview replaces the rows before)")
    p.add_argument("--apply-warmup", type=int, default=0,
                   help="products of another tenant put through the same flow first, so the measured apply runs warm (0: none)")
    a = p.parse_args()
    if not 0 <= a.apply_warmup < a.n:
        sys.exit("--apply-warmup must be 0 or fewer products than --n (the apply floor takes the change with most items)")
    admin = a.admin_token
    if a.apply_warmup > 0:
        warmup_s = warm_up(a.port, admin, a.apply_warmup, a.threads)
        print(f"warm-up: {a.apply_warmup} products of another tenant previewed, approved and applied ({warmup_s:.1f} s)", flush=True)
    token, approver = tenant_with_tokens(a.port, admin, "Bench")

    # ---- catalog
    t0 = time.perf_counter()
    load_catalog(a.port, token, a.n, a.threads)
    catalog_s = time.perf_counter() - t0
    print(f"catalog: {a.n} products visible in {catalog_s:.1f} s", flush=True)
    quiet_s = wait_quiet(a.port, admin)
    print(f"every event processor caught up {quiet_s:.1f} s later", flush=True)

    # ---- preview
    change = expect(call(a.port, "POST", "/api/v1/price-changes", token, {"name": "Bench sale", "rule": RULE}), 201, "draft")[2]["id"]
    with HeapProbe() as heap:
        t = time.perf_counter()
        preview = expect(call(a.port, "POST", f"/api/v1/price-changes/{change}/preview?size=50", token), 200, "preview")[2]
        preview_s = time.perf_counter() - t
    items = preview["summary"]["items"]
    changes = preview["summary"]["change"]
    print(f"preview: {items} items ({changes} to change) in {preview_s:.2f} s; heap at most"
          f" {heap.above_idle_mb():.0f} MB above idle ({heap.idle_mb():.0f} MB)", flush=True)
    warm_s = page_s = warm_heap_mb = 0.0
    repeat_s = []
    if not a.apply_only:
        # the first preview of a tenant rebuilds this node's catalog from the read model; later ones find it held
        with HeapProbe() as warm_heap:
            t = time.perf_counter()
            preview = expect(call(a.port, "POST", f"/api/v1/price-changes/{change}/preview?size=50", token), 200, "preview again")[2]
            warm_s = time.perf_counter() - t
        warm_heap_mb = warm_heap.above_idle_mb()
        print(f"preview again (catalog held): {warm_s:.2f} s; heap at most {warm_heap_mb:.0f} MB above idle", flush=True)
        # timed without the heap probe, whose full GC before each measured preview leaves the heap to grow again
        for again in range(a.preview_repeat):
            t = time.perf_counter()
            preview = expect(call(a.port, "POST", f"/api/v1/price-changes/{change}/preview?size=50", token), 200, "preview repeated")[2]
            repeat_s.append(time.perf_counter() - t)
            print(f"preview repeated ({again + 1} of {a.preview_repeat}): {repeat_s[-1]:.2f} s", flush=True)
        t = time.perf_counter()
        expect(call(a.port, "GET", f"/api/v1/price-changes/{change}/preview?status=CHANGE&page=100&size=500", token), 200, "preview page")
        page_s = time.perf_counter() - t

    expect(call(a.port, "POST", f"/api/v1/price-changes/{change}/submit", token), 200, "submit")
    expect(call(a.port, "POST", f"/api/v1/price-changes/{change}/approve", approver, {"previewHash": preview["previewHash"]}), 200, "approve")

    # ---- apply, until every item has its outcome and the catalog read model shows the last price
    pid = os.environ["BENCH_SERVER_PID"]
    live_mb = None
    with HeapProbe(every_ms=200) as apply_heap:
        live = LiveProbe(a.gc_log, every_s=a.apply_live_every) if a.apply_live_every > 0 else None
        cpu0 = server_cpu_s(pid)
        split0 = cpu.snapshot(argparse.Namespace(server_pid=pid, postmaster_pid=a.postmaster_pid))
        t = time.perf_counter()
        expect(call(a.port, "POST", f"/api/v1/price-changes/{change}/apply", token), 202, "apply")
        if live:
            live.__enter__()
        wait_applied(a.port, token, change)
        applied_s = time.perf_counter() - t
        apply_cpu_s = server_cpu_s(pid) - cpu0
        split1 = cpu.snapshot(argparse.Namespace(server_pid=pid, postmaster_pid=a.postmaster_pid))
        apply_split = cpu.cpu_report(split0, split1, applied_s)
        apply_split["processors"] = cpu.processor_cpu(split0, split1, cpu.java_thread_names(pid))
        if live:
            live.__exit__(None, None, None)
            live_mb = live.above_idle_mb()
            print(f"apply: heap retained at most {live_mb:.0f} MB above idle ({live.samples} full GCs,"
                  f" every {a.apply_live_every:g} s; they pause the server, so this run's timings are not comparable)", flush=True)
    # a write after the run answers the event store's head: the read model shows every price once it is there
    head = int(expect(call(a.port, "POST", "/api/v1/products", token, product(a.n)), 201, "marker")[1]["X-Calibrate-Position"])
    wait_visible(a.port, token, head)
    visible_s = time.perf_counter() - t
    outcomes = {o: call(a.port, "GET", f"/api/v1/price-changes/{change}/items?outcome={o}&size=1", token)[2]["total"]
                for o in ("APPLIED", "CONFLICT", "BLOCKED", "SKIPPED", "NO_CHANGE")}
    print(f"apply: {outcomes['APPLIED']} applied in {applied_s:.1f} s ({outcomes['APPLIED'] / applied_s:,.0f} items/s); "
          f"read model caught up after {visible_s:.1f} s; server CPU {apply_cpu_s:.1f} s; heap at most"
          f" {apply_heap.above_idle_mb():.0f} MB above idle", flush=True)
    print(f"apply CPU (s): machine busy {apply_split['machine_busy']} of {os.cpu_count() * applied_s:.1f}"
          f" ({os.cpu_count()} cores); PostgreSQL {sum(apply_split['postgres'].values()):.1f} {apply_split['postgres']};"
          f" JVM {sum(apply_split['jvm'].values()):.1f} {apply_split['jvm']}; processors {apply_split['processors']}",
          flush=True)
    json.dump({"n": a.n, "apply_warmup": a.apply_warmup, "change": change, "catalog_s": catalog_s, "quiet_s": quiet_s, "preview_s": preview_s, "preview_warm_s": warm_s, "preview_repeat_s": repeat_s,
               "preview_warm_heap_above_idle_mb": warm_heap_mb,
               "preview_heap_idle_mb": heap.idle_mb(), "preview_heap_above_idle_mb": heap.above_idle_mb(),
               "preview_items": items, "preview_changes": changes, "preview_page_s": page_s,
               "apply_s": applied_s, "apply_visible_s": visible_s, "outcomes": outcomes, "apply_cpu_s": apply_cpu_s,
               "apply_heap_idle_mb": apply_heap.idle_mb(), "apply_heap_above_idle_mb": apply_heap.above_idle_mb(),
               "apply_old_above_idle_mb": apply_heap.old_above_idle_mb(), "apply_live_above_idle_mb": live_mb, "apply_cpu_split": apply_split},
              open(a.out, "w"), indent=2)


if __name__ == "__main__":
    main()
