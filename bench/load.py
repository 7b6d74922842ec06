"""HTTP load: `wrk` (Debian's package) when installed, else a small threaded keep-alive client
in Python (slower itself, so its ratios are the figures to read, not its rates)."""

import http.client
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Load:
    url: str
    requests: int
    seconds: float
    latency_ms: float
    bad: int  # responses other than 2xx/3xx, and socket errors

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def tool() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def run(url: str, *, headers: dict[str, str], seconds: float, connections: int) -> Load:
    if tool() == "wrk":
        return _wrk(url, headers, seconds, connections)
    return _python(url, headers, seconds, connections)


def _wrk(url, headers, seconds, connections) -> Load:
    args = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    args += ["--timeout", "30s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    output = subprocess.run([*args, url], check=True, capture_output=True, text=True).stdout
    requests, elapsed, elapsed_unit = re.search(
        r"(\d+) requests in ([\d.]+)(ms|s|m),", output
    ).groups()
    elapsed = float(elapsed) * {"ms": 0.001, "s": 1.0, "m": 60.0}[elapsed_unit]
    latency, unit = re.search(r"Latency\s+([\d.]+)(\w+)", output).groups()
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        bad += sum(int(n) for n in socket_errors.groups())
    return Load(url, int(requests), elapsed, float(latency) * UNITS[unit], bad)


def _python(url, headers, seconds, connections) -> Load:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    counts = {"requests": 0, "bad": 0, "latency": 0.0}
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        requests = bad = 0
        latency = 0.0
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
            except OSError:
                bad += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            latency += time.monotonic() - started
            requests += 1
        with lock:
            counts["requests"] += requests
            counts["bad"] += bad
            counts["latency"] += latency

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    requests = counts["requests"]
    latency_ms = 1000 * counts["latency"] / requests if requests else 0.0
    return Load(url, requests, elapsed, latency_ms, counts["bad"])
