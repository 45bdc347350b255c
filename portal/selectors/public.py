"""What the public site may read from the portal, and nothing more: the standards in force,
the teams and the contacts their members agreed to publish, a figure, and — for a success
story — a student as the guardian allowed them to be shown (never the full name).

The campaign app reads portal data only through this module.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from portal import specs
from portal.figures import Figure as Figure  # noqa: PLC0414 (re-exported for campaign pages)
from portal.figures import Shown, figures
from portal.models import (
    Area,
    Commendation,
    Counter,
    Handover,
    Membership,
    Offer,
    OfferStatus,
    School,
    SpecStandard,
    Team,
)
from portal.models.counters import ALL_TIME
from portal.search import fold
from portal.selectors.places import covered_commune_ids


def standards_in_force() -> dict:
    """The spec standards volunteers check against, with the labels of the parts."""
    return {"standards": SpecStandard.objects.current(), "part_labels": specs.PART_LABELS}


def district() -> Area | None:
    return Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("path").first()


# The figures an editor may put in a live-figure block, as (key, label) choices. Changing the
# list changes the block's choices, so Wagtail makes a migration for every page with a body.
BLOCK_FIGURES = [(figure.value, figure.label) for figure in figures(Shown.BLOCK)]


def figure(key: str, area: Area | None = None, period: str = ALL_TIME) -> int:
    """One public figure (a counter row: one query, whatever the size of the records)."""
    area = area or district()
    row = Counter.objects.filter(key=key, area=area, period=period).only("value").first()
    return row.value if row else 0


@dataclass
class CommuneTeams:
    commune: Area
    teams: list = field(default_factory=list)  # active teams, each with .public_members
    covered: bool = False


def teams_directory(query: str = "") -> list[CommuneTeams]:
    """Every commune and town of the district with its active IT teams and the members who
    agreed to show their contact; communes without a youth IT team are listed too."""
    area = district()
    if area is None:
        return []
    public = Membership.objects.filter(contact_is_public=True, person__is_active=True)
    teams = (
        Team.objects.filter(is_active=True, commune__isnull=False)
        .select_related("school")
        .prefetch_related(
            Prefetch(
                "memberships", queryset=public.select_related("person"), to_attr="public_members"
            )
        )
        .order_by("kind", "name")
    )
    by_commune: dict[int | None, list] = {}
    for team in teams:
        by_commune.setdefault(team.commune_id, []).append(team)
    communes = Area.objects.filter(path__startswith=area.path, kind__in=Area.GRASSROOTS).order_by(
        "name"
    )
    wanted = fold(query)
    covered = covered_commune_ids()
    return [
        CommuneTeams(commune, by_commune.get(commune.pk, []), commune.pk in covered)
        for commune in communes
        if not wanted or wanted in fold(commune.name)
    ]


@dataclass(frozen=True)
class StoryStudent:
    """A student as a public story may show them: a given name or an alias, the grade and
    the commune. Never the full name, the school or anything else."""

    name: str
    grade: int
    commune: str


def story_student(handover: Handover | None, *, alias: str = "") -> StoryStudent | None:
    """The student of a handover, if the guardian's consent to a public story stands now."""
    if handover is None:
        return None
    student = handover.student
    if not student.consent_story or student.is_anonymised:
        return None
    name = alias.strip() or student.full_name.split()[-1]
    return StoryStudent(name=name, grade=student.grade, commune=str(student.commune))


def photo_consent(handover: Handover | None) -> bool:
    return bool(handover and handover.student.consent_photo and not handover.student.is_anonymised)


def public_communes() -> QuerySet[Area]:
    """The communes and towns a person can say they live in (the district's)."""
    place = district()
    if place is None:
        return Area.objects.none()
    return Area.objects.filter(path__startswith=place.path, kind__in=Area.GRASSROOTS).order_by(
        "name"
    )


def dropoff_points() -> QuerySet[Team]:
    """Where a donor may bring a gift: active youth IT teams that published a meeting place."""
    return (
        Team.objects.filter(is_active=True, kind=Team.Kind.YOUTH_IT)
        .exclude(meeting_place="")
        .select_related("commune")
        .order_by("commune__name", "name")
    )


def public_schools() -> QuerySet[School]:
    return School.objects.filter(is_active=True).select_related("commune").order_by("name")


def public_commendations() -> QuerySet[Commendation]:
    """Commendations whose unit or person agreed to be named on the honour roll."""
    return Commendation.objects.filter(show_publicly=True).select_related("team", "person")


def named_donors() -> list[tuple[str, datetime | None]]:
    """Donors whose gift arrived and who chose to be named, as they chose."""
    offers = Offer.objects.filter(status__in=[OfferStatus.RECEIVED, OfferStatus.CLOSED]).exclude(
        naming=Offer.Naming.ANONYMOUS
    )
    return [
        (offer.name_shown, offer.received_at)
        for offer in offers.order_by("-received_at")
        if offer.name_shown
    ]
