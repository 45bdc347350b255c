"""Once-only writes: a double tap, a retry after a timeout and an offline re-send all land
once. The record carries a key that is unique in the database (a form's one-time key, an
intake key, a student's identity); every service that creates such a record goes through
`once`, so the look-up, the lock, the second look-up and the race lost at the constraint are
written here and nowhere else."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

Record = TypeVar("Record", bound=models.Model)


def once(
    model: type[Record],
    *,
    create: Callable[..., Record],
    lock: Callable[[], Any] | None = None,
    attempts: int = 1,
    **key: object,
) -> tuple[Record, bool]:
    """(record, created): the record already saved under `key`, else the one `create` makes.

    `lock`, when given, runs after the first look-up misses: it checks access and locks the
    rows the record depends on, and what it returns is handed to `create`. The look-up is made
    again under the lock, because the same form sent twice at once waits there for its twin.
    Two copies that do not share a lock meet at the unique constraint: `create` runs in a
    savepoint and the loser returns the winner's record. Any other integrity error (a random
    reference code drawn twice) has `create` tried again, up to `attempts` times in all, then
    is raised. Without a key (a form that did not send one) every call creates."""
    if not all(key.values()):
        return (create(lock()) if lock else create()), True
    objects = model.objects  # type: ignore[attr-defined]  # every model here keeps `objects`
    if existing := objects.filter(**key).first():
        return existing, False
    if lock:
        locked = lock()
        if existing := objects.filter(**key).first():
            return existing, False
    while True:
        attempts -= 1
        try:
            with transaction.atomic():
                return (create(locked) if lock else create()), True
        except IntegrityError:
            if existing := objects.filter(**key).first():
                return existing, False
            if not attempts:
                raise
