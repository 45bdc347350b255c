"""Handing a device to a student, taking it back, and the check-ins after.

Each function is one transaction that locks the rows it changes (student, device, SIM) in a
fixed order, so two volunteers handing over the same laptop at once queue up: the second
finds it already handed over and is told so. The partial unique constraints on Handover
stop the same thing where locks are not taken (SQLite, a manual edit).
"""

import uuid
from datetime import date, timedelta
from functools import partial
from typing import NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.figures import Figure
from portal.hours import WORK_MINUTES
from portal.models import Device, DeviceStatus, FollowUp, Handover, Student, Team, User
from portal.models import StudentStatus as S
from portal.services.counters import counter_bump
from portal.services.devices import device_lock, device_move
from portal.services.notify import notify
from portal.services.once import once
from portal.workflows import DEVICE, STUDENT

# The plan's check-ins after a handover: the first on the date the team picks, and this one.
LATER_FOLLOW_UP = timedelta(days=90)


def _refuse(message: str) -> NoReturn:
    raise ValidationError(message)


def _check_device(device: Device, student: Student, *, sim: bool) -> None:
    if device.is_sim != sim:
        _refuse(
            _("Hãy chọn một sim dữ liệu.") if sim else _("Hãy chọn một thiết bị, không phải sim.")
        )
    if device.status == DeviceStatus.HANDED_OVER:
        _refuse(_("%(device)s đã được trao cho một học sinh khác.") % {"device": device})
    DEVICE.require(device, "handover_record")
    if device.status == DeviceStatus.RESERVED and device.reserved_for_id != student.pk:
        _refuse(_("%(device)s đã được dành cho một học sinh khác.") % {"device": device})


def _bump_handover(handover: Handover, delta: int) -> None:
    commune, when = handover.student.commune, handover.handed_on
    counter_bump(
        key=Figure.DEVICES_HANDED_OVER,
        kind=handover.device.kind,
        area=commune,
        delta=delta,
        when=when,
    )
    counter_bump(key=Figure.STUDENTS_REACHED, area=commune, delta=delta, when=when)
    # Each team's handovers per month, for its "at least 2 a month" on the public page.
    counter_bump(
        key=Figure.TEAM_HANDED_OVER.of(handover.team_id), area=commune, delta=delta, when=when
    )
    if handover.sim_id:
        counter_bump(key=Figure.SIMS_GIVEN, area=commune, delta=delta, when=when)


@transaction.atomic
def handover_record(
    *,
    actor: User,
    student: Student,
    device: Device,
    team: Team,
    handed_on: date,
    place: str,
    follow_up_on: date,
    guidance_given: bool = False,
    sim: Device | None = None,
    acknowledgement: tuple | None = None,
    form_key: uuid.UUID | None = None,
) -> Handover:
    """Hand an approved student a device that passed its check (and a SIM): the device and
    SIM become "handed over", the student "served", and the check-ins are scheduled."""
    handover = Handover(
        team=team,
        handed_on=handed_on,
        place=place,
        follow_up_on=follow_up_on,
        guidance_given=guidance_given,
        recorded_by=actor,
        form_key=form_key,
    )
    locked = partial(_locked_for_handover, actor, student, device, sim, team)
    create = partial(_hand_over, actor, handover, acknowledgement)
    return once(Handover, form_key=form_key, lock=locked, create=create)[0]


def _locked_for_handover(
    actor: User, student: Student, device: Device, sim: Device | None, team: Team
) -> tuple[Student, Device, Device | None]:
    if not access.can_hand_over(actor, student):
        raise PermissionDenied
    if not access.handover_teams(actor, student).filter(pk=team.pk).exists():
        raise PermissionDenied
    for item in filter(None, [device, sim]):
        if not access.can_work_on_device(actor, item):
            raise PermissionDenied
    student = Student.objects.select_for_update().get(pk=student.pk)
    return student, device_lock(device), device_lock(sim) if sim else None


def _hand_over(
    actor: User,
    handover: Handover,
    acknowledgement: tuple | None,
    locked: tuple[Student, Device, Device | None],
) -> Handover:
    student, device, sim = locked
    handed_on, follow_up_on = handover.handed_on, handover.follow_up_on
    STUDENT.require(student, "handover_record")
    if not student.consent_device:
        _refuse(_("Chưa có ý kiến đồng ý nhận thiết bị của phụ huynh."))
    if handed_on > timezone.localdate():
        _refuse(_("Ngày trao không thể ở tương lai."))
    if follow_up_on <= handed_on:
        _refuse(_("Ngày hỏi thăm phải sau ngày trao."))
    _check_device(device, student, sim=False)
    if sim:
        _check_device(sim, student, sim=True)
    handover.student, handover.device, handover.sim = student, device, sim
    handover.acknowledgement, handover.acknowledgement_type = acknowledgement or (None, "")
    try:
        with transaction.atomic():
            handover.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Thiết bị, sim hoặc học sinh này vừa được ghi trao tặng ở một lần khác.")
        ) from error
    note, step = _("Trao tặng học sinh"), "handover_record"
    for item in filter(None, [device, sim]):
        item.reserved_for = None  # the reservation is fulfilled
        device_move(item, DeviceStatus.HANDED_OVER, step=step, actor=actor, note=note)
        item.save(update_fields=["reserved_for"])
    student.purpose_ended_on = None
    STUDENT.move(student, S.SERVED, step=step, actor=actor, update_fields=["purpose_ended_on"])
    FollowUp.objects.bulk_create(
        FollowUp(handover=handover, due_on=due)
        for due in sorted({follow_up_on, handed_on + LATER_FOLLOW_UP})
    )
    _bump_handover(handover, +1)
    counter_bump(
        key=Figure.VOLUNTEER_MINUTES,
        area=student.commune,
        delta=WORK_MINUTES["handover"],
        when=handed_on,
    )
    return handover


@transaction.atomic
def handover_return(*, actor: User, handover: Handover, returned_on: date, reason: str) -> Handover:
    """The device came back (the student moved, no longer needs it, it broke): the student is
    approved again and may receive another; the device goes back to be checked."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if not access.can_hand_over(actor, handover.student):
        raise PermissionDenied
    if not handover.is_active:
        _refuse(_("Lần trao này đã được thu hồi."))
    if not reason.strip():
        _refuse(_("Hãy ghi lý do thu hồi."))
    if returned_on < handover.handed_on or returned_on > timezone.localdate():
        _refuse(_("Ngày thu hồi phải từ ngày trao đến hôm nay."))
    student = Student.objects.select_for_update().get(pk=handover.student_id)
    note, step = _("Thu hồi: %(reason)s") % {"reason": reason}, "handover_return"
    for item in filter(None, [handover.device, handover.sim]):
        device_move(device_lock(item), DeviceStatus.RETURNED, step=step, actor=actor, note=note)
    handover.returned_on, handover.return_reason, handover.returned_by = returned_on, reason, actor
    handover.save(update_fields=["returned_on", "return_reason", "returned_by"])
    handover.follow_ups.filter(done_on__isnull=True).update(cancelled=True)
    student.purpose_ended_on = None
    STUDENT.move(student, S.APPROVED, step=step, actor=actor, update_fields=["purpose_ended_on"])
    _bump_handover(handover, -1)
    return handover


@transaction.atomic
def follow_up_record(
    *, actor: User, follow_up: FollowUp, done_on: date, device_in_use: bool, note: str = ""
) -> FollowUp:
    follow_up = (
        FollowUp.objects.select_for_update()
        .select_related("handover__student")
        .get(pk=follow_up.pk)
    )
    handover = follow_up.handover
    if not access.can_record_consent(actor, handover.student):
        raise PermissionDenied
    if follow_up.done_on or follow_up.cancelled:
        return follow_up  # already recorded (a re-sent form)
    if done_on > timezone.localdate() or done_on < handover.handed_on:
        _refuse(_("Ngày hỏi thăm phải từ ngày trao đến hôm nay."))
    follow_up.done_on, follow_up.done_by = done_on, actor
    follow_up.device_in_use, follow_up.note = device_in_use, note
    follow_up.save()
    counter_bump(
        key=Figure.VOLUNTEER_MINUTES,
        area=handover.student.commune,
        delta=WORK_MINUTES["follow_up"],
        when=done_on,
    )
    open_left = handover.follow_ups.filter(done_on__isnull=True, cancelled=False).exists()
    if handover.is_active and not open_left:
        # The last check-in closes the purpose the data was collected for.
        Student.objects.filter(pk=handover.student_id).update(purpose_ended_on=done_on)
    return follow_up


# A check-in the team missed hearing about (the reminder job did not run that morning) is
# still told for a few days; older ones are in the team's list of check-ins.
REMIND_WITHIN = timedelta(days=3)


@transaction.atomic
def follow_ups_remind(*, today: date | None = None) -> int:
    """Tell each team of its check-ins falling due today (or in the last days, when a run was
    missed). Once per check-in: the notice's event is the check-in, so running again, even
    on the same day, sends nothing more. Returns how many check-ins were looked at."""
    today = today or timezone.localdate()
    due = list(
        FollowUp.objects.filter(
            due_on__range=(today - REMIND_WITHIN, today),
            done_on__isnull=True,
            cancelled=False,
            handover__returned_on__isnull=True,
        ).select_related("handover__team__commune", "handover__device")
    )
    for follow_up in due:
        notify("followup_due", subject=follow_up, event=f"followup:{follow_up.pk}:due")
    return len(due)
