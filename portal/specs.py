"""Minimum technical standards for donated devices, and one pure function that judges them.

The standards are those of the Gia Lâm district (Hà Nội) plan of 2021, section II.3: what a
phone, tablet, laptop, desktop or SIM must have before it is handed to a pupil. `judge`
compares a device's `Measurements` with a `Standard` and returns a `Verdict`: the reasons it
fails and the advice that would make it better (or make it pass), in Vietnamese, with the
numbers written the Vietnamese way (1,5 GB; 1.000 GB).

No database, no models: everything here is plain data, so the rules can be tested alone.
"""

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Kind(StrEnum):
    """What kind of donation a standard applies to."""

    PHONE = "phone"
    TABLET = "tablet"
    LAPTOP = "laptop"
    DESKTOP = "desktop"
    SIM = "sim"


class Result(StrEnum):
    """The overall outcome of judging one device."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    PASS_WITH_ADVICE = "advice"  # noqa: S105
    FAIL = "fail"


# What people read instead of the stored value, in every page, list, report and export.
RESULT_LABELS: dict[Result, str] = {
    Result.PASS: gettext_lazy("Đạt"),
    Result.PASS_WITH_ADVICE: gettext_lazy("Đạt, có lời khuyên"),
    Result.FAIL: gettext_lazy("Chưa đạt"),
}

# Part keys, as stored in `Measurements.working_parts` and `Standard.*_parts`.
SCREEN = "screen"
KEYBOARD = "keyboard"
MOUSE = "mouse"
SPEAKER = "speaker"
HEADPHONES = "headphones"
MICROPHONE = "microphone"
WEBCAM = "webcam"
BATTERY = "battery"
MONITOR = "monitor"
WIFI = "wifi"

# Labels in the interface's language; their order is the order in which missing parts are listed.
PART_LABELS: dict[str, str] = {
    SCREEN: gettext_lazy("màn hình"),
    MONITOR: gettext_lazy("màn hình rời"),
    KEYBOARD: gettext_lazy("bàn phím"),
    MOUSE: gettext_lazy("chuột"),
    SPEAKER: gettext_lazy("loa"),
    HEADPHONES: gettext_lazy("tai nghe"),
    MICROPHONE: gettext_lazy("micro"),
    WEBCAM: gettext_lazy("webcam"),
    BATTERY: gettext_lazy("pin còn tốt"),
    WIFI: gettext_lazy("bộ thu Wi-Fi"),
}

# Parts that another working part can stand in for, per kind: a laptop's speaker may be
# replaced by headphones.
_ALTERNATIVES: dict[Kind, dict[str, tuple[str, ...]]] = {
    Kind.LAPTOP: {SPEAKER: (HEADPHONES,)},
}

# Kinds whose RAM and disk a volunteer can upgrade, so a failure comes with upgrade advice.
_UPGRADABLE = frozenset({Kind.LAPTOP, Kind.DESKTOP})


@dataclass(frozen=True)
class Standard:
    """The minimum (and recommended) values one kind of donation must meet.

    A `None` minimum is not checked. SIM standards use only the data and validity fields;
    device standards ignore them.
    """

    kind: Kind
    min_android: str | None = None
    min_ios: str | None = None
    min_ram_gb: Decimal | None = None
    recommended_ram_gb: Decimal | None = None
    min_free_storage_gb: Decimal | None = None
    min_cpu_ghz: Decimal | None = None
    min_disk_gb: int | None = None
    required_parts: frozenset[str] = frozenset()
    recommended_parts: frozenset[str] = frozenset()
    charger_required: bool = False
    wifi_required_if_wireless: bool = False
    min_data_gb_per_day: Decimal | None = None
    min_validity_months: int | None = None


def _highest(values, key=lambda value: value):
    present = [value for value in values if value is not None]
    return max(present, key=key) if present else None


def strictest(standards: list[Standard]) -> Standard:
    """One standard as strict as every one given (of one kind): each minimum the highest
    any of them sets, every part any of them requires, every requirement any of them makes.
    An area may raise the program's minimums, never lower them: this is how."""
    first = standards[0]
    return Standard(
        kind=first.kind,
        min_android=_highest((s.min_android for s in standards), key=parse_version),
        min_ios=_highest((s.min_ios for s in standards), key=parse_version),
        min_ram_gb=_highest(s.min_ram_gb for s in standards),
        recommended_ram_gb=_highest(s.recommended_ram_gb for s in standards),
        min_free_storage_gb=_highest(s.min_free_storage_gb for s in standards),
        min_cpu_ghz=_highest(s.min_cpu_ghz for s in standards),
        min_disk_gb=_highest(s.min_disk_gb for s in standards),
        required_parts=frozenset().union(*(s.required_parts for s in standards)),
        recommended_parts=frozenset().union(*(s.recommended_parts for s in standards)),
        charger_required=any(s.charger_required for s in standards),
        wifi_required_if_wireless=any(s.wifi_required_if_wireless for s in standards),
        min_data_gb_per_day=_highest(s.min_data_gb_per_day for s in standards),
        min_validity_months=_highest(s.min_validity_months for s in standards),
    )


_HANDHELD = {
    "min_android": "4.4",
    "min_ios": "9",
    "min_ram_gb": Decimal(2),
    "min_free_storage_gb": Decimal(5),
    "required_parts": frozenset({SPEAKER, MICROPHONE, WEBCAM}),
    "recommended_parts": frozenset({HEADPHONES}),
    "charger_required": True,
}
_COMPUTER = {
    "min_ram_gb": Decimal(2),
    "recommended_ram_gb": Decimal(4),
    "min_cpu_ghz": Decimal("1.0"),
    "min_disk_gb": 120,
}

PLAN_2021: dict[Kind, Standard] = {
    Kind.PHONE: Standard(kind=Kind.PHONE, **_HANDHELD),
    Kind.TABLET: Standard(kind=Kind.TABLET, **_HANDHELD),
    Kind.LAPTOP: Standard(
        kind=Kind.LAPTOP,
        **_COMPUTER,
        required_parts=frozenset({SCREEN, KEYBOARD, SPEAKER, MICROPHONE, WEBCAM}),
        recommended_parts=frozenset({BATTERY}),
        charger_required=True,
    ),
    Kind.DESKTOP: Standard(
        kind=Kind.DESKTOP,
        **_COMPUTER,
        required_parts=frozenset({MONITOR, MOUSE, KEYBOARD, HEADPHONES, MICROPHONE, WEBCAM}),
        wifi_required_if_wireless=True,
    ),
    Kind.SIM: Standard(kind=Kind.SIM, min_data_gb_per_day=Decimal(2), min_validity_months=3),
}


@dataclass(frozen=True)
class Measurements:
    """What a volunteer found on one device; `None` means "not measured"."""

    os_name: str | None = None
    os_version: str | None = None
    ram_gb: Decimal | None = None
    free_storage_gb: Decimal | None = None
    cpu_model: str | None = None
    cpu_ghz: Decimal | None = None
    disk_gb: int | None = None
    working_parts: frozenset[str] = field(default_factory=frozenset)
    has_charger: bool | None = None
    battery_good: bool | None = None
    uses_wireless: bool | None = None
    data_gb_per_day: Decimal | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class Verdict:
    """The outcome, every reason the device fails and every piece of advice."""

    result: Result
    failures: tuple[str, ...]
    advice: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True when the device meets the standard (with or without advice)."""
        return self.result != Result.FAIL


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
# Longer runs of digits are no version number, and int() refuses very long ones anyway.
_MAX_VERSION_DIGITS = 50
# Beyond these magnitudes a number is written with an exponent (1,5E+30) rather than in full.
_MAX_PLAIN_EXPONENT = 20


def parse_version(text: str | None) -> tuple[int, ...] | None:
    """The first dotted number in `text` ("Android 4.4.2" -> (4, 4, 2)), or None."""
    if not isinstance(text, str):
        return None
    match = _VERSION.search(text)
    if match is None:
        return None
    parts = match.group().split(".")
    if any(len(part) > _MAX_VERSION_DIGITS for part in parts):
        return None
    return tuple(int(part) for part in parts)


def _version_at_least(version: tuple[int, ...], minimum: tuple[int, ...]) -> bool:
    """Compare versions padded with zeros, so (4, 4) == (4, 4, 0) and (9,) < (9, 3, 5)."""
    width = max(len(version), len(minimum))
    padded = version + (0,) * (width - len(version))
    return padded >= minimum + (0,) * (width - len(minimum))


def format_number(value: Decimal | int) -> str:
    """Write a number the Vietnamese way: 1,5; 2; 1.000; no trailing zeros."""
    number = _to_decimal(value)
    if number is None:
        return str(value)
    if not number.is_finite():
        return str(number)
    if number.is_zero():
        return "0"
    if abs(number.adjusted()) > _MAX_PLAIN_EXPONENT:
        sign, digits, _exponent = number.as_tuple()
        mantissa = Decimal((sign, digits, -(len(digits) - 1)))
        return f"{format_number(mantissa)}E{number.adjusted():+d}"
    text = format(number, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def _to_decimal(value: object) -> Decimal | None:
    """A Decimal for a Decimal, int, float or numeric string; None for anything else."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float | str):
            return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return None


_MISSING = "missing"
_INVALID = "invalid"
_LOW = "low"
_OK = "ok"


def _compare(value: object, minimum: object) -> tuple[str, Decimal | None]:
    """How a measured value stands against a minimum: missing, invalid, low or ok."""
    if value is None:
        return _MISSING, None
    number = _to_decimal(value)
    if number is None or not number.is_finite():
        return _INVALID, None
    limit = _to_decimal(minimum)
    if limit is None or not limit.is_finite():
        return _OK, number
    return (_LOW if number < limit else _OK), number


def _format_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _add_months(day: date, months: int) -> date | None:
    """The same day `months` calendar months later, clamped to the month's end.

    None when the result falls outside the calendar (after year 9999 or before year 1).
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    if not date.min.year <= year <= date.max.year:
        return None
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _part_set(parts: object) -> frozenset[str] | None:
    """Normalised part keys, or None when the parts were not checked at all."""
    if parts is None:
        return None
    if isinstance(parts, str):
        parts = (parts,)
    if not isinstance(parts, Iterable):
        return None
    return frozenset(part.strip().lower() for part in parts if isinstance(part, str))


def _part_order(key: str) -> tuple[int, str]:
    keys = list(PART_LABELS)
    return (keys.index(key), "") if key in PART_LABELS else (len(keys), key)


def _os_family(name: object) -> str | None:
    """ "android", "ios", another lower-case name, or None when nothing was entered."""
    if not isinstance(name, str) or not name.strip():
        return None
    text = name.strip().lower()
    if re.search(r"\bandroid\b", text):
        return "android"
    if re.search(r"\b(?:ios|ipados|iphone os)\b", text):
        return "ios"
    return text


# ---------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------
class _Notes:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.advice: list[str] = []

    def fail(self, failure: str, advice: str) -> None:
        """A failure always says what to do about it, so nobody is left with a bare "no"."""
        self.failures.append(failure)
        self.advice.append(advice)

    def remeasure(self, failure: str, what: str) -> None:
        self.fail(failure, _("Kiểm tra lại máy và nhập đúng %(what)s") % {"what": what})

    def cannot_upgrade(self, failure: str, what: str) -> None:
        self.fail(
            failure,
            _("Không nâng cấp được %(what)s: có thể bán máy gây quỹ hoặc giữ làm linh kiện")
            % {"what": what},
        )


def _judge_os(standard: Standard, m: Measurements, notes: _Notes) -> None:  # noqa: PLR0912 (a branch per rule)
    minimums = {
        family: minimum
        for family, minimum in (("android", standard.min_android), ("ios", standard.min_ios))
        if minimum is not None
    }
    if not minimums:
        return
    family = _os_family(m.os_name)
    if family is None:
        # The version text may name the system ("Android 12") when the name was left blank.
        family = _os_family(m.os_version)
        if family not in minimums:
            family = None
    if family is None:
        notes.remeasure(_("Chưa nhập hệ điều hành"), _("hệ điều hành"))
        return
    if family not in minimums:
        if len(minimums) == 2:
            failure = _("Điện thoại, máy tính bảng cần Android hoặc iOS")
        elif "android" in minimums:
            failure = _("Thiết bị cần hệ điều hành Android")
        else:
            failure = _("Thiết bị cần hệ điều hành iOS")
        notes.cannot_upgrade(failure, _("hệ điều hành"))
        return
    if not isinstance(m.os_version, str) or not m.os_version.strip():
        notes.remeasure(_("Chưa nhập phiên bản hệ điều hành"), _("phiên bản hệ điều hành"))
        return
    version = parse_version(m.os_version)
    if version is None:
        notes.remeasure(_("Hệ điều hành không rõ phiên bản"), _("phiên bản hệ điều hành"))
        return
    minimum_text = str(minimums[family]).strip()
    minimum = parse_version(minimum_text) or (0,)
    if _version_at_least(version, minimum):
        return
    values = {"value": ".".join(map(str, version)), "minimum": minimum_text}
    if family == "android":
        failure = _("Android %(value)s < tối thiểu Android %(minimum)s") % values
        name = "Android"
    else:
        failure = _("iOS %(value)s < tối thiểu iOS %(minimum)s") % values
        name = "iOS"
    notes.fail(
        failure,
        _(
            "Cập nhật lên %(name)s %(minimum)s trở lên nếu máy cho phép; nếu không, có thể bán máy gây quỹ"
        )
        % {"name": name, "minimum": minimum_text},
    )


def _judge_ram(standard: Standard, m: Measurements, notes: _Notes) -> None:
    if standard.min_ram_gb is None:
        return
    status, ram = _compare(m.ram_gb, standard.min_ram_gb)
    minimum = format_number(standard.min_ram_gb)
    recommended = standard.recommended_ram_gb
    if status == _MISSING:
        notes.remeasure(_("Chưa nhập RAM"), "RAM")
    elif status == _INVALID:
        notes.remeasure(_("RAM không hợp lệ"), "RAM")
    elif status == _LOW:
        failure = _("RAM %(value)s GB < tối thiểu %(minimum)s GB") % {
            "value": format_number(ram),
            "minimum": minimum,
        }
        if standard.kind not in _UPGRADABLE:
            notes.cannot_upgrade(failure, "RAM")
        else:
            notes.failures.append(failure)
            if recommended is not None and recommended > standard.min_ram_gb:
                notes.advice.append(
                    _(
                        "Nâng RAM lên ít nhất %(minimum)s GB (khuyến khích %(recommended)s GB) để đạt chuẩn"
                    )
                    % {"minimum": minimum, "recommended": format_number(recommended)}
                )
            else:
                notes.advice.append(
                    _("Nâng RAM lên ít nhất %(minimum)s GB để đạt chuẩn") % {"minimum": minimum}
                )
    elif recommended is not None and _compare(ram, recommended)[0] == _LOW:
        notes.advice.append(
            _("Nên nâng RAM lên %(recommended)s GB") % {"recommended": format_number(recommended)}
        )


def _judge_storage(standard: Standard, m: Measurements, notes: _Notes) -> None:
    if standard.min_free_storage_gb is None:
        return
    status, free = _compare(m.free_storage_gb, standard.min_free_storage_gb)
    minimum = format_number(standard.min_free_storage_gb)
    if status == _MISSING:
        notes.remeasure(_("Chưa nhập bộ nhớ trống"), _("bộ nhớ trống"))
    elif status == _INVALID:
        notes.remeasure(_("Bộ nhớ trống không hợp lệ"), _("bộ nhớ trống"))
    elif status == _LOW:
        notes.failures.append(
            _("Bộ nhớ trống %(value)s GB < tối thiểu %(minimum)s GB")
            % {"value": format_number(free), "minimum": minimum}
        )
        notes.advice.append(
            _("Xóa bớt ứng dụng, dữ liệu để còn trống ít nhất %(minimum)s GB")
            % {"minimum": minimum}
        )


def _judge_cpu(standard: Standard, m: Measurements, notes: _Notes) -> None:
    if standard.min_cpu_ghz is None:
        return
    status, speed = _compare(m.cpu_ghz, standard.min_cpu_ghz)
    if status == _MISSING:
        notes.remeasure(_("Chưa nhập tốc độ CPU"), _("tốc độ CPU"))
    elif status == _INVALID:
        notes.remeasure(_("Tốc độ CPU không hợp lệ"), _("tốc độ CPU"))
    elif status == _LOW:
        notes.cannot_upgrade(
            _("CPU %(value)s GHz < tối thiểu %(minimum)s GHz")
            % {"value": format_number(speed), "minimum": format_number(standard.min_cpu_ghz)},
            "CPU",
        )


def _judge_disk(standard: Standard, m: Measurements, notes: _Notes) -> None:
    if standard.min_disk_gb is None:
        return
    status, disk = _compare(m.disk_gb, standard.min_disk_gb)
    minimum = format_number(standard.min_disk_gb)
    if status == _MISSING:
        notes.remeasure(_("Chưa nhập dung lượng ổ cứng"), _("dung lượng ổ cứng"))
    elif status == _INVALID:
        notes.remeasure(_("Dung lượng ổ cứng không hợp lệ"), _("dung lượng ổ cứng"))
    elif status == _LOW:
        failure = _("Ổ cứng %(value)s GB < tối thiểu %(minimum)s GB") % {
            "value": format_number(disk),
            "minimum": minimum,
        }
        if standard.kind in _UPGRADABLE:
            notes.fail(
                failure,
                _("Thay ổ cứng từ %(minimum)s GB trở lên (nên dùng SSD)") % {"minimum": minimum},
            )
        else:
            notes.cannot_upgrade(failure, _("ổ cứng"))


def _judge_charger(standard: Standard, m: Measurements, notes: _Notes) -> None:
    if not standard.charger_required:
        return
    if m.has_charger is None:
        notes.remeasure(_("Chưa kiểm tra bộ sạc"), _("bộ sạc"))
    elif not m.has_charger:
        notes.fail(_("Thiếu bộ sạc"), _("Tìm một bộ sạc hợp với máy (xin hoặc mua bộ sạc cũ)"))


def _judge_parts(standard: Standard, m: Measurements, notes: _Notes) -> None:
    working = _part_set(m.working_parts)
    alternatives = _ALTERNATIVES.get(standard.kind, {})

    def label(key: str) -> str:
        text = str(PART_LABELS.get(key, key))
        others = [str(PART_LABELS.get(other, other)) for other in alternatives.get(key, ())]
        if not others:
            return text
        return _("%(part)s (hoặc %(others)s)") % {"part": text, "others": ", ".join(others)}

    def works(key: str) -> bool:
        if key == BATTERY and m.battery_good is not None:
            return bool(m.battery_good)
        return any(part in (working or ()) for part in (key, *alternatives.get(key, ())))

    required = sorted(standard.required_parts, key=_part_order)
    if required and working is None:
        notes.fail(
            _("Chưa kiểm tra: %(parts)s") % {"parts": ", ".join(map(label, required))},
            _("Thử từng bộ phận rồi đánh dấu những bộ phận hoạt động tốt"),
        )
    else:
        missing = [key for key in required if not works(key)]
        if missing:
            parts = ", ".join(map(label, missing))
            notes.fail(
                _("Hỏng hoặc thiếu: %(parts)s") % {"parts": parts},
                _("Sửa, thay hoặc kèm thiết bị rời: %(parts)s") % {"parts": parts},
            )
    for key in sorted(standard.recommended_parts, key=_part_order):
        if key == BATTERY:
            # An unchecked battery is no reason for advice; a worn one is.
            if m.battery_good is not None and not m.battery_good:
                notes.advice.append(_("Pin đã chai: nên thay pin"))
        elif not works(key):
            notes.advice.append(_("Nên kèm %(part)s") % {"part": label(key)})


def _judge_wifi(standard: Standard, m: Measurements, notes: _Notes) -> None:
    if not standard.wifi_required_if_wireless or WIFI in (_part_set(m.working_parts) or ()):
        return
    if m.uses_wireless is None:
        notes.advice.append(_("Nếu máy dùng mạng không dây, cần thêm bộ thu Wi-Fi"))
    elif m.uses_wireless:
        notes.fail(
            _("Cần bộ thu Wi-Fi vì máy dùng mạng không dây"),
            _("Lắp một bộ thu Wi-Fi (loại cắm cổng USB)"),
        )


def _judge_sim(standard: Standard, m: Measurements, today: date | None, notes: _Notes) -> None:
    if standard.min_data_gb_per_day is not None:
        status, data = _compare(m.data_gb_per_day, standard.min_data_gb_per_day)
        if status == _MISSING:
            notes.remeasure(_("Chưa nhập dung lượng data mỗi ngày"), _("dung lượng data"))
        elif status == _INVALID:
            notes.remeasure(_("Dung lượng data không hợp lệ"), _("dung lượng data"))
        elif status == _LOW:
            minimum = format_number(standard.min_data_gb_per_day)
            notes.fail(
                _("Dung lượng %(value)s GB/ngày < tối thiểu %(minimum)s GB/ngày")
                % {"value": format_number(data), "minimum": minimum},
                _("Đổi sang gói cước từ %(minimum)s GB/ngày trở lên") % {"minimum": minimum},
            )
    months = standard.min_validity_months
    if months is None:
        return
    if m.valid_until is None:
        notes.remeasure(_("Chưa nhập hạn dùng"), _("hạn dùng"))
        return
    valid_until = _as_date(m.valid_until)
    if valid_until is None or today is None:
        notes.remeasure(_("Hạn dùng không hợp lệ"), _("hạn dùng"))
        return
    renew = _("Gia hạn gói cước thêm ít nhất %(months)s tháng") % {"months": months}
    if valid_until < today:
        notes.fail(_("SIM đã hết hạn (ngày %(date)s)") % {"date": _format_date(valid_until)}, renew)
        return
    needed = _add_months(today, months)
    if needed is None and months < 0:
        return
    if needed is None or valid_until < needed:
        notes.fail(
            _("Hạn dùng còn dưới %(months)s tháng (đến %(date)s)")
            % {"months": months, "date": _format_date(valid_until)},
            renew,
        )


def judge(standard: Standard, measurements: Measurements, *, today: date) -> Verdict:
    """Judge one device (or SIM) against a standard; pure, deterministic, never raises.

    Every rule that fails adds one reason to `failures`; every recommendation (including the
    upgrade that would make a laptop or desktop pass) adds one line to `advice`.
    """
    notes = _Notes()
    if standard.kind == Kind.SIM:
        _judge_sim(standard, measurements, _as_date(today), notes)
    else:
        for rule in (
            _judge_os,
            _judge_ram,
            _judge_storage,
            _judge_cpu,
            _judge_disk,
            _judge_charger,
            _judge_parts,
            _judge_wifi,
        ):
            rule(standard, measurements, notes)
    if notes.failures:
        result = Result.FAIL
    elif notes.advice:
        result = Result.PASS_WITH_ADVICE
    else:
        result = Result.PASS
    return Verdict(result=result, failures=tuple(notes.failures), advice=tuple(notes.advice))


def quick_check(
    standard: Standard,
    *,
    ram_gb: Decimal | None = None,
    os_version: str = "",
    has_charger: bool | None = None,
    calls_work: bool | None = None,
    powers_on: bool = True,
) -> list[str]:
    """What a donor's own answers already say falls short of the standard: warnings only,
    from the answers given (an unknown value warns of nothing). The team's check decides."""
    notes = _Notes()
    if not powers_on:
        notes.failures.append(_("Máy không lên nguồn: đội sẽ xem có sửa được không"))
    if ram_gb is not None:
        _judge_ram(standard, Measurements(ram_gb=ram_gb), notes)
    if _os_family(os_version) in ("android", "ios"):
        _judge_os(standard, Measurements(os_version=os_version), notes)
    if has_charger is False:
        _judge_charger(standard, Measurements(has_charger=False), notes)
    if calls_work is False and standard.required_parts & {SPEAKER, MICROPHONE, WEBCAM}:
        notes.failures.append(_("Loa, micro hoặc camera không hoạt động"))
    return notes.failures
