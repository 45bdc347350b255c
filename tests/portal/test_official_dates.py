"""The dates of printed documents: "ngày 30 tháng 11 năm 2026", "tháng 8 năm 2026"."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils import translation

from portal.templatetags.official_dates import long_date, long_month


def test_a_moment_is_written_out_on_its_local_day():
    # 00:56 UTC on the 30th is 07:56 in Hà Nội, still the 30th; 20:00 UTC is the next day.
    assert long_date("2026-11-30T00:56:32+00:00") == "ngày 30 tháng 11 năm 2026"
    assert long_date(datetime(2026, 11, 29, 20, 0, tzinfo=UTC)) == "ngày 30 tháng 11 năm 2026"
    assert long_date(date(2026, 8, 5)) == "ngày 5 tháng 8 năm 2026"
    assert long_date("2026-08-05") == "ngày 5 tháng 8 năm 2026"


def test_a_month_is_written_out():
    assert long_month("2026-08") == "tháng 8 năm 2026"
    assert long_month(date(2026, 12, 31)) == "tháng 12 năm 2026"


def test_nothing_or_nonsense_gives_nothing():
    assert long_date(None) == long_date("") == long_date("tháng 8") == ""
    assert long_month(None) == ""


def test_english_names_the_month():
    with translation.override("en"):
        assert long_date("2026-11-30") == "30 November 2026"
        assert long_month("2026-08") == "August 2026"


def test_templates_use_them_as_filters():
    html = Template(
        "{% load official_dates %}{{ when|long_date }} · {{ month|long_month }}"
    ).render(Context({"when": "2026-11-30T00:56:32+00:00", "month": "2026-08"}))
    assert html == "ngày 30 tháng 11 năm 2026 · tháng 8 năm 2026"
