import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.figures import Figure
from portal.models import Student, StudentAccess, TrainingSession, User
from portal.services.counters import counter_bump
from portal.services.once import once
from portal.services.students import student_access_record


@transaction.atomic
def training_record(
    *,
    actor: User,
    fields: dict,
    trainers: Iterable[User],
    students: Iterable[Student] = (),
    volunteers: Iterable[User] = (),
    form_key: uuid.UUID | None = None,
) -> TrainingSession:
    """Log a session with who led it and who attended; it counts as people trained (each
    listed student and volunteer, plus the head count of others) and as volunteer time (its
    length for each trainer and each volunteer attending)."""
    return once(
        TrainingSession,
        form_key=form_key,
        create=lambda: _record(actor, fields, trainers, students, volunteers, form_key),
    )[0]


def _record(
    actor: User,
    fields: dict,
    trainers: Iterable[User],
    students: Iterable[Student],
    volunteers: Iterable[User],
    form_key: uuid.UUID | None,
) -> TrainingSession:
    if not access.intake_teams(actor).filter(pk=fields["team"].pk).exists():
        raise PermissionDenied
    people = access.trainable_people(actor)
    trainers, volunteers, students = set(trainers), set(volunteers), set(students)
    if len(people.filter(pk__in=[p.pk for p in trainers | volunteers])) != len(
        trainers | volunteers
    ):
        raise PermissionDenied
    visible = access.students_visible_to(actor).filter(pk__in=[s.pk for s in students])
    if visible.count() != len(students):
        raise PermissionDenied
    if not trainers:
        raise ValidationError(_("Hãy chọn ít nhất một người hướng dẫn."))
    if fields["held_on"] > timezone.localdate():
        raise ValidationError(_("Chỉ ghi buổi đã diễn ra: ngày không thể ở tương lai."))
    session = TrainingSession(recorded_by=actor, form_key=form_key, **fields)
    session.people_trained = len(students) + len(volunteers - trainers) + session.head_count
    if not session.people_trained:
        raise ValidationError(_("Hãy chọn người tham dự hoặc ghi số người tham dự."))
    session.full_clean()
    session.save()
    session.trainers.set(trainers)
    session.volunteers.set(volunteers - trainers)
    session.students.set(students)
    student_access_record(actor=actor, students=students, action=StudentAccess.Action.CHANGED)
    commune, when = session.commune, session.held_on
    counter_bump(key=Figure.TRAINING_SESSIONS, area=commune, when=when)
    counter_bump(key=Figure.PEOPLE_TRAINED, area=commune, delta=session.people_trained, when=when)
    counter_bump(
        key=Figure.VOLUNTEER_MINUTES,
        area=commune,
        delta=session.minutes * (len(trainers) + len(volunteers - trainers)),
        when=when,
    )
    return session
