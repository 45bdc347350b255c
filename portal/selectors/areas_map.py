"""Reading records by either map: the current one (since 1 July 2025, the default) or the
2021 map the program's plan was written on.

A record keeps the unit it was made under. On the current map it shows under that unit's
current successor (`Succession.current_unit`, the one function that answers it): the new unit
an old one went into whole, or — for an old unit split between several — the one its
address names, or the one a coordinator placed it in (`Placement`). Until then it is
*unplaced*: counted in its own line of every grouping and listed for a coordinator, never
dropped, so each grouping adds up to the same total on both maps.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.figures import Figure as F
from portal.models import (
    Area,
    AreaSuccessor,
    Counter,
    Device,
    Placement,
    Student,
    SupportRequest,
    Team,
    TrainingSession,
)
from portal.models.counters import ALL_TIME
from portal.search import fold

MAP_PARAM = "ban-do"
CURRENT = "hien-nay"
MAP_2021 = "2021"
MAPS = {CURRENT: _("Bản đồ hiện nay (từ 01/07/2025)"), MAP_2021: _("Bản đồ năm 2021")}
# The day the 2021 map is read on: the program's launch.
PLAN_DAY = date(2021, 10, 5)
# The records a coordinator may place, each with its commune field.
PLACEABLE: dict[type[Model], str] = {
    Device: "commune_id",
    Student: "commune_id",
    SupportRequest: "commune_id",
    TrainingSession: "commune_id",
    Team: "commune_id",
}


def map_choice(value: str | None) -> str:
    """The map asked for (`?ban-do=2021`), the current one for anything else."""
    return value if value in MAPS else CURRENT


@dataclass
class Succession:
    """Where every reorganised unit went, followed through later reorganisations to the
    units in force: old id → [(current id, whole)]. One query, whatever the records."""

    went: dict[int, list[tuple[int, bool]]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # folded names of the current units

    def current_unit(self, area_id: int, *, address: str = "") -> int | None:
        """The current unit a record made under `area_id` belongs to: itself if still in
        force; the unit it went into whole; for a split unit, the one of its parts whose name
        the address holds — or None: the record waits for a coordinator to place it."""
        went = self.went.get(area_id)
        if not went:
            return area_id
        if len(went) == 1 and went[0][1]:
            return went[0][0]
        folded = fold(address)
        named = [new for new, _whole in went if folded and self.names[new] in folded]
        return named[0] if len(named) == 1 else None

    def parts(self, area_id: int) -> list[int]:
        return [new for new, _whole in self.went.get(area_id, [])]

    def is_split(self, area_id: int) -> bool:
        return self.current_unit(area_id) is None


def succession() -> Succession:
    links = AreaSuccessor.objects.values_list(
        "old_id", "new_id", "whole", "new__name", "new__valid_to"
    )
    direct: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    names: dict[int, str] = {}
    for old, new, whole, name, _valid_to in links:
        direct[old].append((new, whole))
        names[new] = fold(name)

    def follow(area: int, seen: frozenset[int]) -> list[tuple[int, bool]]:
        if area not in direct or area in seen:
            return [(area, True)]
        ends: dict[int, bool] = {}
        for new, whole in direct[area]:
            for end, end_whole in follow(new, seen | {area}):
                ends[end] = ends.get(end, True) and whole and end_whole
        return list(ends.items())

    return Succession({old: follow(old, frozenset()) for old in direct}, names)


@dataclass(frozen=True)
class Sources:
    """The old units whose records count in one unit of today on the current map."""

    whole: list[int]  # went into it whole: all their records
    split: list[int]  # split between it and others: their records placed in it


def sources_of(unit: Area, steps: Succession) -> Sources:
    """The old communes and towns (never a district: its counters hold its communes') that
    went into a unit of today, whole or in part. One query."""
    old = [pk for pk in steps.went if unit.pk in steps.parts(pk)]
    grassroots = set(
        Area.objects.filter(pk__in=old, kind__in=Area.GRASSROOTS).values_list("pk", flat=True)
    )
    return Sources(
        whole=[pk for pk in old if pk in grassroots and steps.current_unit(pk) == unit.pk],
        split=[pk for pk in old if pk in grassroots and steps.current_unit(pk) is None],
    )


def current_unit(area: Area, *, address: str = "") -> Area | None:
    """The current unit of a record made under `area` (None: a split unit, to be placed)."""
    found = succession().current_unit(area.pk, address=address)
    return Area.objects.get(pk=found) if found is not None else None


def _in_force(day: date | None) -> Q:
    if day is None:
        return Q(valid_to__isnull=True)
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )


def units_on_map(area: Area, chosen: str) -> QuerySet[Area]:
    """The communes, wards and towns an area is shown by on a map. On the current map an
    abolished district is shown by the units its communes went into."""
    grassroots = Area.objects.filter(path__startswith=area.path, kind__in=Area.GRASSROOTS)
    if chosen == MAP_2021:
        return grassroots.filter(_in_force(PLAN_DAY)).order_by("name", "kind")
    successors = AreaSuccessor.objects.filter(old__path__startswith=area.path).values("new_id")
    return (
        Area.objects.filter(
            Q(pk__in=grassroots.filter(_in_force(None)).values("pk")) | Q(pk__in=successors),
            _in_force(None),
        )
        .distinct()
        .order_by("name", "kind")
    )


def placements() -> dict[tuple[int, int], int]:
    """(content type id, record id) → the current unit a coordinator placed it in."""
    return {
        (ct, record): area
        for ct, record, area in Placement.objects.values_list(
            "content_type_id", "object_id", "area_id"
        )
    }


def _placements_of(model: type[Model]) -> QuerySet[Placement]:
    # By the content type's natural key, joined: no query of its own, warm cache or cold.
    meta = model._meta
    return Placement.objects.filter(
        content_type__app_label=meta.app_label, content_type__model=meta.model_name
    )


def placed_in(model: type[Model]) -> Subquery:
    """An annotation: the current unit a coordinator placed the record in (or None)."""
    return Subquery(_placements_of(model).filter(object_id=OuterRef("pk")).values("area_id")[:1])


def _month(moment: date | datetime) -> str:
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m")


def placed_figures() -> dict[tuple[str, int, int, str], int]:
    """What the placed records count, as (key, old unit, placed unit, period) → value, for the
    figures shown by commune: one query a kind of record, placed or not, reading the placed
    records only."""
    tally: dict[tuple[str, int, int, str], int] = defaultdict(int)

    def add(key: str, old: int, new: int, moment: date | datetime | None) -> None:
        tally[(key, old, new, ALL_TIME)] += 1
        if moment is not None:
            tally[(key, old, new, _month(moment))] += 1

    def placed(model: type[Model]) -> QuerySet:
        return model._default_manager.filter(
            pk__in=_placements_of(model).values("object_id")
        ).annotate(placed_in=placed_in(model))

    for old, new, received in placed(Device).values_list("commune_id", "placed_in", "received_at"):
        add(F.DEVICES_RECEIVED, old, new, received)
    handed = placed(Student).filter(handovers__isnull=False, handovers__returned_on__isnull=True)
    for old, new, day in handed.values_list("commune_id", "placed_in", "handovers__handed_on"):
        add(F.DEVICES_HANDED_OVER, old, new, day)
        add(F.STUDENTS_REACHED, old, new, day)
    requests = placed(SupportRequest).values_list("commune_id", "placed_in", "created_at")
    for old, new, created in requests:
        add(F.SUPPORT_REQUESTS, old, new, created)
    sessions = placed(TrainingSession).values_list("commune_id", "placed_in", "held_on")
    for old, new, held in sessions:
        add(F.TRAINING_SESSIONS, old, new, held)
    return tally


@dataclass
class Regrouped:
    """Figures by the units of a map, and what could not be put in one (split, unplaced)."""

    by_unit: dict[int, dict[str, int]]
    unplaced: dict[str, int]


def regroup(
    by_old: dict[int, dict[str, int]],
    units: list[Area],
    chosen: str,
    periods: list[str],
    keys: list[str],
    *,
    steps: Succession | None = None,
    placed: dict[tuple[str, int, int, str], int] | None = None,
) -> Regrouped:
    """Figures counted under the units records were made in (`by_old`: unit id → key →
    value) regrouped by the units of the chosen map. On the 2021 map, as counted. On the
    current map each old unit's figures go to its current unit; a split one's go to the
    units its placed records were placed in, the rest to `unplaced`. Nothing is lost: the
    sum over the map's units and `unplaced` is the sum of `by_old`."""
    by_unit = {unit.pk: dict.fromkeys(keys, 0) for unit in units}
    unplaced = dict.fromkeys(keys, 0)
    if chosen == MAP_2021:
        for area_id, counted in by_old.items():
            target = by_unit.get(area_id, unplaced)
            for key in keys:
                target[key] += counted.get(key, 0)
        return Regrouped(by_unit, unplaced)
    steps = steps if steps is not None else succession()
    placed = placed if placed is not None else placed_figures()
    for area_id, counted in by_old.items():
        current = steps.current_unit(area_id)
        for key in keys:
            value = counted.get(key, 0)
            if current is None:
                for (placed_key, old, new, at), moved in placed.items():
                    if placed_key == key and old == area_id and at in periods and new in by_unit:
                        by_unit[new][key] += moved
                        value -= moved
                unplaced[key] += value
            else:
                by_unit.get(current, unplaced)[key] += value
    return Regrouped(by_unit, unplaced)


@dataclass
class Waiting:
    """Records of one kind made under a split unit, not placed in a current one yet."""

    model: type[Model]
    name: str  # the model's name, as the placement form sends it
    label: str
    count: int


@dataclass
class SplitUnit:
    unit: Area
    parts: list[Area]
    waiting: list[Waiting]


def unplaced_records(units: QuerySet[Area]) -> list[SplitUnit]:
    """For each split old unit given, the current units it went into and how many of its
    records of each kind wait to be placed: a fixed number of queries (one per kind)."""

    split = list(units)
    if not split:
        return []
    steps = succession()
    parts = Area.objects.in_bulk({part for unit in split for part in steps.parts(unit.pk)})
    types = ContentType.objects.get_for_models(*PLACEABLE)
    waiting: dict[int, list[Waiting]] = defaultdict(list)
    for model, commune_field in PLACEABLE.items():
        placed = Placement.objects.filter(content_type=types[model]).values("object_id")
        counted = (
            model._default_manager.filter(**{f"{commune_field}__in": [unit.pk for unit in split]})
            .exclude(pk__in=placed)
            .values(commune_field)
            .annotate(n=Count("pk"))
        )
        for row in counted:
            waiting[row[commune_field]].append(
                Waiting(
                    model,
                    str(model._meta.model_name),
                    str(model._meta.verbose_name_plural),
                    row["n"],
                )
            )
    return [
        SplitUnit(unit, [parts[pk] for pk in steps.parts(unit.pk)], waiting[unit.pk])
        for unit in split
    ]


@dataclass(frozen=True)
class MapDrift:
    area: str
    key: str
    counted: int  # the area's own counter
    by_2021: int  # the sum over its 2021 communes (and the line of units not on that map)
    current: int  # the sum over its current communes (and the unplaced line)


COMMUNE_FIGURES = [
    F.DEVICES_RECEIVED,
    F.DEVICES_HANDED_OVER,
    F.STUDENTS_REACHED,
    F.SUPPORT_REQUESTS,
    F.TRAINING_SESSIONS,
]


def map_drifts() -> list[MapDrift]:
    """The proof that the maps agree: for every area above the communes (a district, a
    province, the country) and each figure shown by commune, all time, its own counter, the
    sum over its 2021 communes and the sum over its current ones are the same number. A
    difference means a regrouping lost or doubled records: returned, for the recount to log."""
    keys = [str(figure) for figure in COMMUNE_FIGURES]
    areas = list(Area.objects.exclude(kind__in=Area.GRASSROOTS).order_by("path"))
    rows = Counter.objects.filter(period=ALL_TIME, key__in=keys).values_list(
        "area_id", "key", "value"
    )
    counted: dict[int, dict[str, int]] = defaultdict(dict)
    for area_id, key, value in rows:
        counted[area_id][key] = value
    grassroots = dict(Area.objects.filter(kind__in=Area.GRASSROOTS).values_list("pk", "path"))
    steps, placed = succession(), placed_figures()
    drifts = []
    for area in areas:
        by_old = {pk: counted[pk] for pk, path in grassroots.items() if path.startswith(area.path)}
        totals = {}
        for chosen in (MAP_2021, CURRENT):
            units = list(units_on_map(area, chosen))
            grouped = regroup(by_old, units, chosen, [ALL_TIME], keys, steps=steps, placed=placed)
            totals[chosen] = {
                key: sum(row[key] for row in grouped.by_unit.values()) + grouped.unplaced[key]
                for key in keys
            }
        for key in keys:
            own = counted[area.pk].get(key, 0)
            if not own == totals[MAP_2021][key] == totals[CURRENT][key]:
                drifts.append(
                    MapDrift(str(area), key, own, totals[MAP_2021][key], totals[CURRENT][key])
                )
    return drifts
