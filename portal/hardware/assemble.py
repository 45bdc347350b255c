"""What the three parsers share: units, and one way to put the facts into a snapshot.

Sizes follow the format: disks in decimal GB (10^9 bytes, the figure on the label, rounded to
0.1), memory in the binary GB a module is sold as (a 1 GiB module is 1.0), clocks in GHz.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from portal.hardware.snapshot import FORMAT, SnapshotError

# The sections that hold hardware facts: a report with none of them cannot be checked.
_HARDWARE = ("system", "cpu", "memory", "disks")


def number(value: object) -> float | None:
    """A number from what a tool printed (an int, a float, "2048", " 1666 "), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def rounded(value: float, places: str = "0.1") -> float:
    return float(Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def disk_gb(size_bytes: object) -> float | None:
    size = number(size_bytes)
    return rounded(size / 10**9) if size and size > 0 else None


def memory_gb(size_bytes: float) -> float:
    return rounded(size_bytes / 2**30, "0.01")


def memory_section(modules: list[dict]) -> dict:
    """The memory section from the installed modules: their sizes add up to the total."""
    return {
        "total_gb": round(sum(float(module["size_gb"]) for module in modules), 2),
        "modules": modules,
    }


def text(value: object) -> str | None:
    """A tool's text, trimmed (Windows pads names and serials with spaces), or None."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())  # "Atom(TM) CPU N280   @ 1.66GHz" as one line, single-spaced
    return value[:200] or None


def compact(section: dict) -> dict | None:
    """The section without its unknown facts; None when nothing in it is known."""
    known = {key: value for key, value in section.items() if value is not None}
    return known or None


def snapshot(document: dict, *, tool: dict, captured_at: object, facts: dict, sources: dict):
    """A `maytinhcu-snapshot/1` document from the facts one parser found.

    `facts` maps each section to its value (None or empty when unknown); `sources` names the
    tool or class each section came from, and only the sections filled keep theirs."""
    if not any(facts.get(name) for name in _HARDWARE):
        raise SnapshotError(
            _(
                "Báo cáo không có thông tin phần cứng nào dùng được (máy, CPU, RAM, ổ cứng). Hãy chạy lại script kiểm tra với quyền quản trị."
            )
        )
    result: dict = {"format": FORMAT, "captured_at": captured_at, "tool": tool}
    code = document.get("device_code")
    if code is not None:
        result["device_code"] = code
    for name, value in facts.items():
        if value is not None and value not in ({}, []):
            result[name] = value
    result["sources"] = {name: where for name, where in sources.items() if name in result}
    result["approximate"] = []
    return result
