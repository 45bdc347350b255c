"""The support desk's reads: the queues, and how well the 24-hour promise is kept.

The promise figures come from counter rows (one query for an area, one for a list of teams):
kept and broken requests, and a histogram of whole hours to first response, from which the
median is read without touching the requests themselves.
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from portal.figures import Figure as F
from portal.models import Area, Counter, SupportRequest, Team, User
from portal.models.counters import ALL_TIME
from portal.models.support import LAST_HOUR, OPEN_STATUSES, PROMISE, WARN_AFTER

QUEUES = ("open", "at_risk", "overdue", "mine", "resolved", "all")


def support_queue(requests: QuerySet[SupportRequest], queue: str, user: User) -> QuerySet:
    now = timezone.now()
    unanswered = Q(first_response_at__isnull=True, status__in=OPEN_STATUSES)
    filters = {
        "open": Q(status__in=OPEN_STATUSES),
        "at_risk": unanswered & Q(due_at__gt=now, due_at__lte=now + (PROMISE - WARN_AFTER)),
        "overdue": unanswered & Q(due_at__lte=now),
        "mine": Q(assignee=user, status__in=OPEN_STATUSES),
        "resolved": Q(status="resolved"),
        "all": Q(),
    }
    return requests.filter(filters.get(queue, filters["open"])).select_related(
        "team", "commune", "assignee"
    )


@dataclass(frozen=True)
class Promise:
    kept: int
    breached: int
    median_hours: float | None  # half the first responses came within this many hours

    @property
    def percent(self) -> int | None:
        judged = self.kept + self.breached
        return round(100 * self.kept / judged) if judged else None


def median_hours(histogram: dict[int, int]) -> int | None:
    """The upper bound, in whole hours, under which half the first responses came."""
    total = sum(histogram.values())
    if not total:
        return None
    running = 0
    for hour in sorted(histogram):
        running += histogram[hour]
        if 2 * running >= total:
            return hour + 1
    return LAST_HOUR + 1


def promise_kept(area: Area, period: str = ALL_TIME) -> Promise:
    rows = Counter.objects.filter(area=area, period=period, key__startswith="support_")
    return promise_from(dict(rows.values_list("key", "value")))


def promise_from(values: dict[str, int]) -> Promise:
    """The promise from an area's counter values (key → value)."""
    histogram = {
        int(key.rsplit(":", 1)[1]): value
        for key, value in values.items()
        if key.startswith(F.SUPPORT_RESPONSE_HOUR.of(""))
    }
    return Promise(
        values.get(F.SUPPORT_KEPT, 0), values.get(F.SUPPORT_BREACHED, 0), median_hours(histogram)
    )


@dataclass(frozen=True)
class TeamPromise:
    team: object
    promise: Promise
    open: int


def promise_by_team(
    teams: Iterable[Team], requests: QuerySet[SupportRequest], area: Area, period: str = ALL_TIME
) -> list[TeamPromise]:
    """Each team's promise in an area for the period (all time or a month "2026-11"): kept
    and broken from the counters, the median from that period's answered requests (three
    queries, however many teams)."""
    teams = list(teams)
    keys = [
        figure.of(team.pk)
        for team in teams
        for figure in (F.TEAM_SUPPORT_KEPT, F.TEAM_SUPPORT_BREACHED)
    ]
    values = dict(
        Counter.objects.filter(key__in=keys, area=area, period=period).values_list("key", "value")
    )
    answered = requests.filter(first_response_at__isnull=False, team__in=teams)
    if period != ALL_TIME:
        year, month = map(int, period.split("-"))
        answered = answered.filter(first_response_at__year=year, first_response_at__month=month)
    hours: dict[int, list[float]] = {}
    for team, created, first in answered.values_list("team_id", "created_at", "first_response_at"):
        hours.setdefault(team, []).append((first - created).total_seconds() / 3600)  # type: ignore[operator]  # filtered on first_response_at__isnull=False
    open_counts: dict[int, int] = {}
    for team in requests.filter(status__in=OPEN_STATUSES, team__in=teams).values_list(
        "team_id", flat=True
    ):
        open_counts[team] = open_counts.get(team, 0) + 1
    return [
        TeamPromise(
            team,
            Promise(
                values.get(F.TEAM_SUPPORT_KEPT.of(team.pk), 0),
                values.get(F.TEAM_SUPPORT_BREACHED.of(team.pk), 0),
                round(statistics.median(hours[team.pk]), 1) if team.pk in hours else None,
            ),
            open_counts.get(team.pk, 0),
        )
        for team in teams
    ]
