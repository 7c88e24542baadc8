"""Heap of the bench server while one request runs: a full GC first (jcmd) so "idle" is what stays,
then the heap used (Micrometer's jvm.memory.used, area heap) sampled every few milliseconds until the
request ends. The peak above idle is an upper bound of what the request needs: it counts garbage not
yet collected too. Standard library only."""
import json, os, subprocess, threading, time, urllib.request


def heap_used(port, token):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/actuator/metrics/jvm.memory.used?tag=area:heap")
    req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())["measurements"][0]["value"]


class HeapProbe:
    def __init__(self, port, token, pid=None, every_s=0.02):
        self.port, self.token, self.every_s = port, token, every_s
        self.pid = pid or os.environ.get("BENCH_SERVER_PID")
        self.peak = 0.0
        self.idle = None
        self._stop = threading.Event()
        self._thread = None

    def __enter__(self):
        if self.pid:
            subprocess.run(["jcmd", str(self.pid), "GC.run"], check=False, capture_output=True)
        self.idle = heap_used(self.port, self.token)
        self.peak = self.idle
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, heap_used(self.port, self.token))
            except OSError:
                pass
            time.sleep(self.every_s)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False

    def above_idle_mb(self):
        return (self.peak - self.idle) / 2 ** 20
