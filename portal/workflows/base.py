"""The one way a status changes.

An entity's `Workflow` declares its states, the moves allowed between them (the table) and
its steps: one named service each, with the moves that service may make and the states it may
start from. `Workflow.move` is the only code that writes a status. It refuses a move the step
does not make (and so any move outside the table), whoever calls it, and writes the entity's
event log in the caller's transaction, so a status never changes unrecorded.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

Move = tuple[str, str]


@dataclass(frozen=True)
class Step:
    """What one service may do to the status: `moves`, from `starts` (by default the states
    its moves leave). `refusal` is what it says when called in another state, with
    %(status)s and the entity's name as placeholders; `kind` names its log entry where the
    log has kinds."""

    moves: frozenset[Move] = frozenset()
    starts: frozenset[str] = frozenset()
    refusal: str | None = None
    kind: str = ""

    def __post_init__(self):
        if not self.starts:
            object.__setattr__(self, "starts", frozenset(start for start, _to in self.moves))


def step(moves: Iterable[Move] = (), *, starts: Iterable[str] = (), refusal=None, kind="") -> Step:
    return Step(frozenset(moves), frozenset(starts), refusal, kind)


# log(obj, previous status, step, actor, note, when): append the entity's event.
Log = Callable[[models.Model, str, Step, object, str, datetime], None]


def event_log(model: type[models.Model], field: str) -> Log:
    """The log of an entity whose events are rows of (it, from, to, who, note)."""

    def log(obj, previous, _step, actor, note, _when) -> None:
        model.objects.create(
            **{field: obj}, from_status=previous, to_status=obj.status, actor=actor, note=note
        )

    return log


@dataclass(frozen=True)
class Workflow:
    name: str
    # Every state (a TextChoices member) with the states that may follow it.
    table: dict[str, frozenset[str]]
    steps: dict[str, Step]
    # What a move outside the table is told, with %(status)s and %(target)s.
    refusal: str
    log: Log
    # The field that keeps the time of the last change, where the entity keeps one.
    changed_at: str = ""
    states: type[models.TextChoices] = field(init=False)
    edges: frozenset[Move] = field(init=False)

    def __post_init__(self):
        edges = frozenset((start, to) for start, ends in self.table.items() for to in ends)
        object.__setattr__(self, "edges", edges)
        object.__setattr__(self, "states", type(next(iter(self.table))))

    def allowed(self, current: str, target: str) -> bool:
        return (current, target) in self.edges

    def can(self, obj, step: str) -> bool:
        """Whether the step may start from the object's status (for the buttons a page shows)."""
        return obj.status in self.steps[step].starts

    def targets(self, step: str, current: str) -> list[str]:
        """Where the step may take an object in this status, in the states' order."""
        moves = self.steps[step].moves
        return [state for state in self.states.values if (current, state) in moves]

    def require(self, obj, step: str) -> None:
        """Refuse, in the step's words, an object the step may not start from."""
        if not self.can(obj, step):
            refusal = self.steps[step].refusal
            raise ValidationError(self._words(obj, refusal) if refusal else self._illegal(obj, ""))

    def check(self, obj, to: str, *, step: str) -> None:
        """Refuse a move the step does not make, before the step writes anything."""
        if (obj.status, to) not in self.steps[step].moves or not self.allowed(obj.status, to):
            if self.steps[step].refusal:
                self.require(obj, step)
            raise ValidationError(self._illegal(obj, to))

    def move(
        self,
        obj,
        to: str,
        *,
        step: str,
        actor,
        note: str = "",
        when: datetime | None = None,
        update_fields: Iterable[str] | None = None,
    ) -> None:
        """Change the status of a locked object, save it and log the move. `update_fields`
        None saves the whole row (the step set other fields with the status)."""
        self.check(obj, to, step=step)
        previous, obj.status = obj.status, to
        self._save(obj, step, previous, actor, note, when, update_fields)

    def stay(self, obj, *, step: str, actor, note: str = "", when=None, update_fields=None):
        """A logged step that keeps the status (a request reassigned, an offer rerouted)."""
        self.require(obj, step)
        self._save(obj, step, obj.status, actor, note, when, update_fields)

    def _save(self, obj, step, previous, actor, note, when, update_fields) -> None:
        when = when or timezone.now()
        fields = ["status"]
        if self.changed_at and previous != obj.status:
            setattr(obj, self.changed_at, when)
            fields.append(self.changed_at)
        obj.save(update_fields=None if update_fields is None else [*fields, *update_fields])
        self.log(obj, previous, self.steps[step], actor, note, when)

    def _words(self, obj, message: str, target: str = "") -> str:
        status = self.states(obj.status).label
        values = {"status": status, "current": status, self.name: obj}
        if target:
            values["target"] = self.states(target).label
        return str(message) % values

    def _illegal(self, obj, target: str) -> str:
        return self._words(obj, self.refusal, target or obj.status)
