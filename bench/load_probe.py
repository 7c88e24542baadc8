#!/usr/bin/env python3
"""Where a load run's time goes (issue 19 item 7), sampled beside a wrk run by bench/http-load.sh.

    load_probe.py --pid SERVER_PID --postmaster PG_PID --port PORT --token OPERATOR_TOKEN --seconds S

For S seconds: the server's connection pool each second (HikariCP's active, idle and pending from
/actuator/prometheus: threads waiting for a connection mean the pool, not the CPU, holds requests back) and the
tenants' places taken and requests waiting for one,
and over the whole window the CPU of the server (what its threads that ended meanwhile used as "ended-threads")
by group of its threads (named from a `jcmd Thread.print`
taken at the end, matched to /proc/PID/task by native id) and of PostgreSQL's processes; and each endpoint's
requests a second and mean time in the server (its request timers, a wait for a place included), with the
requests that waited for a place and their mean wait. Prints one
line starting with PROBE; nothing here asserts anything.
"""
import argparse
import os
import re
import subprocess
import time
import urllib.request

HZ = os.sysconf("SC_CLK_TCK")

# thread name -> group; the first pattern that matches wins
GROUPS = [
    (r"^http-nio-", "requests"),
    (r"^EventProcessor\[([^\]]+)\]", None),  # a tracking processor: grouped by its name
    (r"^WorkPackage\[([^\]]+)", None),
    (r"^Coordinator\[([^\]]+)", None),
    (r"^db-scheduler", "scheduler"),
    (r"run-lane|price-change-run", "apply-lanes"),
    (r"^(G1|GC )", "gc"),
    (r"^(C1|C2) CompilerThread", "jit"),
    (r"(housekeeper|connection adder|connection closer)$", "pool"),
]


def thread_names(pid):
    """native thread id -> name, from a thread dump."""
    dump = subprocess.run(["jcmd", str(pid), "Thread.print"], capture_output=True, text=True, timeout=60).stdout
    names = {}
    for line in dump.splitlines():
        m = re.match(r'^"(.*?)".*\bnid=(0x[0-9a-f]+|\d+)', line)
        if m:
            nid = m.group(2)
            names[int(nid, 16) if nid.startswith("0x") else int(nid)] = m.group(1)
    return names


def group_of(name):
    for pattern, group in GROUPS:
        m = re.search(pattern, name)
        if m:
            return group if group is not None else "processor:" + m.group(1)
    return "other"


def task_ticks(pid):
    ticks = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks[int(tid)] = int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return ticks


def process_ticks(pid):
    """The process's CPU, its threads that ended during the window included."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def postgres_ticks(postmaster):
    """The postmaster's and its live children's CPU, plus what its ended children used (cutime, cstime)."""
    with open(f"/proc/{postmaster}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    total = int(fields[13]) + int(fields[14])
    pids = [postmaster]
    try:
        pids += [int(p) for p in subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True,
                                                 text=True).stdout.split()]
    except ValueError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def pg_processes(postmaster):
    """{pid: (role, ticks)} of the postmaster's live processes: client backends, autovacuum workers, ..."""
    from ingest_client import pg_processes as processes
    return processes(postmaster)


def cpu_delta(before, after, group):
    from ingest_client import cpu_delta as delta
    return delta(before, after, group)


def scrape(port, token, timeout):
    """The server's /actuator/prometheus exposition, line by line."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/actuator/prometheus",
                                     headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.read().decode().splitlines()


def pool(port, token):
    values = {}
    for line in scrape(port, token, 5):
        m = re.match(r'^hikaricp_connections_(active|idle|pending)\{.*pool="([^"]+)".*\} ([0-9.eE+-]+)$', line)
        if m:
            values[(m.group(2), m.group(1))] = float(m.group(3))
        # the tenants' places taken and requests waiting for one, sampled like the pool
        m = re.match(r'^calibrate_tenant_requests_(running|waiting) ([0-9.eE+-]+)$', line)
        if m:
            values[("places", m.group(1))] = float(m.group(2))
    return values


REQUESTS = re.compile(r'^(http_server_requests_seconds|calibrate_tenant_requests_wait_seconds)_(count|sum)(?:\{(.*)\})? ([0-9.eE+-]+)$')


def requests(port, token):
    """(series, method uri) -> (count, seconds) of the server's request timers, and of the waits for a place."""
    totals = {}
    for line in scrape(port, token, 30):
        m = REQUESTS.match(line)
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(3) or ""))
        if labels.get("uri", "").startswith("/actuator"):
            continue
        key = "wait-for-a-place" if m.group(1).startswith("calibrate") else labels.get("method", "?") + " " + labels.get("uri", "?")
        count, seconds = totals.get(key, (0, 0.0))
        value = float(m.group(4))
        totals[key] = (count + value, seconds) if m.group(2) == "count" else (count, seconds + value)
    return totals


def by_endpoint(before, after, elapsed):
    """Requests a second and their mean time in the server (from its first filter: a wait for a place included)."""
    parts = []
    for key in sorted(after, key=lambda k: -(after[k][0] - before.get(k, (0, 0))[0])):
        count = after[key][0] - before.get(key, (0, 0))[0]
        seconds = after[key][1] - before.get(key, (0, 0))[1]
        if count >= 1:
            parts.append(f"{key}: {count / elapsed:.0f}/s mean={1000 * seconds / count:.0f}ms")
    return "; ".join(parts)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--pid", type=int, required=True)
    a.add_argument("--postmaster", type=int, required=True)
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--token", required=True)
    a.add_argument("--seconds", type=float, required=True)
    args = a.parse_args()

    # the window starts at once (wrk starts beside it); the names are taken after it, since attaching jcmd can
    # take seconds
    before, jvm_before = task_ticks(args.pid), process_ticks(args.pid)
    pg_before, t0 = postgres_ticks(args.postmaster), time.time()
    roles_before = pg_processes(args.postmaster)
    try:
        scrape_started = time.time()
        requests_before = requests(args.port, args.token)
        requests_t0 = (scrape_started + time.time()) / 2  # a scrape under load can take seconds: its midpoint
    except OSError:
        requests_before = None
    samples, dropped = [], 0
    while time.time() - t0 < args.seconds - 1:
        try:
            samples.append(pool(args.port, args.token))
        except OSError:
            dropped += 1  # a scrape is a request too: it waits for a connection when the pool is full
        time.sleep(1)
    after, jvm_after = task_ticks(args.pid), process_ticks(args.pid)
    pg_after, elapsed = postgres_ticks(args.postmaster), time.time() - t0
    roles = cpu_delta(roles_before, pg_processes(args.postmaster), lambda role: role)
    try:
        if requests_before is None:
            endpoints = "?"
        else:
            scrape_started = time.time()
            requests_after = requests(args.port, args.token)
            endpoints = by_endpoint(requests_before, requests_after, (scrape_started + time.time()) / 2 - requests_t0)
    except OSError:
        endpoints = "?"
    names = thread_names(args.pid)

    groups = {}
    for tid, ticks in after.items():
        used = ticks - before.get(tid, 0)
        if used > 0:
            group = group_of(names.get(tid, "?"))
            groups[group] = groups.get(group, 0) + used
    cores = lambda ticks: ticks / HZ / elapsed
    jvm = jvm_after - jvm_before
    groups["ended-threads"] = max(0, jvm - sum(groups.values()))
    parts = " ".join(f"{g}={cores(t):.2f}" for g, t in sorted(groups.items(), key=lambda kv: -kv[1]) if cores(t) >= 0.01)

    def stat(pool_name, key):
        values = [s.get((pool_name, key), 0) for s in samples]
        return f"{sum(values) / len(values):.1f}/{max(values):.0f}" if values else "?"

    pools = sorted({name for s in samples for (name, _) in s})
    pool_parts = " ".join(f"{name}: running={stat(name, 'running')} waiting={stat(name, 'waiting')}" if name == "places"
                          else f"{name}: active={stat(name, 'active')} pending={stat(name, 'pending')}" for name in pools)

    top = sorted(((after[t] - before.get(t, 0), names.get(t, "?")) for t in after), reverse=True)[:12]
    print("threads by CPU ticks over the window:", top)
    # by role, of the processes alive at the window's end (ended ones, such as an autovacuum worker done within
    # it, are in the total only)
    pg_parts = " ".join(f"{role.replace(' ', '-')}={seconds / elapsed:.2f}" for role, seconds in roles.items()
                        if seconds / elapsed >= 0.01)
    print(f"PROBE cores: jvm={cores(jvm):.2f} postgres={cores(pg_after - pg_before):.2f} [{parts}] postgres: [{pg_parts}]"
          f" pools avg/max: {pool_parts or '?'} samples={len(samples)} dropped={dropped} endpoints: [{endpoints}]")


if __name__ == "__main__":
    main()
