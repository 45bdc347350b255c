"""The project's own hardware snapshot format, `maytinhcu-snapshot/1`, and what it measures.

A snapshot is what one capture found on one device: hardware facts, where each was read
(`sources`), the capture tool and its version, and when. It is plain JSON, checked against
`schema/snapshot-1.schema.json` (docs/hardware-snapshots.md explains every field). `read`
takes any upload the portal accepts — a snapshot, a capture script's raw report
(`maytinhcu-capture/1`, parsed by `windows` or `linux`) or an eReuse Workbench snapshot
(`ereuse`) — and returns a checked `Snapshot`, or raises `SnapshotError` with a message a
volunteer can act on.

`Snapshot.measurements` gives the spec check's `Measurements`, so an automatic check is judged
by the same `specs.judge` as one typed by hand and the two can never disagree.

No database, no models: a snapshot can be read and tested alone.
"""

import hashlib
import importlib
import json
import math
import re
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import jsonschema

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal import specs

FORMAT = "maytinhcu-snapshot/1"
CAPTURE_FORMAT = "maytinhcu-capture/1"
# The platforms whose raw capture reports have a parser (a module here of the same name).
CAPTURE_PLATFORMS = ("windows", "linux")

# A battery that holds less than this share of its design capacity is worn: the spec check
# advises a new one (a refurbisher's usual line; below it a laptop lasts under an hour).
BATTERY_GOOD_SHARE = Decimal("0.6")

# The parts a script can find present; the rest (screen, keyboard, charger) need a person.
DETECTED_PARTS = (specs.WEBCAM, specs.MICROPHONE, specs.SPEAKER, specs.WIFI)


# The measurements a snapshot can fill (the parts apart: see `Snapshot.measurements`).
_MEASURED = (
    "os_name",
    "os_version",
    "ram_gb",
    "free_storage_gb",
    "cpu_model",
    "cpu_ghz",
    "disk_gb",
    "battery_good",
)


class SnapshotError(ValueError):
    """An upload that is no snapshot the portal can read; the message says why, in Vietnamese."""


# RFC 3339's date-time, with its offset: what the schema's "format": "date-time" means.
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _is_date_time(value: object) -> bool:
    """jsonschema checks "date-time" only with an optional package installed, and without
    it lets "yesterday" through: the format checks it here (a real day, time and offset)."""
    if not isinstance(value, str):
        return True  # the schema's "type" speaks for other values
    if not _DATE_TIME.fullmatch(value):
        return False
    datetime.fromisoformat(value.upper().replace("Z", "+00:00"))  # ValueError: no such day
    return True


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads((Path(__file__).parent / "schema" / "snapshot-1.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    checker = jsonschema.FormatChecker()
    checker.checks("date-time", raises=ValueError)(_is_date_time)
    return cls(schema, format_checker=checker)


def _decode(data: bytes) -> object:
    if len(data) > settings.HARDWARE_SNAPSHOT_MAX_BYTES:
        raise SnapshotError(
            _("Tệp quá lớn (%(size)s); tệp báo cáo phần cứng không quá %(limit)s.")
            % {
                "size": filesizeformat(len(data)),
                "limit": filesizeformat(settings.HARDWARE_SNAPSHOT_MAX_BYTES),
            }
        )
    # Windows PowerShell 5 saves files as UTF-16 with a byte-order mark; the rest, UTF-8.
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return json.loads(
            data.decode(encoding), parse_constant=_no_constant, parse_float=_finite_float
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SnapshotError(
            _(
                "Tệp này không phải báo cáo phần cứng (không đọc được JSON). Hãy tải lên tệp .json do script kiểm tra tạo ra."
            )
        ) from None


def _no_constant(name: str) -> object:
    # NaN and Infinity are no JSON (RFC 8259), yet Python reads them; the schema's bounds
    # let NaN through and the measurements would then fail on it.
    raise ValueError(name)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400 reads as infinity
        raise ValueError(text)
    return number


def _convert(document: object) -> dict:
    """The snapshot in the project's format, from any upload it accepts."""
    if not isinstance(document, dict):
        raise SnapshotError(_("Tệp này không phải báo cáo phần cứng."))
    kind = document.get("format")
    if kind == FORMAT:
        return document
    if kind == CAPTURE_FORMAT:
        platform = document.get("platform")
        if platform not in CAPTURE_PLATFORMS:
            raise SnapshotError(
                _("Báo cáo từ hệ điều hành “%(platform)s” chưa được hỗ trợ.")
                % {"platform": str(platform)[:40]}
            )
        return _parse(platform, document)
    if document.get("type") == "Snapshot" and "data" in document:
        return _parse("ereuse", document)
    raise SnapshotError(
        _(
            "Không nhận ra định dạng tệp. Hãy tải lên tệp do script kiểm tra tạo ra, hoặc tệp snapshot của eReuse Workbench."
        )
    )


def _parse(module: str, document: dict) -> dict:
    parser = importlib.import_module(f"portal.hardware.{module}")
    try:
        return parser.parse(document)
    except SnapshotError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, ArithmeticError):
        # A report with the right header and a broken body: say so, never a 500.
        raise SnapshotError(
            _(
                "Báo cáo phần cứng bị hỏng hoặc thiếu phần, không đọc được. Hãy chạy lại script kiểm tra."
            )
        ) from None


def _problem(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(step) for step in error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        field = ".".join(filter(None, [where, missing[0] if missing else ""]))
        return _("Báo cáo phần cứng thiếu mục “%(field)s”.") % {"field": field}
    if not where:
        return _("Tệp này không phải báo cáo phần cứng.")
    return _("Báo cáo phần cứng không hợp lệ ở mục “%(where)s”.") % {"where": where}


def validate(snapshot: dict) -> dict:
    """The snapshot, if it follows the format's schema; else `SnapshotError` naming the field."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(snapshot))
    if error is not None:
        raise SnapshotError(_problem(error))
    return snapshot


def read(data: bytes) -> "Snapshot":
    """A checked snapshot from an uploaded file's bytes."""
    return Snapshot(validate(_convert(_decode(data))))


def _number(value, places: str) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(places))


@dataclass(frozen=True)
class Snapshot:
    """A snapshot that follows the format (see `read`)."""

    data: dict

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the snapshot's canonical JSON: the same capture uploaded twice (or once
        by the script and again from its saved file) has the same one."""
        canonical = json.dumps(self.data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def _section(self, name: str) -> dict:
        return self.data.get(name) or {}

    @property
    def serial(self) -> str:
        return (self._section("system").get("serial") or "").strip()

    @property
    def ram_gb(self) -> Decimal | None:
        return _number(self._section("memory").get("total_gb"), "0.1")

    @property
    def disk_gb(self) -> int | None:
        """The largest disk: the standard asks for one disk big enough for the system."""
        sizes = [disk["size_gb"] for disk in self.data.get("disks") or ()]
        return round(max(sizes)) if sizes else None

    @property
    def battery_good(self) -> bool | None:
        battery = self._section("battery")
        design, full = battery.get("design_wh"), battery.get("full_wh")
        if not design or full is None:
            return None
        return Decimal(str(full)) / Decimal(str(design)) >= BATTERY_GOOD_SHARE

    @property
    def wipe(self) -> dict | None:
        """The data wipe the capture ran and confirmed on the machine, if any."""
        return self.data.get("wipe")

    def measurements(self) -> tuple[specs.Measurements, frozenset[str]]:
        """The spec check's measurements from this snapshot, and the names of those it filled
        ("đo tự động"). Parts the capture found are listed as working; the ones no script can
        judge (screen, keyboard, charger) are left for the volunteer."""
        cpu, os, storage = self._section("cpu"), self._section("os"), self._section("storage")
        parts = self.data.get("parts") or {}
        found = frozenset(part for part in DETECTED_PARTS if parts.get(part))
        measured = specs.Measurements(
            os_name=os.get("name") or None,
            os_version=os.get("version") or None,
            ram_gb=self.ram_gb,
            free_storage_gb=_number(storage.get("free_gb"), "0.1"),
            cpu_model=cpu.get("model") or None,
            cpu_ghz=_number(cpu.get("ghz"), "0.01"),
            disk_gb=self.disk_gb,
            battery_good=self.battery_good,
            working_parts=found,
        )
        filled = {name for name in _MEASURED if getattr(measured, name) is not None}
        if self.parts_reported:
            filled.add("working_parts")
        return measured, frozenset(filled)

    @property
    def parts_reported(self) -> frozenset[str]:
        """The parts the capture said something about, found or not; the others it could not
        read, and a person must try them."""
        parts = self.data.get("parts") or {}
        return frozenset(part for part in DETECTED_PARTS if parts.get(part) is not None)

    @property
    def approximate(self) -> frozenset[str]:
        """Measurement names read only approximately (a phone's browser rounds its memory)."""
        names = {field.name for field in fields(specs.Measurements)}
        return frozenset(name for name in self.data.get("approximate") or () if name in names)
