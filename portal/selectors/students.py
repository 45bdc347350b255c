"""Reads for the beneficiary list, handovers, check-ins, targets and volunteer hours."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal import access, keyset

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from portal.figures import Figure
from portal.hours import WORK_LABELS, WORK_MINUTES
from portal.models import (
    Area,
    Counter,
    Device,
    DeviceKind,
    DeviceStatus,
    FollowUp,
    Handover,
    Repair,
    SpecCheck,
    Student,
    StudentStatus,
    SupportNote,
    Team,
    TrainingSession,
    User,
)
from portal.models.handovers import MONTHLY_TARGET
from portal.selectors.targets import monthly_targets_of
from portal.services.counters import month_of
from portal.workflows.devices import HANDABLE


def student_list(students: QuerySet[Student]) -> QuerySet[Student]:
    """The list a team works through: highest priority first, then longest waiting."""
    return students.select_related("school", "commune").order_by("priority", "proposed_at", "pk")


def handable_devices(user: User, *, sims: bool, student: Student) -> QuerySet[Device]:
    """Devices (or SIMs) that passed their check, among those the person works on: the ready
    ones, and those reserved for this student."""
    kinds = Q(kind=DeviceKind.SIM) if sims else ~Q(kind=DeviceKind.SIM)
    free = Q(status__in=HANDABLE - {DeviceStatus.RESERVED})
    kept = Q(status=DeviceStatus.RESERVED, reserved_for=student)
    return access.devices_visible_to(user).filter(kinds, free | kept).order_by("asset_code")


def reservable_students(user: User) -> list[Student]:
    """Approved students waiting for a device whom this person may hand one to."""
    waiting = access.students_visible_to(user).filter(status=StudentStatus.APPROVED)
    return [s for s in student_list(waiting) if access.can_hand_over(user, s)]


def handover_list(handovers: QuerySet[Handover]) -> QuerySet[Handover]:
    return handovers.select_related("student", "student__commune", "device", "sim", "team")


# What a handover's card in the list shows (templates/portal/handovers/card.html): every
# column of the handover, its student, their commune, both devices and the team was most of
# reading a page's rows.
HANDOVER_CARD_FIELDS = (
    "handed_on",
    "returned_on",
    "student__full_name",
    "student__commune__name",
    "student__commune__kind",
    "student__commune__level_name",
    "device__asset_code",
    "device__brand",
    "device__model_name",
    "device__kind",
    "sim__asset_code",
    "team__name",
)


def handover_page(
    handovers: QuerySet[Handover], *, after: str | None, before: str | None, per_page: int
) -> keyset.KeysetPage:
    """A page of the handovers, the latest day first, by where the neighbouring page ended:
    numbering pages counted every visible handover, and at 10 000 of them that read the
    scope of every student (50 ms, growing with the list); a page reads its own rows from
    the index `handover_list_order`."""
    return keyset.keyset_page(
        handover_list(handovers).only(*HANDOVER_CARD_FIELDS),
        moment="handed_on",
        after=after,
        before=before,
        per_page=per_page,
        newest_first=True,
    )


def follow_up_queue(user: User) -> QuerySet[FollowUp]:
    """Check-ins still to do, the most overdue first."""
    return (
        access.follow_ups_visible_to(user)
        .filter(done_on__isnull=True, cancelled=False)
        .select_related("handover__student", "handover__device", "handover__team")
        .order_by("due_on", "pk")
    )


@dataclass(frozen=True)
class TeamTarget:
    team: Team
    handed_over: int
    target: int = MONTHLY_TARGET

    @property
    def met(self) -> bool:
        return self.handed_over >= self.target


@dataclass(frozen=True)
class MonthlyTargets:
    month: str  # "2026-11"
    teams: list[TeamTarget]
    district_handed_over: int | None  # coordinators only
    target: int = MONTHLY_TARGET

    @property
    def teams_meeting(self) -> int:
        return sum(team.met for team in self.teams)


# The month's handovers against the targets head everyone's dashboard and handover list.
# The box is kept, rendered, for each person, day and language until a team, a person or a
# place changes (`access.TEAMS_AND_PLACES_VERSION_KEY`), or a handover or a target does (this
# key, portal/receivers.py): `portal/templatetags/monthly_targets.py`. A counter moves with a
# handover, in its transaction; the recount's correction of a drift, and a change made while
# the cache could not be told, are seen within TARGETS_TIMEOUT.
HANDOVERS_AND_TARGETS_VERSION_KEY = "handovers-and-targets:version"
TARGETS_TIMEOUT = 300  # seconds


def monthly_targets(user: User, today: date | None = None) -> MonthlyTargets:
    """Handovers this month against the target of each youth IT team's area (its own, the
    nearest above, or the plan's "at least 2 a month"), for each team the person sees, and
    over every area a coordinator runs (from the counters)."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    teams = list(
        access.teams_visible_to(user)
        .filter(kind=Team.Kind.YOUTH_IT, is_active=True)
        # Each team's handovers of the month counted on their own (the index on team and
        # day finds them), not by joining every handover ever made to the teams and
        # filtering afterwards: 17 ms at ten thousand handovers, growing with the years.
        .annotate(
            month_handovers=Coalesce(
                Subquery(
                    Handover.objects.filter(
                        team=OuterRef("pk"), handed_on__gte=first, returned_on__isnull=True
                    )
                    .order_by()
                    .values("team")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                0,
            )
        )
        .order_by("month_handovers", "name")
        .select_related("commune")
    )
    # One query for the targets of every commune and of the coordinator's own area.
    appointed = user.coordinated_area if (areas := access.coordinated_areas(user)) else None
    places = {team.commune for team in teams if team.commune} | (
        {appointed} if appointed else set()
    )
    targets = monthly_targets_of(places)

    def target_of(area: Area | None) -> int:
        return MONTHLY_TARGET if area is None else targets[area.pk]

    rows = [TeamTarget(team, team.month_handovers, target_of(team.commune)) for team in teams]
    district = None
    if areas:  # not nested: each handover counted once
        district = (
            Counter.objects.filter(
                area__in=areas, key=Figure.DEVICES_HANDED_OVER, period=month_of(today)
            ).aggregate(total=Sum("value"))["total"]
            or 0
        )
    return MonthlyTargets(
        month=month_of(today),
        teams=rows,
        district_handed_over=district,
        target=target_of(appointed) if appointed else (rows[0].target if rows else MONTHLY_TARGET),
    )


@dataclass(frozen=True)
class VolunteerHours:
    minutes_by_work: dict[str, int]  # work kind → minutes credited

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes_by_work.values())

    @property
    def hours(self) -> float:
        return round(self.total_minutes / 60, 1)

    @property
    def lines(self) -> list[tuple["StrOrPromise", float]]:
        """(what, hours) for each kind of work done, in a fixed order."""
        return [
            (label, round(self.minutes_by_work[work] / 60, 1))
            for work, label in WORK_LABELS.items()
            if work in self.minutes_by_work
        ]


def volunteer_hours(person: User) -> VolunteerHours:
    """Time given to the program, from what the person logged (a fixed handful of queries)."""
    counts = {
        "intake": Device.objects.filter(received_by=person).count(),
        "check": SpecCheck.objects.filter(checked_by=person).count(),
        "repair": Repair.objects.filter(done_by=person).count(),
        "handover": Handover.objects.filter(recorded_by=person).count(),
        "follow_up": FollowUp.objects.filter(done_by=person).count(),
        "support": SupportNote.objects.filter(
            author=person, kind=SupportNote.Kind.RESOLVED
        ).count(),
    }
    minutes = {work: count * WORK_MINUTES[work] for work, count in counts.items()}
    minutes["training_led"] = (
        TrainingSession.objects.filter(trainers=person).aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    minutes["training_attended"] = (
        TrainingSession.objects.filter(volunteers=person).aggregate(total=Sum("minutes"))["total"]
        or 0
    )
    return VolunteerHours({work: value for work, value in minutes.items() if value})
