"""Recompute every counter from the records themselves and repair any drift.

The counters are kept by `counter_bump` in the same transaction as each event, so drift
should never happen; this job proves it and heals it if a bug, a manual database edit or a
restore ever makes a figure disagree with the records. Each recount function returns the
exact figures for the keys it owns, per commune and month; they are rolled up to every
area above the commune here.

Two runs share those functions (one definition per figure): `counters_recount_marked`, every
15 minutes, recounts only the cells (area × month) `counter_bump` marked since its last run,
narrowing each function to the marked areas; `counters_recount`, weekly and on demand,
recounts everything.
"""

import logging
from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Aggregate, Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models import F as FieldRef
from django.db.models.functions import TruncMonth
from django.utils import timezone

from portal.figures import Counted, Figure
from portal.hours import WORK_MINUTES
from portal.models import (
    Area,
    Counter,
    CounterDirty,
    Device,
    DeviceEvent,
    DeviceStatus,
    FollowUp,
    FundEntry,
    Handover,
    Repair,
    SpecCheck,
    Student,
    SupportNote,
    SupportRequest,
    TrainingSession,
)
from portal.models.counters import ALL_TIME
from portal.selectors import areas_map
from portal.services.counters import month_of

logger = logging.getLogger(__name__)
F = Figure

Key = tuple[str, int, str]  # (counter key, area id, period)


@dataclass(frozen=True)
class Cells:
    """The cells an incremental recount narrows the records to: for each month, the areas
    marked in it; and every marked area, for its stock figures (which have no months)."""

    months: dict[str, frozenset[int]]
    areas: frozenset[int]

    def where(self, area: str, moment: str) -> Q:
        """The records of these cells (and maybe a few more, that the caller does not read):
        of an area marked in a run of consecutive marked months, dated in that run (Hà Nội
        time). One date range per run, so each query reads those months only, through the
        (area, moment) indexes, however old the program."""
        found = Q(pk__in=[])
        for first, last, areas in self._runs():
            found |= Q(
                **{
                    f"{area}__in": sorted(areas),
                    f"{moment}__gte": _month_start(first),
                    f"{moment}__lt": _month_start(last, after=True),
                }
            )
        return found

    def _runs(self) -> list[tuple[str, str, set[int]]]:
        runs: list[tuple[str, str, set[int]]] = []
        for month in sorted(self.months):
            if runs and _month_start(runs[-1][1], after=True) == _month_start(month):
                first, _, areas = runs[-1]
                runs[-1] = (first, month, areas | self.months[month])
            else:
                runs.append((month, month, set(self.months[month])))
        return runs


def _month_start(month: str, *, after: bool = False) -> datetime:
    """The first moment of the month "2026-11" in Hà Nội time (of the next one, `after`)."""
    year, number = (int(part) for part in month.split("-"))
    if after:
        year, number = year + number // 12, number % 12 + 1
    return datetime(year, number, 1, tzinfo=timezone.get_current_timezone())


Narrow = Cells | None  # None: every record


def _where(cells: Narrow, area: str, moment: str | None = None) -> Q:
    """The records a recount reads: all of them, or those of the cells (a stock figure's,
    without a moment: those of the marked areas)."""
    if cells is None:
        return Q()
    if moment is None:
        return Q(**{f"{area}__in": sorted(cells.areas)})
    return cells.where(area, moment)


@dataclass(frozen=True)
class Recount:
    figures: frozenset[Figure]  # the figures (and all their details) this recount owns
    # exact figures: (key, area id, period) → value, per commune; given cells, those of the
    # records of those cells (of those areas, not of the areas below them) — and maybe more
    compute: Callable[[Narrow], Tally]

    def keys(self, key: str) -> bool:
        """Does this recount own the counter key? (A key no longer declared: nobody does.)"""
        try:
            return Figure.of_key(key) in self.figures
        except ValueError:
            return False


def _add(
    tally: Tally,
    key: str,
    area_id: int,
    moment: date | datetime | None,
    *,
    value: int = 1,
    kind: str | None = None,
) -> None:
    """As `counter_bump` counts: the kind's row too (with `kind`), monthly unless a stock."""
    figure = Figure.of_key(key)
    for counted in [str(key)] if kind is None else [str(key), figure.of(kind)]:
        tally[(counted, area_id, ALL_TIME)] += value
        if figure.monthly and moment is not None:
            tally[(counted, area_id, month_of(moment))] += value


def _count(
    tally: Tally,
    key: str,
    rows: QuerySet,
    *,
    area: str,
    moment: str | None,
    kind: str | None = None,
    of: str = "pk",
    value: str | None = None,
    times: int = 1,
) -> None:
    """Add the rows to the figure, counted by the database per area, month (of `moment`, in
    Hà Nội time; none for a stock) and kind: how many distinct `of`, or the sum of `value`;
    each `times` over. A few rows per cell come back, read at once: through a server-side
    cursor (`iterator()`) PostgreSQL would plan for the first rows and read far more."""
    groups: dict = {"in_area": FieldRef(area)}
    if moment is not None:
        groups["in_month"] = TruncMonth(moment)
    if kind is not None:
        groups["of_kind"] = FieldRef(kind)
    total: Aggregate
    if value is not None:
        total = Sum(value)
    else:  # COUNT(*) needs no column the index lacks
        total = Count("*") if of == "pk" else Count(of, distinct=True)
    for row in rows.order_by().values(**groups).annotate(total=total):
        if row["total"]:
            _add(
                tally,
                key,
                row["in_area"],
                row.get("in_month"),
                value=row["total"] * times,
                kind=row.get("of_kind"),
            )


def _first(rows: QuerySet, moment: str) -> QuerySet:
    """Of each device's rows, the first (no earlier one among `rows`): its first check,
    first pass, first repair. Ties all count, once per device (count distinct devices)."""
    earlier = rows.filter(device=OuterRef("device"), **{f"{moment}__lt": OuterRef(moment)})
    return rows.filter(~Exists(earlier))


def device_figures(cells: Narrow = None) -> Tally:
    """Each device counts where it was received: when received, first checked, first
    passed, first repaired, liquidated; and in the stock while ready."""
    tally: Tally = Tally()
    where = "commune_id"
    received = Device.objects.filter(_where(cells, where, "received_at"))
    _count(tally, F.DEVICES_RECEIVED, received, area=where, moment="received_at", kind="kind")
    on_device, device_kind = "device__commune_id", "device__kind"
    for figure, rows, moment in (
        (F.DEVICES_CHECKED, SpecCheck.objects.all(), "checked_at"),
        (F.DEVICES_PASSED, SpecCheck.objects.exclude(result="fail"), "checked_at"),
        (F.DEVICES_REPAIRED, Repair.objects.filter(done_at__isnull=False), "done_at"),
        (
            F.DEVICES_LIQUIDATED,
            DeviceEvent.objects.filter(to_status=DeviceStatus.LIQUIDATED),
            "created_at",
        ),
    ):
        firsts = _first(rows, moment).filter(_where(cells, on_device, moment))
        by_kind = device_kind if Counted.BY_KIND in figure.counted else None
        _count(tally, figure, firsts, area=on_device, moment=moment, kind=by_kind, of="device")
    ready = Device.objects.filter(_where(cells, where), status=DeviceStatus.READY)
    _count(tally, F.DEVICES_READY, ready, area=where, moment=None)
    return tally


def fund_figures(cells: Narrow = None) -> Tally:
    tally: Tally = Tally()
    for entry in (
        FundEntry.objects.filter(_where(cells, "fund__area_id", "occurred_on"))
        .select_related("fund")
        .only("kind", "amount_vnd", "occurred_on", "fund__area_id")
    ):
        key = F.FUND_RAISED_VND if entry.is_income else F.FUND_SPENT_VND
        _add(tally, key, entry.fund.area_id, entry.occurred_on, value=entry.amount_vnd)
    return tally


def student_figures(cells: Narrow = None) -> Tally:
    tally: Tally = Tally()
    verified = Student.objects.filter(_where(cells, "commune_id", "verified_at"))
    verified = verified.filter(verified_at__isnull=False)
    _count(tally, F.STUDENTS_VERIFIED, verified, area="commune_id", moment="verified_at")
    return tally


def handover_figures(cells: Narrow = None) -> Tally:
    """What is with students now: handovers not returned, counted in the month handed."""
    tally: Tally = Tally()
    active = Handover.objects.filter(
        _where(cells, "student__commune_id", "handed_on"), returned_on__isnull=True
    )
    groups = active.order_by().values(
        in_area=FieldRef("student__commune_id"),
        in_month=TruncMonth("handed_on"),
        of_kind=FieldRef("device__kind"),
        by_team=FieldRef("team_id"),
    )
    for row in groups.annotate(handed=Count("pk"), sims=Count("sim")):
        commune, month, handed = row["in_area"], row["in_month"], row["handed"]
        _add(tally, F.DEVICES_HANDED_OVER, commune, month, value=handed, kind=row["of_kind"])
        _add(tally, F.STUDENTS_REACHED, commune, month, value=handed)
        _add(tally, F.TEAM_HANDED_OVER.of(row["by_team"]), commune, month, value=handed)
        if row["sims"]:
            _add(tally, F.SIMS_GIVEN, commune, month, value=row["sims"])
    return tally


def training_figures(cells: Narrow = None) -> Tally:
    tally: Tally = Tally()
    sessions = TrainingSession.objects.filter(_where(cells, "commune_id", "held_on"))
    _count(tally, F.TRAINING_SESSIONS, sessions, area="commune_id", moment="held_on")
    _count(
        tally,
        F.PEOPLE_TRAINED,
        sessions,
        area="commune_id",
        moment="held_on",
        value="people_trained",
    )
    return tally


def volunteer_minute_figures(cells: Narrow = None) -> Tally:
    """The time credited for each piece of logged work (portal.hours), where it happened."""
    tally: Tally = Tally()
    # (kind of work, its records, where it happened, when)
    work: list[tuple[str, QuerySet, str, str]] = [
        ("intake", Device.objects.all(), "commune_id", "received_at"),
        ("check", SpecCheck.objects.all(), "device__commune_id", "checked_at"),
        ("repair", Repair.objects.all(), "device__commune_id", "done_at"),
        ("handover", Handover.objects.all(), "student__commune_id", "handed_on"),
        (
            "support",
            SupportNote.objects.filter(kind=SupportNote.Kind.RESOLVED),
            "request__commune_id",
            "created_at",
        ),
        (
            "follow_up",
            FollowUp.objects.filter(done_on__isnull=False),
            "handover__student__commune_id",
            "done_on",
        ),
    ]
    for kind, records, where, when in work:
        rows = records.filter(_where(cells, where, when))
        _count(tally, F.VOLUNTEER_MINUTES, rows, area=where, moment=when, times=WORK_MINUTES[kind])
    sessions = (
        TrainingSession.objects.filter(_where(cells, "commune_id", "held_on"))
        .annotate(people=Count("trainers", distinct=True) + Count("volunteers", distinct=True))
        .values_list("commune_id", "held_on", "minutes", "people")
    )
    for commune, held_on, minutes, people in sessions:
        _add(tally, F.VOLUNTEER_MINUTES, commune, held_on, value=minutes * people)
    return tally


def support_figures(cells: Narrow = None) -> Tally:
    """Requests, and the 24-hour promise: kept (first response by the deadline) or broken
    (answered late, or found unanswered at the deadline), and the hours to first response."""
    tally: Tally = Tally()
    # A request counts in up to three months (asked, answered, overdue): read it if any is
    # a cell; the figures of its other months are not read by the caller.
    where = "commune_id"
    for request in (
        SupportRequest.objects.filter(
            _where(cells, where, "created_at")
            | _where(cells, where, "first_response_at")
            | _where(cells, where, "due_at")
        )
        .only("commune_id", "team_id", "created_at", "due_at", "first_response_at", "breached")
        .iterator()
    ):
        commune, team = request.commune_id, request.team_id
        _add(tally, F.SUPPORT_REQUESTS, commune, request.created_at)
        answered = request.first_response_at
        if answered:
            _add(tally, F.SUPPORT_RESPONSE_HOUR.of(request.response_hour), commune, answered)
        if answered and answered <= request.due_at and not request.breached:
            _add(tally, F.SUPPORT_KEPT, commune, answered)
            if team:
                _add(tally, F.TEAM_SUPPORT_KEPT.of(team), commune, answered)
        elif request.breached:
            _add(tally, F.SUPPORT_BREACHED, commune, request.due_at)
            if team:
                _add(tally, F.TEAM_SUPPORT_BREACHED.of(team), commune, request.due_at)
    return tally


RECOUNTS: list[Recount] = [
    Recount(
        frozenset(
            {
                F.DEVICES_RECEIVED,
                F.DEVICES_CHECKED,
                F.DEVICES_PASSED,
                F.DEVICES_REPAIRED,
                F.DEVICES_READY,
                F.DEVICES_LIQUIDATED,
            }
        ),
        device_figures,
    ),
    Recount(frozenset({F.FUND_RAISED_VND, F.FUND_SPENT_VND}), fund_figures),
    Recount(frozenset({F.STUDENTS_VERIFIED}), student_figures),
    Recount(
        frozenset({F.DEVICES_HANDED_OVER, F.STUDENTS_REACHED, F.SIMS_GIVEN, F.TEAM_HANDED_OVER}),
        handover_figures,
    ),
    Recount(frozenset({F.TRAINING_SESSIONS, F.PEOPLE_TRAINED}), training_figures),
    Recount(frozenset({F.VOLUNTEER_MINUTES}), volunteer_minute_figures),
    Recount(
        frozenset(
            {
                F.SUPPORT_REQUESTS,
                F.SUPPORT_RESPONSE_HOUR,
                F.SUPPORT_KEPT,
                F.SUPPORT_BREACHED,
                F.TEAM_SUPPORT_KEPT,
                F.TEAM_SUPPORT_BREACHED,
            }
        ),
        support_figures,
    ),
]


def _rolled_up(tally: Tally, ancestors: dict[int, list[int]]) -> Tally:
    total: Tally = Tally()
    for (key, area_id, period), value in tally.items():
        for scope in [area_id, *ancestors.get(area_id, [])]:
            total[(key, scope, period)] += value
    return total


def _ancestors() -> dict[int, list[int]]:
    by_path = dict(Area.objects.values_list("path", "pk"))
    step = Area.steplen
    return {
        pk: [by_path[path[:end]] for end in range(step, len(path), step)]
        for path, pk in by_path.items()
    }


def _hold_counters() -> None:
    """Keep every counter still while recounting: events that commit during the recount
    would otherwise be "repaired" away. On PostgreSQL, updates wait for the lock (taken
    before any row, so no deadlock); SQLite already lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Counter._meta.db_table} IN EXCLUSIVE MODE")


@transaction.atomic
def counters_recount(recounts: Iterable[Recount] = RECOUNTS) -> list[tuple[Key, int, int]]:
    """Make every owned counter equal its recount; return the drifts found (key, was, is)."""
    _hold_counters()
    # Every cell is recounted here: the marks written before it are settled too.
    marked = list(CounterDirty.objects.values_list("pk", flat=True))
    ancestors = _ancestors()
    rows = {
        (row.key, row.area_id, row.period): row
        for row in Counter.objects.select_for_update().only("key", "area", "period", "value")
    }
    drifts, writes = [], _Writes()
    for recount in recounts:
        expected = _rolled_up(recount.compute(None), ancestors)
        stored = {key: row for key, row in rows.items() if recount.keys(key[0])}
        for key in expected.keys() | stored.keys():
            want, row = expected.get(key, 0), stored.get(key)
            have = row.value if row else 0
            if want != have:
                drifts.append((key, have, want))
                writes.set(key, row.pk if row else None, want)
    writes.save()
    if recounts is RECOUNTS:
        CounterDirty.objects.filter(pk__in=marked).delete()
    _log(drifts)
    return drifts


def maps_agree() -> list[areas_map.MapDrift]:
    """After a full recount (weekly, and `manage.py recount_counters`), the proof that every
    area's figures by commune add up to the same totals on the 2021 map and on the current
    one (records of split units included); each disagreement is logged as an error and
    returned."""
    drifts = areas_map.map_drifts()
    for drift in drifts:
        logger.error(
            "Map drift: %s %s counted %s, by the 2021 communes %s, by the current ones %s",
            drift.area,
            drift.key,
            drift.counted,
            drift.by_2021,
            drift.current,
        )
    return drifts


class _Writes:
    """The repairs of one recount, written in a few batched queries at the end."""

    def __init__(self) -> None:
        self.new: list[Counter] = []
        self.changed: list[Counter] = []

    def set(self, key: Key, pk: int | None, value: int) -> None:
        name, area, period = key
        if pk is None:
            self.new.append(Counter(key=name, area_id=area, period=period, value=value))
        else:
            self.changed.append(Counter(pk=pk, value=value, updated_at=timezone.now()))

    def save(self) -> None:
        Counter.objects.bulk_create(self.new, batch_size=1000)
        Counter.objects.bulk_update(self.changed, ["value", "updated_at"], batch_size=1000)


def _log(drifts: list[tuple[Key, int, int]]) -> None:
    for key, have, want in drifts:
        logger.warning("Counter drift repaired: %s was %s, records say %s", key, have, want)


@transaction.atomic
def counters_recount_marked(recounts: Iterable[Recount] = RECOUNTS) -> list[tuple[Key, int, int]]:
    """Recount only the cells `counter_bump` marked — each marked area's month and its
    all-time row, and the same periods of every area above it (which the event moved too) —
    repair their drift and delete the marks read. The records read are those of these
    cells only (their areas, in their months), by the same definitions as the full recount;
    an all-time row is the sum of its area's month rows (a stock's, its recount), so no
    other month is read. Unmarked cells are not touched (the weekly full recount covers
    them). A fixed number of queries, however many cells and records. Returns the drifts
    found (key, was, is), like `counters_recount`."""
    _hold_counters()
    marks = list(CounterDirty.objects.values_list("pk", "area_id", "period"))
    if not marks:
        return []
    ancestors = _ancestors()
    children: dict[int, list[int]] = defaultdict(list)
    for pk, above in ancestors.items():
        if above:
            children[above[-1]].append(pk)
    cells = _cells(marks, ancestors)
    areas = set(cells.areas)
    below = {child for area in areas for child in children[area]}
    stored: dict[Key, tuple[int | None, int]] = {
        (key, area, period): (pk, value)
        for pk, key, area, period, value in Counter.objects.filter(
            area_id__in=areas | below, period__in=[*cells.months, ALL_TIME]
        ).values_list("pk", "key", "area_id", "period", "value")
    }
    # Each area's months summed, for its all-time rows: read before the repairs, then moved
    # by them.
    months_summed: Tally = Tally(
        {
            (key, area): total
            for key, area, total in Counter.objects.filter(area_id__in=areas)
            .exclude(period=ALL_TIME)
            .order_by()
            .values_list("key", "area_id")
            .annotate(total=Sum("value"))
        }
    )
    order = _deepest_first(cells, ancestors)
    drifts, writes = [], _Writes()
    for recount in recounts:
        own = recount.compute(cells)
        # An area's figure is its own records' plus its children's, repaired first; an
        # all-time row of a monthly figure, the sum of its months.
        keys = (
            {key for key, _, _ in own}
            | {key for key, _, _ in stored if recount.keys(key)}
            | {key for key, _ in months_summed if recount.keys(key)}
        )
        for key in sorted(keys):
            monthly = Figure.of_key(key).monthly
            for area, period in order:
                if period == ALL_TIME and monthly:
                    want = months_summed[(key, area)]
                elif period != ALL_TIME and not monthly:
                    continue
                else:
                    want = own.get((key, area, period), 0) + sum(
                        stored.get((key, child, period), (0, 0))[1] for child in children[area]
                    )
                row, have = stored.get((key, area, period), (None, 0))
                if want == have:
                    continue
                drifts.append(((key, area, period), have, want))
                stored[(key, area, period)] = (row, want)
                if period != ALL_TIME:
                    months_summed[(key, area)] += want - have
                writes.set((key, area, period), row, want)
    writes.save()
    CounterDirty.objects.filter(pk__in=[pk for pk, _, _ in marks]).delete()
    _log(drifts)
    return drifts


def _cells(marks: list[tuple[int, int, str]], ancestors: dict[int, list[int]]) -> Cells:
    """The marked cells, and the same periods of every area above them."""
    months: dict[str, set[int]] = defaultdict(set)
    areas: set[int] = set()
    for _, marked, period in marks:
        scope = [marked, *ancestors.get(marked, [])]
        areas.update(scope)
        if period != ALL_TIME:
            months[period].update(scope)
    return Cells({month: frozenset(at) for month, at in months.items()}, frozenset(areas))


def _deepest_first(cells: Cells, ancestors: dict[int, list[int]]) -> list[tuple[int, str]]:
    """The cells to repair, in an order where each comes after what it sums: communes before
    the areas above them, and the months before the all-time rows."""
    depth = {area: len(ancestors.get(area, [])) for area in cells.areas}
    months = [(area, month) for month, at in cells.months.items() for area in at]
    totals = [(area, ALL_TIME) for area in cells.areas]
    return [
        *sorted(months, key=lambda cell: -depth[cell[0]]),
        *sorted(totals, key=lambda cell: -depth[cell[0]]),
    ]
