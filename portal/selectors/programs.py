"""The areas that run a program of their own, and the public address of each one's results.

An area "has a program" when an active team works inside it (a city with teams in its
communes, a commune with its own team). Its results live under the city it belongs to:
`/ket-qua/ha-noi/` for Hà Nội, `/ket-qua/ha-noi/bat-trang/` for a commune of Hà Nội, at
whatever depth the commune sits (the 2025 map has no districts; the 2021 one has). Names are
folded into the address as people type them ("Bát Tràng" → "bat-trang"); where two units of
one city share a name, the unit in force keeps the plain name and one of the 2021 map says
until when it was ("bat-trang-den-2025"); units of one map are told apart by their level
("thi-tran-yen-vien-den-2025", "xa-yen-vien-den-2025").
"""

from django.db.models import Q, QuerySet
from django.utils.text import slugify

from portal.models import Area, Team
from portal.search import fold


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


def area_at(city: str, place: str | None = None) -> Area | None:
    """The area with a program at this address, or None."""
    tops = Area.objects.filter(Q(kind=Area.Kind.CITY) | Q(depth=1)).order_by("depth", "path")
    top = next((area for area in tops if area_slug(area.name) == city), None)
    if top is None:
        return None
    found = top if place is None else _places(top).get(place)
    if found is None or not has_program(found):
        return None
    return found


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
