#!/usr/bin/env python3
"""Where did the server's CPU go? Summarises the execution samples of a JFR recording.

Record a benchmark run with
  JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/calibrate.jfr,settings=profile,dumponexit=true" bench/ingest.sh
then
  python3 bench/jfr_hotspots.py /tmp/calibrate.jfr [FROM TO]
FROM/TO (HH:MM:SS, the recording's clock) restrict it to a window, e.g. the API phase.

Per thread group it prints the share of samples, and how many of its samples had a given
method anywhere on the stack ("inclusive"), for the methods that matter to ingest.
Uses the JDK's `jfr` tool and the Python standard library only.
"""
import collections
import re
import subprocess
import sys

MARKERS = [
    ("ProductCommandController.batch", "ProductCommandController.batch"),
    ("  parse + schema validation of an item", "ProductCommandController.parse"),
    ("  command gateway sendAndWait (one UoW + transaction per item)", "sendAndWait"),
    ("    aggregate load: readEvents", "readEvents"),
    ("    UnitOfWork commit (appends events, commits)", "UnitOfWork.commit"),
    ("    appendEvents (event INSERTs)", "appendEvents"),
    ("Projection @EventHandler methods", "Projection.on"),
    ("  SimpleJpaRepository.existsById", "existsById"),
    ("  derived query findBy...ValidToIsNull", "findByProductIdAndCurrencyAndValidToIsNull"),
    ("  Hibernate auto-flush before a query", "DefaultAutoFlushEventListener"),
    ("TrackingEventProcessor.processBatch", "processBatch"),
    ("fetchTrackedEvents (event store reads)", "fetchTrackedEvents"),
    ("  GapAwareTrackingToken", "GapAwareTrackingToken"),
    ("event deserialization", "deserialize"),
    ("Micrometer", "io.micrometer"),
    ("PostgreSQL JDBC driver", "org.postgresql"),
    ("HikariCP (incl. the JDBC calls it wraps)", "com.zaxxer.hikari"),
    ("read API: ProductQueries", "ProductQueries"),
]


def group(thread):
    thread = re.sub(r"\d+", "#", thread)
    if thread.startswith("http-nio"):
        return "http-nio-*-exec (requests)"
    return thread


def main():
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    path = sys.argv[1]
    window = sys.argv[2:4] if len(sys.argv) == 4 else None
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                          capture_output=True, text=True, check=True).stdout
    totals = collections.Counter()
    inclusive = collections.Counter()
    for sample in text.split("\njdk.ExecutionSample {")[1:]:
        if window:
            at = re.search(r"startTime = (\d\d:\d\d:\d\d)", sample).group(1)
            if not window[0] <= at <= window[1]:
                continue
        thread = re.search(r'sampledThread = "([^"]+)"', sample)
        g = group(thread.group(1) if thread else "?")
        totals[g] += 1
        for label, needle in MARKERS:
            if needle in sample:
                inclusive[(g, label)] += 1
    n = sum(totals.values())
    if not n:
        sys.exit("no execution samples in that window")
    print(f"{n} execution samples" + (f" between {window[0]} and {window[1]}" if window else ""))
    for g, count in totals.most_common(8):
        print(f"\n{100 * count / n:5.1f}%  {g}  ({count} samples)")
        for label, _ in MARKERS:
            c = inclusive[(g, label)]
            if c >= 0.03 * count:
                print(f"        {100 * c / count:5.1f}% of the group  {label}")


if __name__ == "__main__":
    main()
