from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from config import cache_versions
from portal import access
from portal.models import Area, AreaSuccessor, Membership, Team, User
from portal.selectors import areas_map


@dataclass(frozen=True)
class Coverage:
    """The plan's target: at least one active "Thanh niên IT" team in every commune/town."""

    communes: list[Area]  # each with .youth_teams (the teams that cover it, see covering_teams)
    chosen: str = ""  # the map (portal.selectors.areas_map), "" for the tree as it is
    # Teams of split units no coordinator has placed yet: counted, not lost.
    unplaced_teams: list[Team] = field(default_factory=list)
    # The succession it was read with, for the figures regrouped beside it (one query less).
    steps: areas_map.Succession = field(default_factory=areas_map.Succession)

    @property
    def uncovered(self) -> list[Area]:
        return [commune for commune in self.communes if not commune.youth_teams]

    @property
    def covered_count(self) -> int:
        return len(self.communes) - len(self.uncovered)

    @property
    def total(self) -> int:
        return len(self.communes)

    @property
    def percent(self) -> int:
        return round(100 * self.covered_count / self.total) if self.total else 0


def communes_in(area: Area) -> QuerySet[Area]:
    return Area.objects.filter(path__startswith=area.path, kind__in=Area.GRASSROOTS).order_by(
        "path"
    )


def covering_teams() -> QuerySet[Team]:
    """The teams that make their commune covered: active youth IT teams with at least one
    active member. A team nobody is left in covers nothing, so every count of coverage
    (portal, public site, reports) asks this one question."""
    manned = Membership.objects.filter(team=OuterRef("pk"), person__is_active=True)
    return Team.objects.filter(
        Exists(manned), is_active=True, kind=Team.Kind.YOUTH_IT, commune__isnull=False
    )


def covered_commune_ids() -> set[int]:
    return set(covering_teams().values_list("commune_id", flat=True))


# An area's coverage is kept in the cache (config/cache_versions.py): it is on every
# coordinator's dashboard, and building it (three queries and a map's successions) was a
# sixth of that page. Whatever it is read from changing — a team, a membership, a person,
# an area, a succession, a placement — makes it stale, as it does what access is read from
# (`access.TEAMS_AND_PLACES_VERSION_KEY`; portal/receivers.py; the bulk writes of
# placements and of `load_areas`, which send no signal, say so themselves).
COVERAGE_TIMEOUT = 600  # seconds: a change made while the cache was unreachable


def youth_team_coverage(area: Area, chosen: str = "") -> Coverage:
    """The area's communes with their covering teams, by a map (the current one by default):
    a team counts in the commune it works in on that map (portal.selectors.areas_map)."""
    chosen = areas_map.map_choice(chosen)
    key = f"coverage:{area.pk}:{chosen}"
    version, coverage = cache_versions.kept(access.TEAMS_AND_PLACES_VERSION_KEY, key)
    if coverage is None:  # read through: filling the cache changes nothing anyone reads
        coverage = _coverage(area, chosen)
        cache_versions.keep(key, version, coverage, timeout=COVERAGE_TIMEOUT)
    return coverage


def _coverage(area: Area, chosen: str) -> Coverage:
    communes = list(areas_map.units_on_map(area, chosen))
    shown = {commune.pk for commune in communes}
    steps = areas_map.succession() if chosen == areas_map.CURRENT else areas_map.Succession()
    teams: dict[int, int] = {}
    unplaced: list[Team] = []
    # Teams made under the area's units, and teams of the units it shows today (a 2021
    # district shown by today's communes: a team made since in today's Bát Tràng covers it).
    own = Q(commune__path__startswith=area.path) | Q(commune__in=shown)
    # On the current map, also those of the old units that went into the units shown
    # (today's Gia Lâm is covered by the team of 2021 Dương Xá), if they belong there.
    went = Q(pk__in=[])
    if chosen == areas_map.CURRENT:
        went = Q(commune__in=AreaSuccessor.objects.filter(new__in=shown).values("old_id"))
    inside = covering_teams().filter(own | went)
    inside = inside.annotate(
        placed_in=areas_map.placed_in(Team), made_inside=ExpressionWrapper(own, BooleanField())
    )
    for team in inside.only("pk", "name", "commune_id", "meeting_place"):
        commune_id: int = team.commune_id  # type: ignore[assignment]  # covering: has one
        placed = team.placed_in if chosen == areas_map.CURRENT else None
        unit = placed or steps.current_unit(commune_id, address=team.meeting_place)
        if unit is not None and unit in shown:
            teams[unit] = teams.get(unit, 0) + 1
        elif team.made_inside:
            unplaced.append(team)
    for commune in communes:
        commune.youth_teams = teams.get(commune.pk, 0)
    return Coverage(communes=communes, chosen=chosen, unplaced_teams=unplaced, steps=steps)


def coordinators_coverage(user: User, chosen: str = "") -> Coverage:
    """The coverage of every area a coordinator runs, one after another (outermost first),
    not only of the one they were appointed for: a coordinator of a commune in each of two
    cities answers for both."""
    parts = [youth_team_coverage(area, chosen) for area in access.coordinated_areas(user)]
    if not parts:
        return Coverage(communes=[], chosen=areas_map.map_choice(chosen))
    unplaced = {team.pk: team for part in parts for team in part.unplaced_teams}
    return Coverage(
        communes=[commune for part in parts for commune in part.communes],
        chosen=parts[0].chosen,
        unplaced_teams=list(unplaced.values()),
        steps=parts[0].steps,
    )
