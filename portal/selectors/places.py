from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from portal.models import Area, Membership, Team


@dataclass(frozen=True)
class Coverage:
    """The plan's target: at least one active "Thanh niên IT" team in every commune/town."""

    communes: list[Area]  # each with .youth_teams (the teams that cover it, see covering_teams)

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


def youth_team_coverage(area: Area) -> Coverage:
    communes = list(communes_in(area))
    teams: dict[int, int] = {}
    for commune_id in covering_teams().values_list("commune_id", flat=True):
        teams[commune_id] = teams.get(commune_id, 0) + 1
    for commune in communes:
        commune.youth_teams = teams.get(commune.pk, 0)
    return Coverage(communes=communes)
