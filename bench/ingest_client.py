#!/usr/bin/env python3
"""Load client of bench/ingest.sh (Python standard library only).

Creates a tenant and a token, ingests N generated products through POST /api/v1/products:batch
with a few concurrent connections, and measures:
  - API throughput: products accepted per second (first request sent -> last response received),
  - read-model throughput: products per second until GET /api/v1/products?size=1 reports all N
    (X-Calibrate-Wait-For with the last write's position once the API phase is over),
  - events appended per second (X-Calibrate-Position of the last write minus the position before),
  - where the CPU went: per-thread CPU of the JVM (by thread name) and per-process CPU of PostgreSQL,
  - PostgreSQL transaction / WAL counters (pg_stat_database, pg_stat_wal) over the same interval.
Writes a JSON result file; bench/ingest.sh prints the summary.

Not a test: it never asserts timings. It only talks to localhost.
"""
import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal, ROUND_HALF_UP

CLK_TCK = os.sysconf("SC_CLK_TCK")

VENDORS = ["Acme Outdoor", "Northwind Goods", "Blue Ridge Supply", "Kestrel & Co", "Harbor Home",
           "Lumen Labs", "Pinecrest", "Solstice Apparel", "Ironbark Tools", "Maple Street",
           "Copperleaf", "Tidewater", "Granite Peak", "Verdant", "Foxglove Studio", "Orbit Audio",
           "Saltmarsh", "Red Canyon", "Nimbus Kitchen", "Brightwater", "Quarry Lane", "Juniper",
           "Atlas Fitness", "Cobalt Cycles", "Wren & Willow", "Summit Pet", "Driftwood", "Ember Coffee",
           "Polar Gear", "Meadowlark"]
ADJECTIVES = ["Classic", "Ultra", "Everyday", "Premium", "Compact", "Heavy-Duty", "Organic", "Vintage",
              "Wireless", "Insulated", "Waterproof", "Lightweight", "Deluxe", "Eco", "Pro", "Mini"]
NOUNS = ["Backpack", "Water Bottle", "Hoodie", "Desk Lamp", "Chef Knife", "Yoga Mat", "Headphones",
         "Trail Shoe", "Coffee Grinder", "Rain Jacket", "Dog Harness", "Cutting Board", "Tent",
         "Sunglasses", "Bike Light", "Throw Blanket", "Travel Mug", "Notebook", "Hammock", "Candle"]
VARIANTS = ["Black / S", "Black / M", "Navy / L", "Olive / XL", "Red", "Blue", "500 ml", "1 l",
            "Small", "Large", "Walnut", "Oak", "2-pack", "4-pack", "Sand", "Charcoal"]
TYPES = ["Bags", "Drinkware", "Apparel", "Lighting", "Kitchen", "Fitness", "Audio", "Footwear",
         "Outdoor", "Pets", "Home", "Stationery"]
TAGS = ["new", "bestseller", "sale", "summer", "winter", "gift", "eco", "limited", "outdoor",
        "kitchen", "clearance", "bundle", "premium", "kids", "travel", "b2b"]

CENT = Decimal("0.01")


def product(rng, run, i):
    cost = (Decimal(rng.randint(150, 25000)) / 100).quantize(CENT)
    markup = Decimal(rng.randint(125, 260)) / 100
    price = (cost * markup).quantize(CENT, rounding=ROUND_HALF_UP)
    item = {
        "sku": f"BENCH-{run}-{i:07d}",
        "title": f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} - {rng.choice(VARIANTS)}",
        "vendor": rng.choice(VENDORS),
        "productType": rng.choice(TYPES),
        "tags": sorted(rng.sample(TAGS, rng.randint(1, 4))),
        "cost": {"amount": str(cost), "currency": "USD"},
        "prices": [{"currency": "USD", "amount": str(price)}],
    }
    if rng.random() < 0.2:
        item["prices"][0]["compareAt"] = str((price * Decimal("1.25")).quantize(CENT))
    return item


class Api:
    """One keep-alive HTTP/1.1 connection to localhost."""

    def __init__(self, port, token, timeout=600):
        self.port, self.token, self.timeout = port, token, timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        h = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if body is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), data
            except (http.client.HTTPException, ConnectionError) as e:
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    sys.exit(f"bench: {method} {path} failed: {e!r}")
        raise AssertionError("unreachable")


def expect(status, data, wanted, what):
    if status != wanted:
        sys.exit(f"{what}: HTTP {status} (wanted {wanted}): {data[:500]!r}")
    return json.loads(data) if data else {}


# ---------------------------------------------------------------- CPU accounting from /proc

def _stat(path):
    try:
        with open(path) as f:
            raw = f.read()
    except OSError:
        return None
    # comm is in parentheses and may hold spaces
    comm = raw[raw.index("(") + 1:raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2:].split()
    # fields[0] is state (field 3); utime/stime are fields 14/15 -> index 11/12; ppid field 4 -> index 1
    return comm, int(fields[1]), int(fields[11]) + int(fields[12])


def jvm_threads(pid):
    """{tid: (thread name, cpu ticks)} of every thread of the JVM."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        s = _stat(f"/proc/{pid}/task/{tid}/stat")
        if s:
            out[tid] = (s[0], s[2])
    return out


def pg_processes(postmaster):
    """{pid: (role, cpu ticks)} of the postmaster and its children (backends, walwriter, ...)."""
    out = {}
    if not postmaster:
        return out
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        s = _stat(f"/proc/{pid}/stat")
        if not s or (int(pid) != postmaster and s[1] != postmaster):
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            cmd = s[0]
        if int(pid) == postmaster:
            role = "postmaster"
        elif re.search(r"postgres: \S+ \S+ (127\.0\.0\.1|::1|\[local\]|localhost)", cmd):
            role = "client backends"
        else:
            role = re.sub(r"^postgres:\s*", "", cmd).split("  ")[0].strip() or s[0]
        out[pid] = (role, s[2])
    return out


def thread_group(name):
    name = re.sub(r"\d+", "#", name)
    if name.startswith("http-nio"):
        return "http-nio-*-exec (request threads: validation, commands, event store appends)"
    if name.startswith("EventProcesso"):
        return "EventProcessor[*] (tracking processors: catalog, audit, tenants)"
    if name.startswith("EmbeddedEvent"):
        return "EmbeddedEventStore-* (reads new events for the processors)"
    if name.startswith("C#") or "Compiler" in name:
        return "JIT compiler"
    if name.startswith("GC") or name.startswith("G#") or "Conc" in name or "Refine" in name:
        return "GC"
    if name.startswith("HikariPool") or name.startswith("Hikari"):
        return "Hikari housekeeping"
    return "other JVM threads"


def cpu_delta(before, after, group):
    groups = {}
    for key, (name, ticks) in after.items():
        prev = before.get(key)
        delta = ticks - (prev[1] if prev else 0)
        g = group(name)
        groups[g] = groups.get(g, 0) + delta
    return {g: round(t / CLK_TCK, 2) for g, t in sorted(groups.items(), key=lambda kv: -kv[1])}


def java_thread_names(pid):
    """{tid: Java thread name} from `jcmd <pid> Thread.print` (nid is the OS thread id); empty without jcmd.
    /proc cuts names at 15 characters, so every "EventProcessor[..." thread looks the same there."""
    try:
        dump = subprocess.run(["jcmd", str(pid), "Thread.print"], capture_output=True, text=True,
                              timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    return {str(int(nid, 16)): name for name, nid in re.findall(r'^"([^"]+)".*? nid=(0x[0-9a-f]+)', dump, re.M)}


def processor_cpu(before, after, names):
    """CPU seconds of each tracking processor's threads (and the event store's reader) between two snapshots."""
    groups = {}
    for tid, (_, ticks) in after["jvm"].items():
        name = names.get(tid, "")
        m = re.match(r"EventProcessor\[(.+)\]|(EmbeddedEventStore)", name)
        if not m:
            continue
        prev = before["jvm"].get(tid)
        key = m.group(1) or m.group(2)
        groups[key] = groups.get(key, 0) + ticks - (prev[1] if prev else 0)
    return {k: round(t / CLK_TCK, 2) for k, t in sorted(groups.items(), key=lambda kv: -kv[1])}


def machine_busy():
    """CPU ticks the whole machine spent busy (every process, ours and everyone else's)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v) - v[3] - v[4]  # minus idle and iowait


def snapshot(args):
    t = os.times()
    return {"jvm": jvm_threads(args.server_pid), "pg": pg_processes(args.postmaster_pid),
            "machine": machine_busy(), "client": t.user + t.system}


def cpu_report(a, b, wall):
    jvm = cpu_delta(a["jvm"], b["jvm"], thread_group)
    pg = cpu_delta(a["pg"], b["pg"], lambda role: role)
    client = round(b["client"] - a["client"], 2)
    machine = round((b["machine"] - a["machine"]) / CLK_TCK, 2)
    ours = sum(jvm.values()) + sum(pg.values()) + client
    return {"wall_seconds": round(wall, 2), "jvm": jvm, "postgres": pg, "bench_client": client,
            "machine_busy": machine, "other_processes": round(max(0.0, machine - ours), 2)}


# ---------------------------------------------------------------- PostgreSQL counters via psql

def psql(pg_port, sql):
    if not pg_port:
        return None
    try:
        return subprocess.run(["psql", "-h", "localhost", "-p", str(pg_port), "-U", "postgres", "-d", "postgres",
                               "-XqAt", "-F", "|", "-c", sql],
                              capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        print(f"  (psql failed: {e})", file=sys.stderr)
        return None


def pg_counters(pg_port):
    row = psql(pg_port, "SELECT d.xact_commit, d.blks_hit + d.blks_read, w.wal_records, w.wal_bytes, "
                        "w.wal_write, w.wal_sync FROM pg_stat_database d, pg_stat_wal w "
                        "WHERE d.datname = current_database()")
    if not row:
        return None
    keys = ["xact_commit", "blocks_accessed", "wal_records", "wal_bytes", "wal_write", "wal_sync"]
    return dict(zip(keys, (int(Decimal(v)) for v in row.split("|"))))


def processor_positions(pg_port):
    """{processor: global index its token has reached} from the token store (Jackson-serialized tokens)."""
    rows = psql(pg_port, "SELECT processorname, convert_from(token, 'UTF8') FROM tokenentry "
                         "WHERE token IS NOT NULL ORDER BY 1")
    positions = {}
    for line in (rows or "").splitlines():
        name, _, token = line.partition("|")
        m = re.search(r'"index"\s*:\s*(-?\d+)', token)
        if m:
            positions[name] = int(m.group(1))
    return positions


# ---------------------------------------------------------------- the run

def warm_up(admin, args, run):
    tenant = expect(*admin.request("POST", "/admin/v1/tenants", json.dumps(
        {"name": f"bench warm-up {run}", "defaultCurrency": "USD"}))[::2], 201, "create warm-up tenant")
    token = expect(*admin.request("POST", f"/admin/v1/tenants/{tenant['id']}/tokens", json.dumps(
        {"name": "warm-up", "scopes": ["catalog:read", "catalog:write"]}))[::2], 201, "issue warm-up token")["token"]
    rng = random.Random(7)
    local = threading.local()
    positions = []

    def send(start):
        api = getattr(local, "api", None) or Api(args.port, token)
        local.api = api
        items = [product(rng, f"W{run}", i) for i in range(start, min(start + args.batch, args.warmup))]
        status, headers, data = api.request("POST", "/api/v1/products:batch",
                                            json.dumps({"items": items}, separators=(",", ":")).encode())
        expect(status, data, 200, "warm-up batch")
        positions.append(int(headers.get("x-calibrate-position", "0")))

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        list(pool.map(send, range(0, args.warmup, args.batch)))
    reader = Api(args.port, token)
    while True:
        status, _, data = reader.request("GET", "/api/v1/products?size=1", headers={
            "X-Calibrate-Wait-For": str(max(positions))})
        if status == 200:
            break
        if status != 503:
            sys.exit(f"warm-up read: HTTP {status}: {data[:300]!r}")
    # and every other processor too, so none is still busy with the warm-up when the clock starts
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and any(
            p < max(positions) for p in processor_positions(args.pg_port).values()):
        time.sleep(0.5)
    print(f"  warm-up: {args.warmup} products into tenant {tenant['id']}, visible after "
          f"{time.perf_counter() - t:.1f} s", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--admin-token", required=True)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--server-pid", type=int)
    ap.add_argument("--postmaster-pid", type=int)
    ap.add_argument("--pg-port", type=int)
    ap.add_argument("--poll-ms", type=int, default=1000)
    ap.add_argument("--visible-timeout", type=int, default=3600)
    ap.add_argument("--out", required=True)
    ap.add_argument("--warmup", type=int, default=0,
                    help="products ingested into another tenant, until visible, before the measured run")
    args = ap.parse_args()

    run = time.strftime("%H%M%S")
    admin = Api(args.port, args.admin_token)
    # By default there is no warm-up: the numbers include a cold JIT, as a first import would.
    # --warmup N first ingests N products into another tenant and waits until every processor has
    # them, so the measured run shows the server's steady state (the JIT's compilations mostly done).
    if args.warmup > 0:
        warm_up(admin, args, run)
    tenant = expect(*admin.request("POST", "/admin/v1/tenants", json.dumps(
        {"name": f"bench {run}", "defaultCurrency": "USD"}))[::2], 201, "create tenant")
    status, headers, data = admin.request("POST", f"/admin/v1/tenants/{tenant['id']}/tokens", json.dumps(
        {"name": "bench", "scopes": ["catalog:read", "catalog:write"]}))
    token = expect(status, data, 201, "issue token")["token"]
    start_position = int(headers.get("x-calibrate-position", "0"))

    # Bodies are built before the clock starts: the client's JSON encoding is not measured.
    rng = random.Random(42)
    bodies = []
    for start in range(0, args.n, args.batch):
        items = [product(rng, run, i) for i in range(start, min(start + args.batch, args.n))]
        bodies.append((len(items), json.dumps({"items": items}, separators=(",", ":")).encode()))
    print(f"  tenant {tenant['id']}: {len(bodies)} requests of <= {args.batch} items "
          f"(~{sum(len(b) for _, b in bodies) // len(bodies) // 1024} KiB each), {args.threads} client threads",
          flush=True)

    lock = threading.Lock()
    results = {"succeeded": 0, "failed": 0, "max_position": start_position, "latencies": [], "errors": []}
    local = threading.local()
    done_requests = [0]
    top_taken = threading.Event()

    def send(batch):
        count, body = batch
        api = getattr(local, "api", None)
        if api is None:
            api = local.api = Api(args.port, token)
        t = time.perf_counter()
        status, headers, data = api.request("POST", "/api/v1/products:batch", body)
        latency = time.perf_counter() - t
        with lock:
            results["latencies"].append(latency)
            done_requests[0] += 1
            if status != 200:
                results["failed"] += count
                results["errors"].append(f"HTTP {status}: {data[:300]!r}")
            else:
                answer = json.loads(data)
                results["succeeded"] += answer["succeeded"]
                results["failed"] += answer["failed"]
                for r in answer["results"]:
                    if r.get("status") not in (200, 201) and len(results["errors"]) < 5:
                        results["errors"].append(r)
                results["max_position"] = max(results["max_position"],
                                              int(headers.get("x-calibrate-position", "0")))
            half = done_requests[0] * 2 >= len(bodies)
        if half:
            top_taken.set()

    def top_snapshot():
        # two frames one second apart: the second one's %CPU covers that second of the ingest
        if not top_taken.wait(timeout=args.visible_timeout):
            return
        snap = subprocess.run(["top", "-b", "-n2", "-d1", "-w", "200"], capture_output=True, text=True).stdout
        frames = snap.split("\ntop - ")
        with open(os.path.join(os.path.dirname(args.out), "top-during-ingest.txt"), "w") as f:
            f.write(("top - " + frames[-1]) if len(frames) > 1 else snap)

    # Read-model watcher. While the API phase runs it samples the product count once a second (a
    # light load: one count query a second). Once the last write's position is known it asks with
    # X-Calibrate-Wait-For, which returns as soon as the catalog projection reached that position
    # (or 503 after the server's max wait, then it asks again), and checks the total is N.
    reader = Api(args.port, token)
    visible = {"t": None, "samples": [], "503s": 0}
    api_done = threading.Event()

    def watch(t0):
        deadline = t0 + args.visible_timeout
        while time.perf_counter() < deadline:
            headers = {"X-Calibrate-Wait-For": str(results["max_position"])} if api_done.is_set() else None
            status, _, data = reader.request("GET", "/api/v1/products?size=1", headers=headers)
            now = time.perf_counter()
            if status == 200:
                total = json.loads(data)["total"]
                visible["samples"].append((round(now - t0, 3), total, processor_positions(args.pg_port)))
                if total >= args.n:
                    visible["t"] = now
                    return
            elif status == 503:
                visible["503s"] += 1
                continue
            else:
                print(f"  read model: HTTP {status}: {data[:200]!r}", file=sys.stderr)
            api_done.wait(timeout=args.poll_ms / 1000)
            if api_done.is_set() and headers is not None:
                time.sleep(0.05)  # reached the position but the count is short: should not happen

    with open("/proc/loadavg") as f:
        load_before = " ".join(f.read().split()[:3])
    cpu0 = snapshot(args)
    pg0 = pg_counters(args.pg_port)
    t0 = time.perf_counter()
    poller = threading.Thread(target=watch, args=(t0,), daemon=True)
    poller.start()
    topper = threading.Thread(target=top_snapshot, daemon=True)
    topper.start()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        list(pool.map(send, bodies))
    t1 = time.perf_counter()
    api_done.set()
    cpu1 = snapshot(args)
    positions_at_api_end = processor_positions(args.pg_port)
    print(f"  API accepted {results['succeeded']} products in {t1 - t0:.2f} s; waiting for the read model ...",
          flush=True)
    poller.join()
    t2 = visible["t"]
    topper.join(timeout=5)
    cpu2 = snapshot(args) if t2 else None
    thread_names = java_thread_names(args.server_pid) if t2 else {}
    # pg_stat counters are flushed by each backend at most once a second (idle ones after ~10 s)
    time.sleep(11)
    pg2 = pg_counters(args.pg_port)

    api_s = t1 - t0
    events = results["max_position"] - start_position
    lat = sorted(results["latencies"])
    out = {
        "n": args.n, "batch": args.batch, "threads": args.threads,
        "succeeded": results["succeeded"], "failed": results["failed"], "errors": results["errors"][:5],
        "api_seconds": round(api_s, 3),
        "api_products_per_s": round(results["succeeded"] / api_s, 1),
        "visible_seconds": round(t2 - t0, 3) if t2 else None,
        "visible_products_per_s": round(args.n / (t2 - t0), 1) if t2 else None,
        "read_model_lag_after_api_s": round(t2 - t1, 3) if t2 else None,
        "start_position": start_position, "end_position": results["max_position"],
        "events": events, "events_per_product": round(events / max(1, results["succeeded"]), 3),
        "events_per_s": round(events / api_s, 1),
        "request_latency_s": {"min": round(lat[0], 2), "p50": round(lat[len(lat) // 2], 2),
                              "max": round(lat[-1], 2)} if lat else None,
        "wait_for_503s": visible["503s"],
        "processor_positions_at_api_end": positions_at_api_end,
        "load_average_before": load_before,
        "warmup_products": args.warmup,
        "cpu_seconds_api_phase": cpu_report(cpu0, cpu1, api_s),
        "cpu_seconds_catch_up_phase": cpu_report(cpu1, cpu2, t2 - t1) if t2 else None,
        "processor_cpu_seconds": processor_cpu(cpu0, cpu2, thread_names) if t2 else None,
        "pg_counters_delta": ({k: pg2[k] - pg0[k] for k in pg0} if pg0 and pg2 else None),
        "visible_samples": visible["samples"][:: max(1, len(visible["samples"]) // 40)],
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
    if results["failed"]:
        print(f"  WARNING: {results['failed']} items failed, e.g. {results['errors'][:2]}", file=sys.stderr)
    if not t2:
        print("  WARNING: the read model did not show all products within the timeout", file=sys.stderr)


if __name__ == "__main__":
    main()
