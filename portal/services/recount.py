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
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Count, Manager, Min, Q, QuerySet
from django.utils import timezone

from portal.figures import Figure
from portal.hours import WORK_MINUTES
from portal.models import (
    Area,
    Counter,
    CounterDirty,
    Device,
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
class Recount:
    figures: frozenset[Figure]  # the figures (and all their details) this recount owns
    # exact figures: (key, area id, period) → value, per commune; given area ids, only the
    # records of those areas (not of the areas below them)
    compute: Callable[[Collection[int] | None], Tally]

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


def _within(rows: Manager | QuerySet, field: str, areas: Collection[int] | None) -> QuerySet:
    """The records of those areas only (all of them without `areas`)."""
    return rows.all() if areas is None else rows.filter(**{f"{field}__in": areas})


def device_figures(areas: Collection[int] | None = None) -> Tally:
    tally: Tally = Tally()
    rows = (
        _within(Device.objects, "commune_id", areas)
        .values("commune_id", "kind", "status", "received_at")
        .annotate(
            first_check=Min("checks__checked_at"),
            first_pass=Min("checks__checked_at", filter=~Q(checks__result="fail")),
            first_repair=Min("repairs__done_at"),
            liquidated_at=Min(
                "events__created_at", filter=Q(events__to_status=DeviceStatus.LIQUIDATED)
            ),
        )
    )
    for row in rows.iterator():
        commune = row["commune_id"]
        kind = row["kind"]
        for figure, moment in (
            (F.DEVICES_RECEIVED, row["received_at"]),
            (F.DEVICES_CHECKED, row["first_check"]),
            (F.DEVICES_PASSED, row["first_pass"]),
            (F.DEVICES_REPAIRED, row["first_repair"]),
        ):
            if moment is not None:
                _add(tally, figure, commune, moment, kind=kind)
        if row["liquidated_at"] is not None:
            _add(tally, F.DEVICES_LIQUIDATED, commune, row["liquidated_at"])
        if row["status"] == DeviceStatus.READY:
            _add(tally, F.DEVICES_READY, commune, None)
    return tally


def fund_figures(areas: Collection[int] | None = None) -> Tally:
    tally: Tally = Tally()
    for entry in (
        _within(FundEntry.objects, "fund__area_id", areas)
        .select_related("fund")
        .only("kind", "amount_vnd", "occurred_on", "fund__area_id")
    ):
        key = F.FUND_RAISED_VND if entry.is_income else F.FUND_SPENT_VND
        _add(tally, key, entry.fund.area_id, entry.occurred_on, value=entry.amount_vnd)
    return tally


def student_figures(areas: Collection[int] | None = None) -> Tally:
    tally: Tally = Tally()
    verified = _within(Student.objects, "commune_id", areas).filter(verified_at__isnull=False)
    for commune, moment in verified.values_list("commune_id", "verified_at").iterator():
        _add(tally, F.STUDENTS_VERIFIED, commune, moment)
    return tally


def handover_figures(areas: Collection[int] | None = None) -> Tally:
    """What is with students now: handovers not returned, counted in the month handed."""
    tally: Tally = Tally()
    active = _within(Handover.objects, "student__commune_id", areas)
    active = active.filter(returned_on__isnull=True).values_list(
        "student__commune_id", "handed_on", "device__kind", "sim_id", "team_id"
    )
    for commune, handed_on, kind, sim, team in active.iterator():
        _add(tally, F.DEVICES_HANDED_OVER, commune, handed_on, kind=kind)
        _add(tally, F.STUDENTS_REACHED, commune, handed_on)
        _add(tally, F.TEAM_HANDED_OVER.of(team), commune, handed_on)
        if sim:
            _add(tally, F.SIMS_GIVEN, commune, handed_on)
    return tally


def training_figures(areas: Collection[int] | None = None) -> Tally:
    tally: Tally = Tally()
    sessions = _within(TrainingSession.objects, "commune_id", areas)
    for commune, held_on, people in sessions.values_list(
        "commune_id", "held_on", "people_trained"
    ).iterator():
        _add(tally, F.TRAINING_SESSIONS, commune, held_on)
        _add(tally, F.PEOPLE_TRAINED, commune, held_on, value=people)
    return tally


def volunteer_minute_figures(areas: Collection[int] | None = None) -> Tally:
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
        rows = _within(records, where, areas).values_list(where, when)
        for commune, moment in rows.iterator():
            _add(tally, F.VOLUNTEER_MINUTES, commune, moment, value=WORK_MINUTES[kind])
    sessions = (
        _within(TrainingSession.objects, "commune_id", areas)
        .annotate(people=Count("trainers", distinct=True) + Count("volunteers", distinct=True))
        .values_list("commune_id", "held_on", "minutes", "people")
    )
    for commune, held_on, minutes, people in sessions.iterator():
        _add(tally, F.VOLUNTEER_MINUTES, commune, held_on, value=minutes * people)
    return tally


def support_figures(areas: Collection[int] | None = None) -> Tally:
    """Requests, and the 24-hour promise: kept (first response by the deadline) or broken
    (answered late, or found unanswered at the deadline), and the hours to first response."""
    tally: Tally = Tally()
    for request in (
        _within(SupportRequest.objects, "commune_id", areas)
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
    drifts = []
    for recount in recounts:
        expected = _rolled_up(recount.compute(None), ancestors)
        stored = {
            (row.key, row.area_id, row.period): row
            for row in Counter.objects.select_for_update().all()
            if recount.keys(row.key)
        }
        for key in expected.keys() | stored.keys():
            want, row = expected.get(key, 0), stored.get(key)
            have = row.value if row else 0
            if want == have:
                continue
            drifts.append((key, have, want))
            if row:
                row.value = want
                row.save(update_fields=["value", "updated_at"])
            else:
                Counter.objects.create(key=key[0], area_id=key[1], period=key[2], value=want)
    if recounts is RECOUNTS:
        CounterDirty.objects.filter(pk__in=marked).delete()
    _log(drifts)
    return drifts


def maps_agree() -> list[areas_map.MapDrift]:
    """After a full recount (weekly, and `manage.py recount_counters`), the proof that every area's figures by commune add up to the
    same totals on the 2021 map and on the current one (records of split units included);
    each disagreement is logged as an error and returned."""
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


def _log(drifts: list[tuple[Key, int, int]]) -> None:
    for key, have, want in drifts:
        logger.warning("Counter drift repaired: %s was %s, records say %s", key, have, want)


@transaction.atomic
def counters_recount_marked(recounts: Iterable[Recount] = RECOUNTS) -> list[tuple[Key, int, int]]:
    """Recount only the cells `counter_bump` marked — each marked area's month and its
    all-time row, and the same periods of every area above it (which the event moved too) —
    repair their drift and delete the marks read. The records read are those of these areas
    only, and the counter rows read those of these cells and their children's; unmarked
    cells are not touched (the weekly full recount covers them). Returns the drifts found
    (key, was, is), like `counters_recount`."""
    _hold_counters()
    marks = list(CounterDirty.objects.values_list("pk", "area_id", "period"))
    if not marks:
        return []
    ancestors = _ancestors()
    children: dict[int, list[int]] = defaultdict(list)
    for pk, above in ancestors.items():
        if above:
            children[above[-1]].append(pk)
    cells = set()
    for _, marked, period in marks:
        for area in [marked, *ancestors.get(marked, [])]:
            cells |= {(area, period), (area, ALL_TIME)}
    areas = {area for area, _ in cells}
    below = {child for area in areas for child in children[area]}
    stored = {
        (key, area, period): value
        for key, area, period, value in Counter.objects.filter(
            area_id__in=areas | below, period__in={period for _, period in cells}
        ).values_list("key", "area_id", "period", "value")
    }
    # Deepest first: an area's figure is its own records' plus its children's, repaired.
    order = sorted(cells, key=lambda cell: -len(ancestors.get(cell[0], [])))
    drifts = []
    for recount in recounts:
        own = recount.compute(areas)
        keys = {key for key, _, _ in own} | {key for key, _, _ in stored if recount.keys(key)}
        for key in sorted(keys):
            for area, period in order:
                want = own.get((key, area, period), 0) + sum(
                    stored.get((key, child, period), 0) for child in children[area]
                )
                have = stored.get((key, area, period))
                if want == (have or 0):
                    continue
                drifts.append(((key, area, period), have or 0, want))
                stored[(key, area, period)] = want
                if have is None:
                    Counter.objects.create(key=key, area_id=area, period=period, value=want)
                else:
                    Counter.objects.filter(key=key, area_id=area, period=period).update(
                        value=want, updated_at=timezone.now()
                    )
    CounterDirty.objects.filter(pk__in=[pk for pk, _, _ in marks]).delete()
    _log(drifts)
    return drifts
