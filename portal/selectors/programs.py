"""The areas that run a program of their own, and the public address of each one's results.

An area "has a program" when an active team works inside it (a city with teams in its
communes, a commune with its own team). Its results live under the city it belongs to:
`/ket-qua/ha-noi/` for Hà Nội, `/ket-qua/ha-noi/bat-trang/` for a commune of Hà Nội, at
whatever depth the commune sits (the 2025 map has no districts; the 2021 one has). Names are
folded into the address as people type them ("Bát Tràng" → "bat-trang"); where two units of
one city share a name, the unit in force keeps the plain name and one of the 2021 map says
until when it was ("bat-trang-den-2025"); units of one map are told apart by their level
("thi-tran-yen-vien-den-2025", "xa-yen-vien-den-2025").

A city's (or a district's) page lists its places by a map (portal.selectors.areas_map): by
default today's units, each with the records of the old units that went into it; with
`?ban-do=2021`, the units as the records were made (the 2021 district, then its communes).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.text import slugify

from portal.figures import Figure as F
from portal.models import Area, Counter, Team
from portal.models.counters import ALL_TIME
from portal.search import fold
from portal.selectors import areas_map
from portal.selectors.places import youth_team_coverage


def area_slug(text: str) -> str:
    return slugify(fold(text))


def top_of(area: Area) -> Area:
    """The city (or province) an area's address starts with: the nearest one at or above
    it; an area above every city (the country) is its own."""
    if area.kind == Area.Kind.CITY:
        return area
    cities = area.get_ancestors().filter(kind=Area.Kind.CITY)
    return cities.order_by("-depth").first() or area


def _places(top: Area) -> dict[str, Area]:
    """Every unit below a city, by the last part of its address. Where names clash, the
    unit in force keeps the plain name and a unit of an earlier map says until when
    ("bat-trang-den-2025": the 2021 commune, beside today's Bát Tràng); two in force are
    told apart by their level."""
    below = list(Area.objects.filter(path__startswith=top.path, depth__gt=top.depth))
    named: dict[str, list[Area]] = {}
    for area in below:
        named.setdefault(area_slug(area.name), []).append(area)
    places: dict[str, Area] = {}
    for slug, units in named.items():
        in_force = [unit for unit in units if unit.valid_to is None]
        for unit in units:
            if len(units) == 1 or (len(in_force) == 1 and unit.valid_to is None):
                place = slug
            elif unit.valid_to is None:
                place = area_slug(str(unit))
            else:
                of_old_maps = len(units) - len(in_force)
                name = unit.name if of_old_maps == 1 else str(unit)
                place = f"{area_slug(name)}-den-{unit.valid_to.year}"
            places[place] = unit
    return places


def results_address(area: Area) -> tuple[str, ...]:
    """The parts of an area's results address: (city,) or (city, place)."""
    top = top_of(area)
    if top.pk == area.pk:
        return (area_slug(area.name),)
    place = next(slug for slug, unit in _places(top).items() if unit.pk == area.pk)
    return (area_slug(top.name), place)


def _with_program() -> QuerySet[Team]:
    return Team.objects.filter(is_active=True, commune__isnull=False)


def has_program(area: Area) -> bool:
    return _with_program().filter(commune__path__startswith=area.path).exists()


def area_at(city: str, place: str | None = None, chosen: str = areas_map.CURRENT) -> Area | None:
    """The area with a program at this address, or None. On the current map a unit of today
    has one when a team works in it or records of the old units that went into it count
    there; an old unit (`…-den-2025`) keeps its page on both maps, as its records were made."""
    tops = Area.objects.filter(Q(kind=Area.Kind.CITY) | Q(depth=1)).order_by("depth", "path")
    top = next((area for area in tops if area_slug(area.name) == city), None)
    if top is None:
        return None
    found = top if place is None else _places(top).get(place)
    if found is None:
        return None
    if has_program(found):
        return found
    in_use_today = (
        areas_map.map_choice(chosen) == areas_map.CURRENT
        and found.kind in Area.GRASSROOTS
        and found.valid_to is None
    )
    if in_use_today and any(place.area.pk == found.pk for place in _units_with_records(top)):
        return found
    return None


def on_both_maps(area: Area) -> bool:
    """Whether an area's page has another map to show: not a unit made in 2025, which is on
    no 2021 map."""
    return area.kind not in Area.GRASSROOTS or area.valid_to is not None


@dataclass(frozen=True)
class Place:
    """One place listed on an area's results page: its unit, its address, what it received."""

    area: Area
    address: tuple[str, ...]
    devices_received: int


def _lists_units(area: Area) -> bool:
    """A city or a district lists communes, wards and towns, which maps tell apart; the
    country lists its cities, the same on every map; a commune lists nothing."""
    return area.kind not in Area.GRASSROOTS and area.kind != getattr(Area.Kind, "COUNTRY", None)


def _units_with_records(area: Area, chosen: str = areas_map.CURRENT) -> list[Place]:
    """The units the area is shown by on the map, each with its records regrouped there
    (portal.selectors.areas_map.regroup), those with a covering team or a record only."""
    coverage = youth_team_coverage(area, chosen)
    keys = [str(F.DEVICES_RECEIVED), str(F.STUDENTS_REACHED)]
    rows = Counter.objects.filter(
        area__path__startswith=area.path,
        area__kind__in=Area.GRASSROOTS,
        period=ALL_TIME,
        key__in=keys,
    ).values_list("area_id", "key", "value")
    by_old: dict[int, dict[str, int]] = {}
    for area_id, key, value in rows:
        by_old.setdefault(area_id, {})[key] = value
    grouped = areas_map.regroup(
        by_old, coverage.communes, coverage.chosen, [ALL_TIME], keys, steps=coverage.steps
    )
    top = top_of(area)
    slugs = {unit.pk: slug for slug, unit in _places(top).items()}
    return [
        Place(unit, (area_slug(top.name), slugs[unit.pk]), grouped.by_unit[unit.pk][keys[0]])
        for unit in coverage.communes
        if unit.youth_teams or any(grouped.by_unit[unit.pk].values())
    ]


def program_places(area: Area, chosen: str = areas_map.CURRENT) -> list[Place]:
    """The places an area's results page links to, by the map chosen. On the current map a
    city or district lists today's units; on the 2021 map (and for the country) the areas
    just below it on the way to a team, as the records were made. Either way the places
    add up to the area's own figures, less the records of a split unit not placed yet."""
    if areas_map.map_choice(chosen) == areas_map.CURRENT and _lists_units(area):
        return _units_with_records(area)
    below = program_areas_below(area)
    received = dict(
        Counter.objects.filter(
            area__in=[unit for unit, _address in below],
            key=F.DEVICES_RECEIVED,
            period=ALL_TIME,
        ).values_list("area_id", "value")
    )
    return [Place(unit, address, received.get(unit.pk, 0)) for unit, address in below]


def program_areas_below(area: Area) -> list[tuple[Area, tuple[str, ...]]]:
    """The areas just below this one on the way to a team (its cities, its communes), each
    with a program, with their addresses: the links from an area's results page to theirs.
    A fixed number of queries, however many there are."""
    paths = set(
        _with_program()
        .filter(commune__path__startswith=area.path)
        .values_list("commune__path", flat=True)
    )
    step = area.steplen
    wanted = {path[: len(area.path) + step] for path in paths if len(path) > len(area.path)}
    below = list(Area.objects.filter(path__in=wanted).order_by("name"))
    if not below:
        return []
    top = top_of(area)
    places = {unit.pk: slug for slug, unit in _places(top).items()}
    return [
        (unit, (area_slug(unit.name),))
        if unit.kind == Area.Kind.CITY
        else (unit, (area_slug(top.name), places[unit.pk]))
        for unit in below
    ]
