"""Heap of the bench server while one request runs: a full GC first (jcmd GC.run) so "idle" is what
stays, then the heap used (survivor, eden and old spaces, from `jstat -gc`, which reads the JVM's
performance counters without attaching) every 20 ms until the request ends. The peak above idle is an
upper bound of what the request needs: it counts garbage not yet collected too. The old generation's
peak above idle is what survived young collections, closer to what the request really holds."""
import os, re, subprocess, threading


def _used_kb(line, header):
    values = dict(zip(header, line.split()))
    return sum(float(values[k]) for k in ("S0U", "S1U", "EU", "OU")), float(values["OU"])


class HeapProbe:
    def __init__(self, pid=None, every_ms=20):
        self.pid = str(pid or os.environ["BENCH_SERVER_PID"])
        self.every_ms = every_ms
        self.idle = self.idle_old = None
        self.peak = self.peak_old = 0.0
        self._proc = None
        self._thread = None

    def __enter__(self):
        subprocess.run(["jcmd", self.pid, "GC.run"], check=False, capture_output=True)
        out = subprocess.run(["jstat", "-gc", self.pid], check=True, capture_output=True, text=True).stdout.splitlines()
        self._header = out[0].split()
        self.idle, self.idle_old = _used_kb(out[1], self._header)
        self.peak, self.peak_old = self.idle, self.idle_old
        self._proc = subprocess.Popen(["jstat", "-gc", self.pid, str(self.every_ms)], stdout=subprocess.PIPE, text=True)
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        for line in self._proc.stdout:
            if line.split() and line.split()[0][0].isdigit():
                used, old = _used_kb(line, self._header)
                self.peak, self.peak_old = max(self.peak, used), max(self.peak_old, old)

    def __exit__(self, *exc):
        self._proc.terminate()
        self._proc.wait()
        self._thread.join()
        return False

    def above_idle_mb(self):
        return (self.peak - self.idle) / 1024

    def old_above_idle_mb(self):
        return (self.peak_old - self.idle_old) / 1024

    def idle_mb(self):
        return self.idle / 1024


class LiveProbe:
    """What a long request really holds: every `every_s` seconds a full GC (jcmd GC.run), and the heap
    right after it as the JVM's GC log says ("Pause Full (Diagnostic Command) 352M->118M"), so neither
    garbage nor what is allocated after the collection counts. Idle is the last such full GC before the
    probe starts (the HeapProbe's); the largest after-GC heap while it runs, above idle, is the retained
    set's peak at those moments. The full GCs pause the server: its timings are not comparable."""

    _FULL = re.compile(r"Pause Full \(Diagnostic Command\) \d+M->(\d+)M")

    def __init__(self, gc_log, pid=None, every_s=5.0):
        if not gc_log:
            raise ValueError("the live probe needs the server's GC log (-Xlog:gc:file=...)")
        self.pid = str(pid or os.environ["BENCH_SERVER_PID"])
        self.gc_log = gc_log
        self.every_s = every_s
        self.idle_mb = self._last_full_gc_mb()[0]
        self.peak_mb = self.idle_mb
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _last_full_gc_mb(self):
        """The heap after the last full GC in the log, and how many there were."""
        after = [int(m.group(1)) for m in self._FULL.finditer(open(self.gc_log).read())]
        if not after:
            raise ValueError(f"no full GC in {self.gc_log} yet")
        return after[-1], len(after)

    def __enter__(self):
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(self.every_s):
            before = self._last_full_gc_mb()[1]
            subprocess.run(["jcmd", self.pid, "GC.run"], check=False, capture_output=True)
            mb, count = self._last_full_gc_mb()
            if count > before:
                self.peak_mb = max(self.peak_mb, mb)
                self.samples += 1

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False

    def above_idle_mb(self):
        return self.peak_mb - self.idle_mb
