"""Who did the work: teams and volunteers ranked by what the logs say they did (intakes,
checks, repairs, handovers, check-ins, support solved, training), each credited with the
typical time in `portal.hours` — never by figures typed in. A handful of grouped queries,
however many teams and people."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from portal.hours import WORK_MINUTES
from portal.models import (
    Device,
    FollowUp,
    Handover,
    Repair,
    SpecCheck,
    SupportNote,
    Team,
    TrainingSession,
    User,
)

# (kind of work, the model, who did it, which team it counts for, when it happened)
WORK = [
    ("intake", Device, "received_by", "team", "received_at"),
    ("check", SpecCheck, "checked_by", "device__team", "checked_at"),
    ("repair", Repair, "done_by", "device__team", "done_at"),
    ("handover", Handover, "recorded_by", "team", "handed_on"),
    ("follow_up", FollowUp, "done_by", "handover__team", "done_on"),
    ("support", SupportNote, "author", "request__team", "created_at"),
]


@dataclass
class Standing:
    subject: object  # a team or a person
    minutes: int = 0
    work: dict = field(default_factory=lambda: defaultdict(int))  # kind → how many

    @property
    def tasks(self) -> int:
        return sum(self.work.values())

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def _since(when_field: str, since: date | None) -> Q:
    if since is None:
        return Q()
    lookup = f"{when_field}__date__gte" if "_at" in when_field else f"{when_field}__gte"
    return Q(**{lookup: since})


def _done(model: type[Any]) -> QuerySet:
    if model is SupportNote:
        return model.objects.filter(kind=SupportNote.Kind.RESOLVED)
    if model is FollowUp:
        return model.objects.filter(done_on__isnull=False)
    return model.objects.all()


def team_standings(teams: Iterable[Team], since: date | None = None) -> list[Standing]:
    standings = {team.pk: Standing(team) for team in teams}
    for kind, model, _who, team_field, when in WORK:
        rows = (
            _done(model)
            .filter(_since(when, since), **{f"{team_field}__in": list(standings)})
            .values(team_field)
            .annotate(n=Count("pk"))
        )
        for row in rows:
            standing = standings[row[team_field]]
            standing.work[kind] += row["n"]
            standing.minutes += row["n"] * WORK_MINUTES[kind]
    sessions = (
        TrainingSession.objects.filter(_since("held_on", since), team__in=list(standings))
        .values("team")
        .annotate(n=Count("pk"), length=Sum("minutes"))
    )
    for row in sessions:
        standings[row["team"]].work["training"] += row["n"]
        standings[row["team"]].minutes += row["length"]
    return sorted(standings.values(), key=lambda s: (-s.minutes, str(s.subject)))


def volunteer_standings(
    people: QuerySet[User], since: date | None = None, limit: int = 20
) -> list[Standing]:
    ids = set(people.values_list("pk", flat=True))
    minutes: dict[int, Standing] = {}

    def credit(person_id: int, kind: str, count: int, length: int) -> None:
        if person_id not in ids:
            return
        standing = minutes.setdefault(person_id, Standing(person_id))
        standing.work[kind] += count
        standing.minutes += length

    for kind, model, who, _team, when in WORK:
        rows = _done(model).filter(_since(when, since)).values(who).annotate(n=Count("pk"))
        for row in rows:
            credit(row[who], kind, row["n"], row["n"] * WORK_MINUTES[kind])
    for role in ("trainers", "volunteers"):
        rows = (
            TrainingSession.objects.filter(_since("held_on", since))
            .values(role)
            .annotate(n=Count("pk"), length=Sum("minutes"))
        )
        for row in rows:
            credit(row[role], "training", row["n"], row["length"] or 0)
    ranked = sorted(minutes.values(), key=lambda s: -s.minutes)[:limit]
    names = User.objects.in_bulk([s.subject for s in ranked])
    for standing in ranked:
        standing.subject = names[standing.subject]
    return ranked
