"""A small load generator: processes × threads of keep-alive HTTP GETs against one URL for
a fixed time; reports requests per second and the 95th-percentile latency."""

import http.client
import statistics
import threading
import time
from multiprocessing import Pool
from urllib.parse import urlsplit


def _worker(args):
    url, seconds, threads = args
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies, errors = [], []
    deadline = time.perf_counter() + seconds

    def run():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors.append(response.status)
            except OSError as error:
                errors.append(str(error))
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            latencies.append(time.perf_counter() - started)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return latencies, errors


def measure(url: str, seconds: float = 8, processes: int = 2, threads: int = 4) -> dict:
    with Pool(processes) as pool:
        results = pool.map(_worker, [(url, seconds, threads)] * processes)
    latencies = sorted(value for found, _errors in results for value in found)
    errors = [error for _found, found_errors in results for error in found_errors]
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p95_ms": 1000 * statistics.quantiles(latencies, n=20)[18] if len(latencies) > 20 else 0,
        "errors": len(errors),
    }
