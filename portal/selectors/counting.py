"""Several counts in one round trip to the database.

A portal page that shows a handful of figures (the dashboard's waiting work, the device
list's queue badges) asked for each with its own COUNT query; each query is a round trip,
and round trips, not the counting, were most of those pages' database time."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def counts(querysets: dict[str, QuerySet], *, cap: int | None = None) -> dict[str, int]:
    """How many rows each query finds, by the same keys, in one query. With `cap`, each
    count stops at `cap` + 1 (a badge then says "more than `cap`"): counting every row of a
    long queue on every visit would take seconds at a million devices."""
    if not querysets:
        return {}
    selects: list[str] = []
    params: list = []
    for number, queryset in enumerate(querysets.values()):
        rows = queryset.order_by().values("pk")  # a DISTINCT query stays distinct by pk
        if cap is not None:
            rows = rows[: cap + 1]
        try:
            sql, found = rows.query.sql_with_params()
        except EmptyResultSet:  # someone with no team and no area: nothing to count
            selects.append("0")
            continue
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{number})")  # noqa: S608 — compiled by Django
        params += found
    database = next(iter(querysets.values())).db
    with connections[database].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        found_counts = cursor.fetchone()
    return dict(zip(querysets, found_counts, strict=True))
