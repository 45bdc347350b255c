"""Several counts in one round trip to the database.

A portal page that shows a handful of figures (the dashboard's waiting work, the device
list's queue badges) asked for each with its own COUNT query; each query is a round trip,
and round trips, not the counting, were most of those pages' database time."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

# Stands for a group's values in the query `counts_by` compiles once, to find where they go.
_GROUP_MARKER = "\x00group"


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


def counts_by(
    queryset: QuerySet, field: str, groups: dict[str, list], *, cap: int
) -> dict[str, int]:
    """How many rows of `queryset` have `field` among each group's values, by the groups'
    keys, each count stopping at `cap` + 1, in one query (`counts`). On PostgreSQL the
    query is compiled once, with a group's values as one parameter (`__any_of`) that each
    count fills in: compiling a person's scope five times over, once a queue badge, took a
    device list three times what the database spent counting."""
    if connections[queryset.db].vendor != "postgresql":
        filtered = {
            key: queryset.filter(**{f"{field}__in": values}) for key, values in groups.items()
        }
        return counts(filtered, cap=cap)
    marker = [_GROUP_MARKER]
    rows = queryset.filter(**{f"{field}__any_of": marker}).order_by().values("pk")[: cap + 1]
    try:
        sql, found = rows.query.sql_with_params()
    except EmptyResultSet:
        return dict.fromkeys(groups, 0)
    at = found.index(marker)
    selects = [
        f"(SELECT COUNT(*) FROM ({sql}) AS counted_{number})"  # noqa: S608 — compiled by Django
        for number in range(len(groups))
    ]
    params = [
        value
        for values in groups.values()
        for value in (*found[:at], list(values), *found[at + 1 :])
    ]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        found_counts = cursor.fetchone()
    return dict(zip(groups, found_counts, strict=True))
