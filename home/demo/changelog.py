"""A month of the coordinator's change log ("Nhật ký thay đổi"), as a district would find it:
the demo's changes spread over the last 30 days in the order they were made, and the lists
exported and the student records read that four weeks of work bring.

The services record every event at the moment it happens, so a demo loaded in a few seconds
would show them all at one minute; here they are placed on working hours of past days."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.db.models import Max, QuerySet
from django.utils import timezone

from home.demo.accounts import demo_people
from portal import access
from portal.models import AuditEvent, StudentAccess
from portal.services.audit import audit_record
from portal.services.students import student_access_record

DAYS = 30
EXPORT = AuditEvent.Action.LIST_EXPORTED
Action = StudentAccess.Action

# (day of the week, hour, who, list, format, their rows of it): a usual week's exports.
WEEKLY_EXPORTS = [
    (0, 8, "dieuphoi", "devices", "xlsx", access.devices_visible_to),
    (0, 17, "totruong", "devices", "csv", access.devices_visible_to),
    (2, 9, "dieuphoi", "support", "xlsx", access.support_visible_to),
    (3, 19, "totruong", "offers", "xlsx", access.offers_visible_to),
    (4, 15, "dieuphoi", "training", "csv", access.training_visible_to),
]


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _at(moment: datetime, record: Callable[..., object], **arguments) -> None:
    """Record through a service, then date what it wrote at `moment`."""
    last_event = AuditEvent.objects.aggregate(pk=Max("pk"))["pk"] or 0
    last_read = StudentAccess.objects.aggregate(pk=Max("pk"))["pk"] or 0
    record(**arguments)
    AuditEvent.objects.filter(pk__gt=last_event).update(created_at=moment)
    StudentAccess.objects.filter(pk__gt=last_read).update(at=moment)


def _export(*, actor, name: str, fmt: str, rows: QuerySet, students: bool = False) -> None:
    # What portal/exports.py records for a file, without building one.
    audit_record(action=EXPORT, actor=actor, list=name, format=fmt, rows=rows.count())
    if students:
        student_access_record(
            actor=actor, students=rows.values_list("student", flat=True), action=Action.EXPORTED
        )


def _four_weeks_of_reading(today: date) -> None:
    mailboxes = ("dieuphoi", "totruong", "giaovien")
    people = dict(zip(mailboxes, demo_people(*mailboxes), strict=True))
    leader, teacher = people["totruong"], people["giaovien"]
    for week in range(4):
        monday = today - timedelta(days=today.weekday() + 7 * (3 - week))
        for day, hour, mailbox, name, fmt, rows in WEEKLY_EXPORTS:
            when, actor = monday + timedelta(days=day), people[mailbox]
            if when < today:
                _at(_local(when, hour), _export, actor=actor, name=name, fmt=fmt, rows=rows(actor))
        for day, hour, reader in ((1, 10, teacher), (3, 16, leader)):
            when = monday + timedelta(days=day)
            if when >= today:
                continue
            students = list(access.students_visible_to(reader).order_by("pk")[:8])
            _at(
                _local(when, hour),
                student_access_record,
                actor=reader,
                students=students,
                action=Action.LISTED,
            )
            _at(
                _local(when, hour, 5),
                student_access_record,
                actor=reader,
                students=students[:2],
                action=Action.VIEWED,
            )
        friday = monday + timedelta(days=4)
        if friday < today:
            handovers = access.handovers_visible_to(leader)
            _at(
                _local(friday, 16, 30),
                _export,
                actor=leader,
                name="handovers",
                fmt="xlsx",
                rows=handovers,
                students=True,
            )


def _spread(events: QuerySet, field: str, since: datetime, today: date) -> None:
    """Move what this load recorded onto the past month's working hours, in order."""
    rows = list(events.filter(**{f"{field}__gte": since}).order_by("pk"))
    for index, row in enumerate(rows):
        position = index * DAYS / len(rows)  # days into the month, 08:00–20:00 each
        day = today - timedelta(days=DAYS - int(position))
        setattr(row, field, _local(day, 8) + timedelta(minutes=(position % 1) * 12 * 60))
    events.model.objects.bulk_update(rows, [field], batch_size=500)


def load(since: datetime) -> None:
    """`since`: when this load began; only what it recorded moves. Run again, it adds no
    second month of exports."""
    today = timezone.localdate()
    _spread(AuditEvent.objects.all(), "created_at", since, today)
    _spread(StudentAccess.objects.all(), "at", since, today)
    if not AuditEvent.objects.filter(action=EXPORT).exists():
        _four_weeks_of_reading(today)
