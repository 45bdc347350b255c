"""The 2021 plan's minimum standards for donated devices, judged without a database."""

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.utils import translation

from portal.specs import (
    PART_LABELS,
    PLAN_2021,
    Kind,
    Measurements,
    Result,
    Standard,
    Verdict,
    format_number,
    judge,
    parse_version,
)

D = Decimal
TODAY = date(2026, 1, 15)

HANDHELD_PARTS = frozenset({"speaker", "microphone", "webcam", "headphones"})
LAPTOP_PARTS = frozenset({"screen", "keyboard", "speaker", "microphone", "webcam"})
DESKTOP_PARTS = frozenset({"monitor", "mouse", "keyboard", "headphones", "microphone", "webcam"})

# One device of each kind that meets the standard with nothing to advise.
GOOD = {
    Kind.PHONE: Measurements(
        os_name="android",
        os_version="10",
        ram_gb=D(3),
        free_storage_gb=D(8),
        working_parts=HANDHELD_PARTS,
        has_charger=True,
    ),
    Kind.TABLET: Measurements(
        os_name="ios",
        os_version="12.5.7",
        ram_gb=D(2),
        free_storage_gb=D(20),
        working_parts=HANDHELD_PARTS,
        has_charger=True,
    ),
    Kind.LAPTOP: Measurements(
        os_name="windows",
        os_version="10",
        ram_gb=D(4),
        cpu_model="Intel Celeron N4020",
        cpu_ghz=D("1.1"),
        disk_gb=240,
        working_parts=LAPTOP_PARTS,
        has_charger=True,
        battery_good=True,
    ),
    Kind.DESKTOP: Measurements(
        os_name="linux",
        ram_gb=D(8),
        cpu_model="Intel Pentium G3220",
        cpu_ghz=D("3.0"),
        disk_gb=500,
        working_parts=DESKTOP_PARTS,
        uses_wireless=False,
    ),
    Kind.SIM: Measurements(data_gb_per_day=D(4), valid_until=date(2026, 12, 31)),
}
DEVICES = [Kind.PHONE, Kind.TABLET, Kind.LAPTOP, Kind.DESKTOP]
HANDHELDS = [Kind.PHONE, Kind.TABLET]
COMPUTERS = [Kind.LAPTOP, Kind.DESKTOP]


def check(kind: Kind, today: date = TODAY, **changes) -> Verdict:
    """Judge the good device of `kind` with some measurements changed."""
    return judge(PLAN_2021[kind], replace(GOOD[kind], **changes), today=today)


def assert_clean_pass(verdict: Verdict) -> None:
    assert verdict == Verdict(result=Result.PASS, failures=(), advice=())


def assert_fails_with(verdict: Verdict, reason: str) -> None:
    assert verdict.result == Result.FAIL
    assert verdict.failures == (reason,)
    assert not verdict.passed


# ---------------------------------------------------------------------------------------
# The plan itself
# ---------------------------------------------------------------------------------------
def test_plan_2021_holds_the_published_minimums():
    assert set(PLAN_2021) == set(Kind)
    for kind, standard in PLAN_2021.items():
        assert standard.kind == kind
    for kind in HANDHELDS:
        standard = PLAN_2021[kind]
        assert (standard.min_android, standard.min_ios) == ("4.4", "9")
        assert (standard.min_ram_gb, standard.min_free_storage_gb) == (2, 5)
        assert standard.required_parts == {"speaker", "microphone", "webcam"}
        assert standard.recommended_parts == {"headphones"}
        assert standard.charger_required
        assert standard.min_cpu_ghz is standard.min_disk_gb is None
    laptop, desktop = PLAN_2021[Kind.LAPTOP], PLAN_2021[Kind.DESKTOP]
    for standard in (laptop, desktop):
        assert (standard.min_ram_gb, standard.recommended_ram_gb) == (2, 4)
        assert (standard.min_cpu_ghz, standard.min_disk_gb) == (1, 120)
        assert standard.min_android is standard.min_ios is None
    assert laptop.required_parts == LAPTOP_PARTS
    assert laptop.recommended_parts == {"battery"}
    assert laptop.charger_required
    assert not laptop.wifi_required_if_wireless
    assert desktop.required_parts == DESKTOP_PARTS
    assert desktop.wifi_required_if_wireless
    assert not desktop.charger_required
    sim = PLAN_2021[Kind.SIM]
    assert (sim.min_data_gb_per_day, sim.min_validity_months) == (2, 3)
    assert sim.min_ram_gb is None
    assert not sim.required_parts
    assert not sim.charger_required


def test_part_labels_are_vietnamese():
    assert PART_LABELS == {
        "screen": "màn hình",
        "monitor": "màn hình rời",
        "keyboard": "bàn phím",
        "mouse": "chuột",
        "speaker": "loa",
        "headphones": "tai nghe",
        "microphone": "micro",
        "webcam": "webcam",
        "battery": "pin còn tốt",
        "wifi": "bộ thu Wi-Fi",
    }


@pytest.mark.parametrize("kind", list(Kind))
def test_a_good_device_of_every_kind_passes_cleanly(kind):
    verdict = check(kind)
    assert_clean_pass(verdict)
    assert verdict.passed


def test_enums_keep_their_stored_values():
    assert [k.value for k in Kind] == ["phone", "tablet", "laptop", "desktop", "sim"]
    assert [r.value for r in Result] == ["pass", "advice", "fail"]


def test_passed_is_true_unless_the_result_is_fail():
    assert Verdict(Result.PASS, (), ()).passed
    assert Verdict(Result.PASS_WITH_ADVICE, (), ("x",)).passed
    assert not Verdict(Result.FAIL, ("x",), ()).passed


# ---------------------------------------------------------------------------------------
# Formatting and parsing
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("1.5"), "1,5"),
        (D("2.0"), "2"),
        (D("2.50"), "2,5"),
        (1, "1"),
        (0, "0"),
        (D("-0.0"), "0"),
        (120, "120"),
        (1000, "1.000"),
        (D("1234567.5"), "1.234.567,5"),
        (D("1E+3"), "1.000"),
        (D("0.05"), "0,05"),
        (D("-1.5"), "-1,5"),
        (-1000, "-1.000"),
        (D("1.9999"), "1,9999"),
        (1.5, "1,5"),
        (D("1.5E+30"), "1,5E+30"),
        (D("1E-25"), "1E-25"),
    ],
)
def test_format_number_writes_numbers_the_vietnamese_way(value, text):
    assert format_number(value) == text


@given(st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, places=6))
def test_format_number_reads_back_to_the_same_value(value):
    text = format_number(value)
    assert not text.endswith(",")
    assert "E" not in text
    assert "," not in text or not text.endswith("0")
    assert D(text.replace(".", "").replace(",", ".")) == value


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("4.4", (4, 4)),
        ("4.4.2", (4, 4, 2)),
        ("Android 4.4.2", (4, 4, 2)),
        ("10", (10,)),
        (" 11 ", (11,)),
        ("9.3.5", (9, 3, 5)),
        ("iOS 15.1", (15, 1)),
        ("iOS15.1 (19B74)", (15, 1)),
        ("Android 12 (API 31)", (12,)),
        ("4.4.", (4, 4)),
        ("v05.01", (5, 1)),
        ("", None),
        ("   ", None),
        ("abc", None),
        ("Android", None),
        (None, None),
        ("9" * 60, None),
    ],
)
def test_parse_version_takes_the_first_dotted_number(text, version):
    assert parse_version(text) == version


@given(
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=6),
    st.sampled_from(["", "Android ", "iOS ", "v", "phiên bản "]),
    st.sampled_from(["", " ", " (build 123)", "-beta"]),
)
def test_parse_version_round_trips_dotted_versions(numbers, prefix, suffix):
    assert parse_version(prefix + ".".join(map(str, numbers)) + suffix) == tuple(numbers)


@given(st.text())
def test_parse_version_never_raises_and_reads_the_first_number_in_any_text(text):
    version = parse_version(text)
    first = re.search(r"[0-9]+(?:\.[0-9]+)*", text)
    if first is None:
        assert version is None
    elif all(len(part) <= 50 for part in first.group().split(".")):
        assert version == tuple(int(part) for part in first.group().split("."))
    else:  # a number too long to be a version is none
        assert version is None


# ---------------------------------------------------------------------------------------
# Operating system (phones and tablets)
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", HANDHELDS)
@pytest.mark.parametrize(
    ("os_name", "os_version", "reason"),
    [
        ("android", "4.4", None),
        ("android", "4.4.0", None),
        ("Android", "4.4.2", None),
        ("ANDROID", "4.5", None),
        ("android", "5", None),
        ("android", "10", None),
        ("android", " 11 ", None),
        ("android", "Android 12", None),
        ("android", "4.3.9", "Android 4.3.9 < tối thiểu Android 4.4"),
        ("android", "4.2", "Android 4.2 < tối thiểu Android 4.4"),
        ("android", "4", "Android 4 < tối thiểu Android 4.4"),
        ("android", "Android 2.3.6", "Android 2.3.6 < tối thiểu Android 4.4"),
        ("ios", "9", None),
        ("ios", "9.0", None),
        ("ios", "9.3.5", None),
        ("iOS", "iOS 15.1", None),
        ("iPadOS", "16", None),
        ("ios", "8.4.1", "iOS 8.4.1 < tối thiểu iOS 9"),
        ("ios", "8.4", "iOS 8.4 < tối thiểu iOS 9"),
        ("ios", "8", "iOS 8 < tối thiểu iOS 9"),
        ("android", "abc", "Hệ điều hành không rõ phiên bản"),
        ("ios", "KitKat", "Hệ điều hành không rõ phiên bản"),
        ("android", "", "Chưa nhập phiên bản hệ điều hành"),
        ("android", "  ", "Chưa nhập phiên bản hệ điều hành"),
        ("ios", None, "Chưa nhập phiên bản hệ điều hành"),
        ("windows", "10", "Điện thoại, máy tính bảng cần Android hoặc iOS"),
        ("linux", "5.10", "Điện thoại, máy tính bảng cần Android hoặc iOS"),
        ("symbian", "9.4", "Điện thoại, máy tính bảng cần Android hoặc iOS"),
        (None, "10", "Chưa nhập hệ điều hành"),
        ("", "", "Chưa nhập hệ điều hành"),
        (None, None, "Chưa nhập hệ điều hành"),
        # With the name left blank, the version text may say which system it is.
        (None, "Android 12", None),
        (None, "iOS 8.4", "iOS 8.4 < tối thiểu iOS 9"),
    ],
)
def test_operating_system(kind, os_name, os_version, reason):
    verdict = check(kind, os_name=os_name, os_version=os_version)
    if reason is None:
        assert_clean_pass(verdict)
    else:
        assert_fails_with(verdict, reason)


@pytest.mark.parametrize("kind", COMPUTERS)
def test_computers_have_no_operating_system_rule(kind):
    assert_clean_pass(check(kind, os_name="android", os_version="2.1"))
    assert_clean_pass(check(kind, os_name=None, os_version=None))


# ---------------------------------------------------------------------------------------
# Numeric minimums, at, just below and just above each threshold
# ---------------------------------------------------------------------------------------
RAM_CASES = [
    (D("2"), None),
    (D("2.0"), None),
    (D("2.01"), None),
    (D("1.99"), "RAM 1,99 GB < tối thiểu 2 GB"),
    (D("1.9"), "RAM 1,9 GB < tối thiểu 2 GB"),
    (D("1.5"), "RAM 1,5 GB < tối thiểu 2 GB"),
    (D("1"), "RAM 1 GB < tối thiểu 2 GB"),
    (D("0"), "RAM 0 GB < tối thiểu 2 GB"),
    (D("-1"), "RAM -1 GB < tối thiểu 2 GB"),
    (None, "Chưa nhập RAM"),
    (D("NaN"), "RAM không hợp lệ"),
    (D("Infinity"), "RAM không hợp lệ"),
]


@pytest.mark.parametrize("kind", HANDHELDS)
@pytest.mark.parametrize(("ram", "reason"), RAM_CASES)
def test_handheld_ram(kind, ram, reason):
    verdict = check(kind, ram_gb=ram)
    if reason is None:
        assert_clean_pass(verdict)
    else:
        # Nobody can add RAM to a phone: the advice is to measure again or let it go.
        assert_fails_with(verdict, reason)
        if "<" in reason:
            expected = "Không nâng cấp được RAM: có thể bán máy gây quỹ hoặc giữ làm linh kiện"
        else:
            expected = "Kiểm tra lại máy và nhập đúng RAM"
        assert verdict.advice == (expected,)


@pytest.mark.parametrize("kind", COMPUTERS)
@pytest.mark.parametrize(("ram", "reason"), RAM_CASES)
def test_computer_ram_minimum_with_upgrade_advice(kind, ram, reason):
    verdict = check(kind, ram_gb=ram)
    if reason is None:
        assert verdict.result == Result.PASS_WITH_ADVICE
        assert verdict.failures == ()
        assert verdict.advice == ("Nên nâng RAM lên 4 GB",)
    else:
        assert_fails_with(verdict, reason)
        compared = reason.startswith("RAM ") and "<" in reason
        upgrade = "Nâng RAM lên ít nhất 2 GB (khuyến khích 4 GB) để đạt chuẩn"
        assert verdict.advice == (
            (upgrade,) if compared else ("Kiểm tra lại máy và nhập đúng RAM",)
        )


@pytest.mark.parametrize("kind", COMPUTERS)
@pytest.mark.parametrize(
    ("ram", "advised"),
    [
        (D("3.99"), True),
        (D("3"), True),
        (D("4"), False),
        (D("4.0"), False),
        (D("4.01"), False),
        (D("16"), False),
    ],
)
def test_computer_ram_recommendation(kind, ram, advised):
    verdict = check(kind, ram_gb=ram)
    assert verdict.failures == ()
    if advised:
        assert verdict.result == Result.PASS_WITH_ADVICE
        assert verdict.advice == ("Nên nâng RAM lên 4 GB",)
        assert verdict.passed
    else:
        assert_clean_pass(verdict)


@pytest.mark.parametrize("kind", HANDHELDS)
@pytest.mark.parametrize(
    ("free", "reason"),
    [
        (D("5"), None),
        (D("5.01"), None),
        (D("64"), None),
        (D("4.99"), "Bộ nhớ trống 4,99 GB < tối thiểu 5 GB"),
        (D("3"), "Bộ nhớ trống 3 GB < tối thiểu 5 GB"),
        (D("0.5"), "Bộ nhớ trống 0,5 GB < tối thiểu 5 GB"),
        (None, "Chưa nhập bộ nhớ trống"),
        (D("NaN"), "Bộ nhớ trống không hợp lệ"),
    ],
)
def test_handheld_free_storage(kind, free, reason):
    verdict = check(kind, free_storage_gb=free)
    if reason is None:
        assert_clean_pass(verdict)
    else:
        assert_fails_with(verdict, reason)
        if "<" in reason:
            assert verdict.advice == ("Xóa bớt ứng dụng, dữ liệu để còn trống ít nhất 5 GB",)


@pytest.mark.parametrize("kind", COMPUTERS)
@pytest.mark.parametrize(
    ("ghz", "reason"),
    [
        (D("1"), None),
        (D("1.0"), None),
        (D("1.01"), None),
        (D("2.4"), None),
        (D("0.99"), "CPU 0,99 GHz < tối thiểu 1 GHz"),
        (D("0.8"), "CPU 0,8 GHz < tối thiểu 1 GHz"),
        (None, "Chưa nhập tốc độ CPU"),
        (D("-Infinity"), "Tốc độ CPU không hợp lệ"),
    ],
)
def test_computer_cpu_speed(kind, ghz, reason):
    verdict = check(kind, cpu_ghz=ghz)
    if reason is None:
        assert_clean_pass(verdict)
    else:
        assert_fails_with(verdict, reason)
        if "<" in reason:
            expected = "Không nâng cấp được CPU: có thể bán máy gây quỹ hoặc giữ làm linh kiện"
        else:
            expected = "Kiểm tra lại máy và nhập đúng tốc độ CPU"
        assert verdict.advice == (expected,)


@pytest.mark.parametrize("kind", COMPUTERS)
@pytest.mark.parametrize(
    ("disk", "reason"),
    [
        (120, None),
        (121, None),
        (1000, None),
        (119, "Ổ cứng 119 GB < tối thiểu 120 GB"),
        (100, "Ổ cứng 100 GB < tối thiểu 120 GB"),
        (0, "Ổ cứng 0 GB < tối thiểu 120 GB"),
        (None, "Chưa nhập dung lượng ổ cứng"),
    ],
)
def test_computer_disk(kind, disk, reason):
    verdict = check(kind, disk_gb=disk)
    if reason is None:
        assert_clean_pass(verdict)
    else:
        assert_fails_with(verdict, reason)
        if "<" in reason:
            expected = "Thay ổ cứng từ 120 GB trở lên (nên dùng SSD)"
        else:
            expected = "Kiểm tra lại máy và nhập đúng dung lượng ổ cứng"
        assert verdict.advice == (expected,)


@pytest.mark.parametrize("kind", HANDHELDS)
def test_handhelds_have_no_cpu_or_disk_rule(kind):
    assert_clean_pass(check(kind, cpu_ghz=D("0.1"), disk_gb=1))


@pytest.mark.parametrize("kind", COMPUTERS)
def test_computers_have_no_free_storage_rule(kind):
    assert_clean_pass(check(kind, free_storage_gb=D(0)))


# ---------------------------------------------------------------------------------------
# The upgrade that makes an old laptop pass
# ---------------------------------------------------------------------------------------
def test_old_laptop_fails_with_both_reasons_and_both_upgrades():
    old = replace(GOOD[Kind.LAPTOP], ram_gb=D(1), disk_gb=100)
    verdict = judge(PLAN_2021[Kind.LAPTOP], old, today=TODAY)
    assert verdict.result == Result.FAIL
    assert verdict.failures == (
        "RAM 1 GB < tối thiểu 2 GB",
        "Ổ cứng 100 GB < tối thiểu 120 GB",
    )
    assert verdict.advice == (
        "Nâng RAM lên ít nhất 2 GB (khuyến khích 4 GB) để đạt chuẩn",
        "Thay ổ cứng từ 120 GB trở lên (nên dùng SSD)",
    )
    upgraded = replace(old, ram_gb=D(4), disk_gb=240)
    assert_clean_pass(judge(PLAN_2021[Kind.LAPTOP], upgraded, today=TODAY))
    # The bare minimum also passes, with the advice to go on to 4 GB.
    minimum = replace(old, ram_gb=D(2), disk_gb=120)
    assert judge(PLAN_2021[Kind.LAPTOP], minimum, today=TODAY) == Verdict(
        Result.PASS_WITH_ADVICE, (), ("Nên nâng RAM lên 4 GB",)
    )


def test_every_failing_rule_adds_exactly_one_reason():
    verdict = check(
        Kind.PHONE,
        os_version="4.2",
        ram_gb=D("1.5"),
        free_storage_gb=D(3),
        has_charger=False,
        working_parts=frozenset({"speaker"}),
    )
    assert verdict.failures == (
        "Android 4.2 < tối thiểu Android 4.4",
        "RAM 1,5 GB < tối thiểu 2 GB",
        "Bộ nhớ trống 3 GB < tối thiểu 5 GB",
        "Thiếu bộ sạc",
        "Hỏng hoặc thiếu: micro, webcam",
    )
    assert verdict.advice == (
        "Cập nhật lên Android 4.4 trở lên nếu máy cho phép; nếu không, có thể bán máy gây quỹ",
        "Không nâng cấp được RAM: có thể bán máy gây quỹ hoặc giữ làm linh kiện",
        "Xóa bớt ứng dụng, dữ liệu để còn trống ít nhất 5 GB",
        "Tìm một bộ sạc hợp với máy (xin hoặc mua bộ sạc cũ)",
        "Sửa, thay hoặc kèm thiết bị rời: micro, webcam",
        "Nên kèm tai nghe",
    )


# ---------------------------------------------------------------------------------------
# Charger, parts, battery and Wi-Fi
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", [*HANDHELDS, Kind.LAPTOP])
@pytest.mark.parametrize(
    ("has_charger", "reason"),
    [(True, None), (False, "Thiếu bộ sạc"), (None, "Chưa kiểm tra bộ sạc")],
)
def test_charger_is_required(kind, has_charger, reason):
    verdict = check(kind, has_charger=has_charger)
    if reason is None:
        assert_clean_pass(verdict)
    else:
        assert_fails_with(verdict, reason)


@pytest.mark.parametrize("has_charger", [True, False, None])
def test_desktop_needs_no_charger(has_charger):
    assert_clean_pass(check(Kind.DESKTOP, has_charger=has_charger))


@pytest.mark.parametrize(
    ("kind", "broken", "reason"),
    [
        (Kind.PHONE, {"microphone", "webcam"}, "Hỏng hoặc thiếu: micro, webcam"),
        (Kind.PHONE, {"webcam", "speaker"}, "Hỏng hoặc thiếu: loa, webcam"),
        (Kind.TABLET, {"speaker", "microphone", "webcam"}, "Hỏng hoặc thiếu: loa, micro, webcam"),
        (Kind.LAPTOP, {"screen"}, "Hỏng hoặc thiếu: màn hình"),
        (
            Kind.LAPTOP,
            {"webcam", "keyboard", "screen"},
            "Hỏng hoặc thiếu: màn hình, bàn phím, webcam",
        ),
        (Kind.DESKTOP, {"monitor", "mouse"}, "Hỏng hoặc thiếu: màn hình rời, chuột"),
        (Kind.DESKTOP, {"headphones"}, "Hỏng hoặc thiếu: tai nghe"),
        (
            Kind.DESKTOP,
            {"webcam", "microphone", "keyboard"},
            "Hỏng hoặc thiếu: bàn phím, micro, webcam",
        ),
    ],
)
def test_missing_required_parts_are_listed_in_a_stable_order(kind, broken, reason):
    verdict = check(kind, working_parts=GOOD[kind].working_parts - broken)
    assert_fails_with(verdict, reason)


def test_laptop_speaker_may_be_replaced_by_headphones():
    without_speaker = LAPTOP_PARTS - {"speaker"}
    assert_clean_pass(check(Kind.LAPTOP, working_parts=without_speaker | {"headphones"}))
    assert_fails_with(
        check(Kind.LAPTOP, working_parts=without_speaker),
        "Hỏng hoặc thiếu: loa (hoặc tai nghe)",
    )


def test_phone_speaker_is_not_replaced_by_headphones():
    assert_fails_with(
        check(Kind.PHONE, working_parts=HANDHELD_PARTS - {"speaker"}),
        "Hỏng hoặc thiếu: loa",
    )


@pytest.mark.parametrize("kind", HANDHELDS)
def test_handhelds_are_advised_to_come_with_headphones(kind):
    verdict = check(kind, working_parts=HANDHELD_PARTS - {"headphones"})
    assert verdict == Verdict(Result.PASS_WITH_ADVICE, (), ("Nên kèm tai nghe",))


def test_unchecked_parts_fail_and_name_what_to_check():
    assert_fails_with(
        check(Kind.PHONE, working_parts=None),
        "Chưa kiểm tra: loa, micro, webcam",
    )
    assert_fails_with(
        check(Kind.LAPTOP, working_parts=frozenset()),
        "Hỏng hoặc thiếu: màn hình, bàn phím, loa (hoặc tai nghe), micro, webcam",
    )


def test_part_keys_are_read_loosely():
    parts = frozenset({" Speaker", "MICROPHONE ", "webcam", "headphones", 42})
    assert_clean_pass(check(Kind.PHONE, working_parts=parts))
    assert_clean_pass(check(Kind.PHONE, working_parts=sorted(HANDHELD_PARTS)))


@pytest.mark.parametrize(
    ("battery_good", "advice"),
    [(True, ()), (None, ()), (False, ("Pin đã chai: nên thay pin",))],
)
def test_laptop_battery_is_advice_not_a_failure(battery_good, advice):
    verdict = check(Kind.LAPTOP, battery_good=battery_good)
    assert verdict.failures == ()
    assert verdict.advice == advice
    assert verdict.result == (Result.PASS_WITH_ADVICE if advice else Result.PASS)


def test_desktop_ignores_the_battery():
    assert_clean_pass(check(Kind.DESKTOP, battery_good=False))


@pytest.mark.parametrize(
    ("uses_wireless", "has_wifi", "failures", "advice"),
    [
        (False, False, (), ()),
        (False, True, (), ()),
        (True, True, (), ()),
        (None, True, (), ()),
        (
            True,
            False,
            ("Cần bộ thu Wi-Fi vì máy dùng mạng không dây",),
            ("Lắp một bộ thu Wi-Fi (loại cắm cổng USB)",),
        ),
        (None, False, (), ("Nếu máy dùng mạng không dây, cần thêm bộ thu Wi-Fi",)),
    ],
)
def test_desktop_wifi_adapter(uses_wireless, has_wifi, failures, advice):
    parts = DESKTOP_PARTS | {"wifi"} if has_wifi else DESKTOP_PARTS
    verdict = check(Kind.DESKTOP, uses_wireless=uses_wireless, working_parts=parts)
    assert (verdict.failures, verdict.advice) == (failures, advice)


@pytest.mark.parametrize("kind", [*HANDHELDS, Kind.LAPTOP])
def test_only_desktops_need_a_wifi_adapter(kind):
    assert_clean_pass(check(kind, uses_wireless=True))


# ---------------------------------------------------------------------------------------
# SIM cards
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (D("2"), None),
        (D("2.01"), None),
        (D("1.99"), "Dung lượng 1,99 GB/ngày < tối thiểu 2 GB/ngày"),
        (D("1"), "Dung lượng 1 GB/ngày < tối thiểu 2 GB/ngày"),
        (D("0.5"), "Dung lượng 0,5 GB/ngày < tối thiểu 2 GB/ngày"),
        (None, "Chưa nhập dung lượng data mỗi ngày"),
        (D("NaN"), "Dung lượng data không hợp lệ"),
    ],
)
def test_sim_data_per_day(data, reason):
    verdict = check(Kind.SIM, data_gb_per_day=data)
    if reason is None:
        assert_clean_pass(verdict)
    else:
        assert_fails_with(verdict, reason)


@pytest.mark.parametrize(
    ("today", "last_good_day"),
    [
        (date(2026, 1, 15), date(2026, 4, 15)),
        (date(2026, 1, 1), date(2026, 4, 1)),
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2026, 11, 29), date(2027, 2, 28)),
        (date(2026, 11, 28), date(2027, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),  # leap year
        (date(2026, 12, 31), date(2027, 3, 31)),
        (date(2026, 10, 31), date(2027, 1, 31)),
        (date(2026, 3, 31), date(2026, 6, 30)),
        (date(2026, 2, 28), date(2026, 5, 28)),
    ],
)
def test_sim_must_stay_valid_three_calendar_months(today, last_good_day):
    assert_clean_pass(check(Kind.SIM, today=today, valid_until=last_good_day))
    assert_clean_pass(check(Kind.SIM, today=today, valid_until=last_good_day + timedelta(1)))
    too_soon = last_good_day - timedelta(1)
    assert_fails_with(
        check(Kind.SIM, today=today, valid_until=too_soon),
        f"Hạn dùng còn dưới 3 tháng (đến {too_soon:%d/%m/%Y})",
    )


def test_sim_validity_message_names_the_expiry_date():
    assert_fails_with(
        check(Kind.SIM, today=date(2026, 11, 30), valid_until=date(2027, 2, 1)),
        "Hạn dùng còn dưới 3 tháng (đến 01/02/2027)",
    )


@pytest.mark.parametrize(
    ("valid_until", "reason"),
    [
        (TODAY, "Hạn dùng còn dưới 3 tháng (đến 15/01/2026)"),
        (date(2026, 1, 14), "SIM đã hết hạn (ngày 14/01/2026)"),
        (date(2020, 5, 1), "SIM đã hết hạn (ngày 01/05/2020)"),
        (None, "Chưa nhập hạn dùng"),
        ("2027-01-01", "Hạn dùng không hợp lệ"),
    ],
)
def test_sim_expired_or_unknown_validity(valid_until, reason):
    assert_fails_with(check(Kind.SIM, valid_until=valid_until), reason)


def test_sim_validity_accepts_datetimes_and_the_end_of_the_calendar():
    # Naive on purpose: a SIM's validity typed as a date and time, without a zone.
    assert_clean_pass(check(Kind.SIM, valid_until=datetime(2026, 4, 15, 0, 0)))  # noqa: DTZ001
    assert_clean_pass(
        check(Kind.SIM, today=datetime(2026, 1, 15, 23, 59), valid_until=date(2026, 4, 15))  # noqa: DTZ001
    )
    # Three months after 1 October 9999 is past the calendar's end: nothing is long enough.
    verdict = check(Kind.SIM, today=date(9999, 10, 1), valid_until=date.max)
    assert verdict.failures == ("Hạn dùng còn dưới 3 tháng (đến 31/12/9999)",)
    assert_clean_pass(check(Kind.SIM, today=date(9999, 9, 30), valid_until=date.max))


def test_sim_ignores_device_fields_and_devices_ignore_sim_fields():
    sim = replace(
        GOOD[Kind.SIM],
        os_name="symbian",
        os_version="garbage",
        ram_gb=D(0),
        cpu_ghz=D(0),
        disk_gb=0,
        has_charger=False,
        uses_wireless=True,
    )
    assert_clean_pass(judge(PLAN_2021[Kind.SIM], sim, today=TODAY))
    for kind in DEVICES:
        assert_clean_pass(check(kind, data_gb_per_day=D(0), valid_until=date(2000, 1, 1)))


def test_a_custom_standard_checks_only_what_it_sets():
    standard = Standard(kind=Kind.PHONE, min_ram_gb=D("1.5"))
    assert_clean_pass(judge(standard, Measurements(ram_gb=D("1.5")), today=TODAY))
    assert_fails_with(
        judge(standard, Measurements(ram_gb=D("1.25")), today=TODAY),
        "RAM 1,25 GB < tối thiểu 1,5 GB",
    )
    # Versions compare padded with zeros either way round.
    ios_nine = Standard(kind=Kind.PHONE, min_ios="9.0.0")
    assert_clean_pass(judge(ios_nine, Measurements(os_name="ios", os_version="9"), today=TODAY))
    assert_fails_with(
        judge(ios_nine, Measurements(os_name="ios", os_version="8.99"), today=TODAY),
        "iOS 8.99 < tối thiểu iOS 9.0.0",
    )
    android_only = Standard(kind=Kind.TABLET, min_android="5.1")
    assert_fails_with(
        judge(android_only, Measurements(os_name="ios", os_version="17"), today=TODAY),
        "Thiết bị cần hệ điều hành Android",
    )
    assert_fails_with(
        judge(android_only, Measurements(os_name="android", os_version="5.0.2"), today=TODAY),
        "Android 5.0.2 < tối thiểu Android 5.1",
    )


def test_not_measured_device_fails_on_every_required_minimum():
    empty = Measurements(working_parts=None)
    assert judge(PLAN_2021[Kind.PHONE], empty, today=TODAY).failures == (
        "Chưa nhập hệ điều hành",
        "Chưa nhập RAM",
        "Chưa nhập bộ nhớ trống",
        "Chưa kiểm tra bộ sạc",
        "Chưa kiểm tra: loa, micro, webcam",
    )
    assert judge(PLAN_2021[Kind.LAPTOP], empty, today=TODAY).failures == (
        "Chưa nhập RAM",
        "Chưa nhập tốc độ CPU",
        "Chưa nhập dung lượng ổ cứng",
        "Chưa kiểm tra bộ sạc",
        "Chưa kiểm tra: màn hình, bàn phím, loa (hoặc tai nghe), micro, webcam",
    )
    assert judge(PLAN_2021[Kind.SIM], empty, today=TODAY).failures == (
        "Chưa nhập dung lượng data mỗi ngày",
        "Chưa nhập hạn dùng",
    )


def test_messages_need_no_active_translation():
    old = replace(GOOD[Kind.LAPTOP], ram_gb=D("1.5"))
    with translation.override(None):
        verdict = judge(PLAN_2021[Kind.LAPTOP], old, today=TODAY)
    assert verdict.failures == ("RAM 1,5 GB < tối thiểu 2 GB",)


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------
any_decimal = st.decimals(allow_nan=True, allow_infinity=True)
any_number = st.one_of(
    st.none(),
    any_decimal,
    st.decimals(min_value=-(10**30), max_value=10**30),
    st.integers(),
    st.floats(),
)
any_text = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(["android", "ios", "Android", "iPadOS", "windows", "linux", ""]),
)
any_version = st.one_of(
    any_text,
    st.lists(st.integers(min_value=0), min_size=1, max_size=5).map(
        lambda parts: ".".join(map(str, parts))
    ),
)
part_keys = st.sampled_from([*PART_LABELS, "charger", " WEBCAM", ""])
any_flag = st.one_of(st.none(), st.booleans())
any_day = st.one_of(st.none(), st.dates(), st.datetimes())

any_measurements = st.builds(
    Measurements,
    os_name=any_text,
    os_version=any_version,
    ram_gb=any_number,
    free_storage_gb=any_number,
    cpu_model=any_text,
    cpu_ghz=any_number,
    disk_gb=st.one_of(st.none(), st.integers(), any_decimal),
    working_parts=st.one_of(st.none(), st.frozensets(part_keys)),
    has_charger=any_flag,
    battery_good=any_flag,
    uses_wireless=any_flag,
    data_gb_per_day=any_number,
    valid_until=any_day,
)


@given(st.sampled_from(list(Kind)), any_measurements, st.dates())
def test_judge_never_raises_and_fails_exactly_when_there_are_reasons(kind, measurements, today):
    verdict = judge(PLAN_2021[kind], measurements, today=today)
    assert (verdict.result == Result.FAIL) == bool(verdict.failures)
    assert verdict.passed == (not verdict.failures)
    if verdict.passed:
        assert verdict.result == (Result.PASS_WITH_ADVICE if verdict.advice else Result.PASS)
    assert all(isinstance(line, str) and line for line in verdict.failures + verdict.advice)
    assert verdict == judge(PLAN_2021[kind], measurements, today=today)


# The good device of each kind with its numbers and expiry drawn around the thresholds, so
# that most draws pass and the property below has passes to protect.
def amounts(low, high):
    return st.decimals(min_value=low, max_value=high, places=2)


@st.composite
def near_threshold(draw, kind):
    return replace(
        GOOD[kind],
        os_version=draw(st.sampled_from(["9", "9.0", "9.3.5", "10", " 11 ", "17.1"])),
        ram_gb=draw(amounts(1, 6)),
        free_storage_gb=draw(amounts(3, 12)),
        cpu_ghz=draw(amounts(D("0.5"), 3)),
        disk_gb=draw(st.integers(min_value=80, max_value=300)),
        data_gb_per_day=draw(amounts(1, 6)),
        valid_until=draw(st.dates(TODAY, TODAY + timedelta(days=365))),
        battery_good=draw(any_flag),
    )


kind_and_measurements = st.sampled_from(list(Kind)).flatmap(
    lambda kind: st.tuples(st.just(kind), near_threshold(kind))
)
NUMERIC_FIELDS = ["ram_gb", "free_storage_gb", "cpu_ghz", "disk_gb", "data_gb_per_day"]


@given(
    kind_and_measurements,
    st.sampled_from([*NUMERIC_FIELDS, "valid_until"]),
    st.integers(min_value=0, max_value=10**6),
)
def test_more_of_any_measurement_never_turns_a_pass_into_a_fail(case, name, step):
    kind, measurements = case
    before = judge(PLAN_2021[kind], measurements, today=TODAY)
    value = getattr(measurements, name)
    if name == "valid_until":
        bigger = value + timedelta(days=step % 3000)
    elif name == "disk_gb":
        bigger = value + step
    else:
        bigger = value + D(step) / 100
    after = judge(PLAN_2021[kind], replace(measurements, **{name: bigger}), today=TODAY)
    if before.passed:
        assert after.passed
    assert len(after.failures) <= len(before.failures)


DEVICE_FIELDS = {
    "os_name": any_text,
    "os_version": any_version,
    "ram_gb": any_number,
    "free_storage_gb": any_number,
    "cpu_model": any_text,
    "cpu_ghz": any_number,
    "disk_gb": any_number,
    "working_parts": st.one_of(st.none(), st.frozensets(part_keys)),
    "has_charger": any_flag,
    "battery_good": any_flag,
    "uses_wireless": any_flag,
}
SIM_FIELDS = {"data_gb_per_day": any_number, "valid_until": any_day}


@given(
    kind_and_measurements, st.fixed_dictionaries(DEVICE_FIELDS), st.fixed_dictionaries(SIM_FIELDS)
)
def test_sim_and_device_standards_ignore_each_others_fields(case, device, sim):
    kind, measurements = case
    before = judge(PLAN_2021[kind], measurements, today=TODAY)
    foreign = device if kind == Kind.SIM else sim
    assert judge(PLAN_2021[kind], replace(measurements, **foreign), today=TODAY) == before
