"""Dates as an official Vietnamese document writes them: "ngày 30 tháng 11 năm 2026" and
"tháng 8 năm 2026" (Nghị định 30/2020 on administrative documents), in English "30 November
2026" and "August 2026". Reports, letters and certificates share these, so a date reads the
same on every printed page.

Each filter takes a date, a datetime (shown in local time) or the ISO text a report keeps in
its JSON ("2026-11-30T00:56:32+00:00", "2026-11-30", "2026-08")."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

register = template.Library()


def as_local_datetime(value) -> datetime | date | None:
    """A date or a local datetime from a date, a datetime or ISO text; None for anything else."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value if len(value) != 7 else f"{value}-01")
        except ValueError:
            return None
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value if isinstance(value, date) else None


def as_local_date(value) -> date | None:
    moment = as_local_datetime(value)
    return moment.date() if isinstance(moment, datetime) else moment


@register.filter
def long_date(value) -> str:
    """ "ngày 30 tháng 11 năm 2026"; "" for no date."""
    day = as_local_date(value)
    if day is None:
        return ""
    return _("ngày %(day)d tháng %(month)d năm %(year)d") % {
        "day": day.day,
        "month": day.month,
        "year": day.year,
        "month_name": date_format(day, "F"),
    }


@register.filter
def long_month(value) -> str:
    """ "tháng 8 năm 2026" for "2026-08" or any day of that month; "" for no date."""
    day = as_local_date(value)
    if day is None:
        return ""
    return _("tháng %(month)d năm %(year)d") % {
        "month": day.month,
        "year": day.year,
        "month_name": date_format(day, "F"),
    }
