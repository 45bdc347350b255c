from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from portal.models import Area, Team


@dataclass(frozen=True)
class Coverage:
    """The plan's target: at least one active "Thanh niên IT" team in every commune/town."""

    communes: list[Area]  # each annotated with .youth_teams (active youth IT teams)

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


def youth_team_coverage(area: Area) -> Coverage:
    communes = communes_in(area).annotate(
        youth_teams=Count("teams", filter=Q(teams__kind=Team.Kind.YOUTH_IT, teams__is_active=True))
    )
    return Coverage(communes=list(communes))
