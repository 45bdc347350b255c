"""Reads for the data SIMs out with students: those that run out soon, or already have.

A SIM is "with a student" while its handover is not returned. It is listed from
`EXPIRY_DAYS` before its end date (the daily reminder, `portal.services.sims`, writes to
the SIM's team on the same window) and stays listed once expired, until it is renewed
(a new end date) or returned: a student cut off mid-term is the case to catch.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from portal import access
from portal.models import Device, Handover, Team, User

EXPIRY_DAYS = 14


def sims_expiring(user: User, *, today: date | None = None) -> QuerySet[Handover]:
    """The handovers whose SIM, still with the student, ends within EXPIRY_DAYS or has
    ended: of the SIMs this person sees (their teams', their area's), ended longest ago
    first."""
    today = today or timezone.localdate()
    return (
        Handover.objects.filter(
            returned_on__isnull=True,
            sim__in=access.devices_visible_to(user),
            sim__valid_until__lte=today + timedelta(days=EXPIRY_DAYS),
        )
        .select_related("sim", "sim__team", "team")
        .order_by("sim__valid_until", "pk")
    )


@dataclass(frozen=True)
class ExpiringSim:
    sim: Device
    team: Team  # the SIM's team: the one the daily reminder writes to
    handed_by: Team  # the team that gave it (most often the same)
    handed_on: date
    days_left: int  # negative once expired
    student_id: int | None  # set only when the student may be named to this person
    student_name: str

    @property
    def expired(self) -> bool:
        return self.days_left < 0


def expiring_sim_rows(
    user: User, handovers: list[Handover], *, today: date | None = None
) -> list[ExpiringSim]:
    """One page of `sims_expiring`, with the student named only to those who may see them
    (one query for the names, however long the page)."""
    today = today or timezone.localdate()
    named = dict(
        access.students_named_to(user)
        .filter(pk__in=[handover.student_id for handover in handovers])
        .values_list("pk", "full_name")
    )
    return [
        ExpiringSim(
            sim=handover.sim,
            team=handover.sim.team,
            handed_by=handover.team,
            handed_on=handover.handed_on,
            days_left=(handover.sim.valid_until - today).days,
            student_id=handover.student_id if handover.student_id in named else None,
            student_name=named.get(handover.student_id, ""),
        )
        for handover in handovers
        if handover.sim is not None and handover.sim.valid_until is not None
    ]
