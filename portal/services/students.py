"""The beneficiary list: proposing, correcting, deciding, consent, the access log and the
anonymisation of records whose purpose has ended."""

import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.figures import Figure
from portal.models import (
    CONSENT_FIELDS,
    ConsentRecord,
    School,
    Student,
    StudentAccess,
    StudentStatus,
    User,
)
from portal.models.students import CIRCUMSTANCE_PRIORITY
from portal.services.counters import counter_bump
from portal.services.once import once
from portal.signals import consent_changed
from portal.workflows import STUDENT

S = StudentStatus

# The fields a school proposes (and corrects); the rest is the program's.
PROPOSED_FIELDS = (
    "full_name",
    "birth_date",
    "grade",
    "commune",
    "guardian_name",
    "guardian_phone",
    "circumstance",
    "needs_device",
    "needs_sim",
    "needs_internet",
)


def identity_key(full_name: str, birth_date: date | None) -> str:
    """The same child however the name is typed: case, spacing and Unicode form ignored."""
    name = " ".join(unicodedata.normalize("NFC", full_name).casefold().split())
    born = birth_date.isoformat() if birth_date else ""
    return hashlib.sha256(f"{name}|{born}".encode()).hexdigest()


def student_access_record(*, actor: User, students: Iterable[Student | int], action: str) -> None:
    """One row per student shown, in one query: the log a coordinator reads per student.
    On PostgreSQL the ids go in as one array: `bulk_create` sends the same INSERT, but built
    and checked a model object per row first, 2 ms of a list page's 30 rows (0.7 ms
    without)."""
    ids = [student if isinstance(student, int) else student.pk for student in students]
    connection = connections[router.db_for_write(StudentAccess)]
    if connection.vendor != "postgresql":
        StudentAccess.objects.bulk_create(
            StudentAccess(student_id=pk, actor=actor, action=action) for pk in ids
        )
    elif ids:
        with connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO portal_studentaccess (student_id, actor_id, action, "at")'
                " SELECT student_id, %s, %s, %s FROM unnest(%s::bigint[]) AS student_id",
                [actor.pk, action, timezone.now(), ids],
            )


def student_propose(*, actor: User, school: School, fields: dict) -> tuple[Student, bool]:
    """Add a student to a school's list; the same child already on it is returned as it is
    (a re-imported list or a second teacher adds no duplicate). Returns (student, created)."""
    if not access.schools_proposable_by(actor).filter(pk=school.pk).exists():
        raise PermissionDenied
    key = identity_key(fields["full_name"], fields.get("birth_date"))
    return once(
        Student,
        school=school,
        identity_key=key,
        create=lambda: _proposed(
            Student(school=school, proposed_by=actor, identity_key=key, **fields)
        ),
    )


def _proposed(student: Student) -> Student:
    _complete(student)
    student.full_clean(exclude=["identity_key"])
    student.save()
    return student


def _complete(student: Student) -> Student:
    """What the program adds to a proposed child: the name's spacing and the priority."""
    student.full_name = " ".join(student.full_name.split())
    student.priority = CIRCUMSTANCE_PRIORITY[student.circumstance]
    return student


def students_propose_many(
    *, actor: User, school: School, rows: list[dict], batch_size: int
) -> Iterator[int]:
    """Add a checked list to a school's list, as `student_propose` adds one child, in a
    fixed number of queries plus one INSERT per batch: yields how many children each batch
    added. A child already on the list is left as it is. Run it inside the caller's
    transaction, so the list is saved whole or not at all.

    The rows were checked by the student form (the same checks as a typed child, and the
    model's, for the fields a school fills in); the database's constraints stand behind
    both. A batch that meets a child added meanwhile by someone else (the unique identity)
    is redone row by row through `student_propose`, which keeps the one already there."""
    if not access.schools_proposable_by(actor).filter(pk=school.pk).exists():
        raise PermissionDenied
    keys = [identity_key(fields["full_name"], fields.get("birth_date")) for fields in rows]
    existing = set(
        Student.objects.filter(school=school, identity_key__in=set(keys)).values_list(
            "identity_key", flat=True
        )
    )
    new = [
        _complete(Student(school=school, proposed_by=actor, identity_key=key, **fields))
        for key, fields in zip(keys, rows, strict=True)
        if key not in existing
    ]
    for start in range(0, len(new), batch_size):
        batch = new[start : start + batch_size]
        try:
            with transaction.atomic():
                Student.objects.bulk_create(batch)
            yield len(batch)
        except IntegrityError:
            yield sum(
                student_propose(actor=actor, school=school, fields=_fields_of(student))[1]
                for student in batch
            )


def _fields_of(student: Student) -> dict:
    return {name: getattr(student, name) for name in PROPOSED_FIELDS}


@transaction.atomic
def student_update(*, actor: User, student: Student, fields: dict) -> Student:
    if not access.can_edit_student(actor, student):
        raise PermissionDenied
    student = Student.objects.select_for_update().get(pk=student.pk)
    for name, value in fields.items():
        setattr(student, name, value)
    student.full_name = " ".join(student.full_name.split())
    student.identity_key = identity_key(student.full_name, student.birth_date)
    student.priority = CIRCUMSTANCE_PRIORITY[student.circumstance]
    student.full_clean()
    student.save()
    student_access_record(actor=actor, students=[student], action=StudentAccess.Action.CHANGED)
    return student


def _decide(
    actor: User,
    student: Student,
    step: str,
    may: Callable[[User, Student], bool],
    to: str,
    note: str,
) -> Student:
    if not may(actor, student):
        raise PermissionDenied
    student = Student.objects.select_for_update().get(pk=student.pk)
    STUDENT.check(student, to, step=step)
    if to == S.NOT_ELIGIBLE and not note.strip():
        raise ValidationError(_("Hãy ghi lý do không đủ điều kiện."))
    now = timezone.now()
    if to == S.VERIFIED:
        student.verified_by, student.verified_at, student.verification_note = actor, now, note
        counter_bump(key=Figure.STUDENTS_VERIFIED, area=student.commune, when=now)
    student.status_note = note
    student.purpose_ended_on = timezone.localdate() if to == S.NOT_ELIGIBLE else None
    STUDENT.move(student, to, step=step, actor=actor, note=note, when=now)
    return student


@transaction.atomic
def student_verify(*, actor: User, student: Student, note: str = "") -> Student:
    """The team has met the family and confirms what the school wrote."""
    return _decide(actor, student, "student_verify", access.can_verify_student, S.VERIFIED, note)


@transaction.atomic
def student_approve(*, actor: User, student: Student, note: str = "") -> Student:
    """The student may now be handed a device."""
    return _decide(actor, student, "student_approve", access.can_approve_student, S.APPROVED, note)


@transaction.atomic
def student_reject(*, actor: User, student: Student, note: str = "") -> Student:
    """Not eligible, with the reason; the record's purpose ends today."""
    return _decide(
        actor, student, "student_reject", access.can_verify_student, S.NOT_ELIGIBLE, note
    )


@transaction.atomic
def student_reopen(*, actor: User, student: Student, note: str = "") -> Student:
    """Look again at a student found not eligible: back to the school's proposal."""
    return _decide(actor, student, "student_reopen", access.can_approve_student, S.PROPOSED, note)


@transaction.atomic
def consent_record(
    *, actor: User, student: Student, purpose: str, granted: bool, collected_on: date
) -> ConsentRecord:
    """Record a guardian's yes or no. A "no" takes effect at once: the flag the rest of the
    system reads changes in this transaction, and listeners (public stories) are told."""
    if not access.can_record_consent(actor, student):
        raise PermissionDenied
    if collected_on > timezone.localdate():
        raise ValidationError(_("Ngày lấy ý kiến không thể ở tương lai."))
    student = Student.objects.select_for_update().get(pk=student.pk)
    record = ConsentRecord.objects.create(
        student=student,
        purpose=purpose,
        granted=granted,
        collected_on=collected_on,
        collected_by=actor,
    )
    setattr(student, CONSENT_FIELDS[purpose], granted)
    student.save(update_fields=[CONSENT_FIELDS[purpose]])
    transaction.on_commit(
        lambda: consent_changed.send(
            sender=Student, student_id=student.pk, purpose=purpose, granted=granted
        )
    )
    return record


@transaction.atomic
def students_anonymise(*, today: date | None = None) -> int:
    """Erase what identifies a child once the record has served its purpose for the
    retention period (settings.STUDENT_RETENTION_DAYS). The figures stay: commune, school,
    grade, circumstance and dates are not personal on their own."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.STUDENT_RETENTION_DAYS)
    due = list(
        Student.objects.select_for_update().filter(
            purpose_ended_on__lte=cutoff, anonymised_at__isnull=True
        )
    )
    for student in due:
        for handover in student.handovers.exclude(acknowledgement=""):
            handover.acknowledgement.delete(save=False)
            handover.save(update_fields=["acknowledgement"])
        student.full_name = _("Học sinh đã ẩn danh #%(number)s") % {"number": student.pk}
        student.birth_date = None
        student.guardian_name = student.guardian_phone = ""
        student.verification_note = student.status_note = ""
        student.identity_key = f"anonymised-{student.pk}"
        student.anonymised_at = timezone.now()
        student.save()
    return len(due)
