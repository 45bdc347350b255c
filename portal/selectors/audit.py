"""The coordinator's change log: audited changes and exports (`AuditEvent`) and reads of
student records (`StudentAccess`), newest first in one list, as `portal.access` scopes them.

The two tables are merged in the database (a UNION of ids and times) so a page of 50 costs
the same whatever the size of the log; only the page's rows are then loaded."""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import CharField, F, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from portal import access

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from portal.models import AuditEvent, StudentAccess, User

# Reads of student records are filtered as "student:<action>", beside the audit actions.
READ = "student:"


def change_log_actions() -> list[tuple[str, "StrOrPromise"]]:
    reads = [
        (f"{READ}{value}", _("Học sinh: %(action)s") % {"action": label})
        for value, label in StudentAccess.Action.choices
    ]
    return [*AuditEvent.Action.choices, *reads]


def change_log(user: User, action: str = "") -> QuerySet:
    """(kind, pk, when) rows, newest first: "audit" or "read", for `change_log_entries`."""
    events = access.audit_events_visible_to(user)
    reads = access.student_accesses_visible_to(user)
    if action.startswith(READ):
        events, reads = events.none(), reads.filter(action=action.removeprefix(READ))
    elif action:
        events, reads = events.filter(action=action), reads.none()
    return (
        events.annotate(kind=Value("audit", output_field=CharField()), when=F("created_at"))
        .values_list("kind", "pk", "when")
        .order_by()  # each side unordered, as a UNION requires; the whole is ordered below
        .union(
            reads.annotate(kind=Value("read", output_field=CharField()), when=F("at"))
            .values_list("kind", "pk", "when")
            .order_by(),
            all=True,
        )
        .order_by("-when", "-pk")
    )


def change_log_entries(rows: Iterable[tuple[str, int, datetime]]) -> list:
    """The page's AuditEvent and StudentAccess objects, in the page's order."""
    rows = list(rows)
    events = AuditEvent.objects.select_related("actor", "person", "team").in_bulk(
        [pk for kind, pk, _when in rows if kind == "audit"]
    )
    reads = StudentAccess.objects.select_related("actor", "student__school").in_bulk(
        [pk for kind, pk, _when in rows if kind == "read"]
    )
    return [(events if kind == "audit" else reads)[pk] for kind, pk, _when in rows]
