"""Peak memory of one export of the whole device list, as the coordinator downloads it, in a
process of its own (so one format's peak does not hide the other's): run by bench.py after
seeding, `python tests/perf/export_memory.py csv|xlsx`, prints one JSON line.

The file goes through the real view and is read from the response as a browser would, and
thrown away. The figure to read is `export_mb`: how far the process's peak resident memory
rose above what it held before the export (Django, the code, the connection)."""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def status_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (the peak) of this process, from Linux's /proc. Not
    getrusage's ru_maxrss: that keeps the peak of the process this one was forked from."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise LookupError(field)


def reset_peak() -> None:
    """Start the peak afresh from what is resident now (Linux ≥ 4.0)."""
    Path("/proc/self/clear_refs").write_text("5")


def main(fmt: str) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from portal.views.exports import export_list

    coordinator = get_user_model().objects.get(email="dieuphoi@demo.maytinhcu.vn")
    request = RequestFactory().get(f"/portal/xuat/devices.{fmt}")
    request.user = coordinator
    reset_peak()
    before = status_mb("VmRSS")
    started = time.perf_counter()
    response = export_list(request, "devices", fmt)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()
    seconds = time.perf_counter() - started
    peak = status_mb("VmHWM")
    print(
        json.dumps(
            {
                "format": fmt,
                "response": type(response).__name__,
                "bytes": size,
                "seconds": round(seconds, 1),
                "before_mb": round(before, 1),
                "peak_mb": round(peak, 1),
                "export_mb": round(peak - before, 1),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.settings")
    main(sys.argv[1])
