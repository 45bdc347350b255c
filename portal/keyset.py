"""Pages of a long list by where the neighbouring page ended ("keyset" pagination).

`?page=4000` makes the database walk past 120 000 rows to drop them (OFFSET), and numbering
pages needs the list's length (COUNT(*)): both grow with the list. A page that starts after
a given row reads only its own rows from an index on the list's order, however deep it is.

The list's order is (a moment, pk), for instance (status_changed_at, pk). A cursor names a
row by those two values, "1700000000123456-42" (microseconds since 1970, then the pk); the
next page starts after the page's last row, the previous one ends before its first.

A list whose filter is "status is one of these" is read as one ordered branch per value, each
served by an index on (status, moment, pk), then merged: PostgreSQL cannot read a single
index in (moment, pk) order across several statuses without sorting all of their rows.

A list may run newest first (the handovers: the latest day first), and its moment may be a
date (a cursor then names the day at midnight UTC).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any

from django.db import connections
from django.db.models import DateTimeField, Model, Q, QuerySet

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CURSOR = re.compile(r"(-?\d{1,20})-(\d{1,19})")


def cursor(moment: datetime | date, pk: int) -> str:
    if not isinstance(moment, datetime):  # a day: its midnight
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    delta = moment - EPOCH
    microseconds = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{microseconds}-{pk}"


def parse(text: str | None) -> tuple[datetime, int] | None:
    """The row a cursor names; None for anything else (a mangled link is the first page)."""
    found = CURSOR.fullmatch(text or "")
    if not found:
        return None
    try:
        return EPOCH + timedelta(microseconds=int(found[1])), int(found[2])
    except OverflowError:
        return None


@dataclass
class KeysetPage:
    """What the list template needs: the rows, and the cursors of the pages either side."""

    object_list: list
    next_cursor: str = ""
    previous_cursor: str = ""
    keyset: bool = field(default=True, init=False)

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def _ids(
    queryset: QuerySet, moment: str, branches: list[Q], start: Q, descending: bool, size: int
) -> list[tuple[Any, int]]:
    order = (f"-{moment}", "-pk") if descending else (moment, "pk")
    parts = [
        queryset.filter(branch, start).order_by(*order).values_list(moment, "pk")[:size]
        for branch in branches
    ]
    if len(parts) == 1:
        return list(parts[0])
    if not connections[queryset.db].features.supports_slicing_ordering_in_compound:
        # SQLite (development) cannot order and limit each part of a UNION: there the
        # branches are one filter (a development database's few rows need no index each).
        anywhere = queryset.filter(reduce(or_, branches), start).order_by(*order)
        return list(anywhere.values_list(moment, "pk")[:size])
    merged = parts[0].union(*parts[1:], all=True).order_by(*order)
    return list(merged[:size])


def _beyond(moment: str, at: Any, pk: int, descending: bool) -> Q:
    """The rows after (at, pk) in the (moment, pk) order, or in its reverse."""
    if descending:
        return Q(**{f"{moment}__lte": at}) & (Q(**{f"{moment}__lt": at}) | Q(pk__lt=pk))
    return Q(**{f"{moment}__gte": at}) & (Q(**{f"{moment}__gt": at}) | Q(pk__gt=pk))


def _named(queryset: QuerySet, moment: str, text: str | None) -> tuple[Any, int] | None:
    """The row a cursor names, its moment as the field holds it (a day, for a date)."""
    found = parse(text)
    if found and not isinstance(queryset.model._meta.get_field(moment), DateTimeField):
        return found[0].date(), found[1]
    return found


def keyset_page(
    queryset: QuerySet,
    *,
    moment: str,
    branches: list[Q] | None = None,
    after: str | None = None,
    before: str | None = None,
    per_page: int,
    newest_first: bool = False,
) -> KeysetPage:
    """One page of `queryset` in (moment, pk) order (`newest_first`: its reverse): the
    first, the one after the row `after` names or the one before the row `before` names.
    `branches` (each a filter, say one status) are read each in order and merged. Two
    queries: the page's keys, then its rows (with whatever `select_related` the queryset
    carries)."""
    branches = branches or [Q()]
    later, earlier = _named(queryset, moment, after), _named(queryset, moment, before)
    if earlier:  # read back from the row, then put in the list's order
        keys = _ids(
            queryset,
            moment,
            branches,
            _beyond(moment, *earlier, descending=not newest_first),
            not newest_first,
            per_page + 1,
        )
        more_before = len(keys) > per_page
        keys = list(reversed(keys[:per_page]))
        rows = _rows(queryset, keys)
        return KeysetPage(
            rows,
            next_cursor=cursor(*keys[-1]) if keys else "",
            previous_cursor=cursor(*keys[0]) if keys and more_before else "",
        )
    start = _beyond(moment, *later, descending=newest_first) if later else Q()
    keys = _ids(queryset, moment, branches, start, newest_first, per_page + 1)
    more_after = len(keys) > per_page
    keys = keys[:per_page]
    return KeysetPage(
        _rows(queryset, keys),
        next_cursor=cursor(*keys[-1]) if keys and more_after else "",
        previous_cursor=cursor(*keys[0]) if keys and later else "",
    )


def _rows(queryset: QuerySet, keys: list[tuple[Any, int]]) -> list[Model]:
    """The rows of the keys, with the queryset's related rows and only its columns (if it
    names them). By their keys alone: the keys were read through the queryset's filters
    (the access scope among them), and compiling and running those again, subqueries and
    all, cost a coordinator's page more than reading its 25 rows."""
    if not keys:
        return []
    rows = queryset.model._default_manager.filter(pk__in=[pk for _moment, pk in keys])
    rows.query.select_related = queryset.query.select_related
    rows.query.deferred_loading = queryset.query.deferred_loading
    found = {row.pk: row for row in rows}
    return [found[pk] for _moment, pk in keys if pk in found]


def any_of(values: list[str], name: str) -> list[Q]:
    """One branch per value of `name` (a status, say)."""
    return [Q(**{name: value}) for value in values] or [Q()]
