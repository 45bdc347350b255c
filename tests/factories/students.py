"""Students and handovers made through the real services, as the portal makes them."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portal import specs
from portal.models import ConsentPurpose
from portal.services.handovers import handover_record
from portal.services.students import (
    consent_record,
    student_approve,
    student_propose,
    student_verify,
)
from tests.factories.devices import GOOD_LAPTOP, checked, received


def good_sim() -> specs.Measurements:
    return specs.Measurements(
        data_gb_per_day=Decimal(4), valid_until=timezone.localdate() + timedelta(days=200)
    )


def student_fields(commune, **fields) -> dict:
    return {
        "full_name": "Nguyễn Thị Lan",
        "birth_date": date(2013, 3, 14),
        "grade": 6,
        "commune": commune,
        "guardian_name": "Nguyễn Văn Hùng",
        "guardian_phone": "0912345678",
        "circumstance": "poor",
        "needs_device": "laptop",
        "needs_sim": True,
        **fields,
    }


def proposed(proposer, school, **fields):
    student, _created = student_propose(
        actor=proposer, school=school, fields=student_fields(school.commune, **fields)
    )
    return student


def approved(proposer, approver, school, **fields):
    """Proposed by the school, verified and approved by the commune's team leader (or a
    coordinator), with the guardian's consent to receive a device."""
    return approve(approver, proposed(proposer, school, **fields))


def approve(approver, student):
    """A proposed student verified and approved, with the guardian's consent to a device."""
    student_verify(actor=approver, student=student, note="Đã đến nhà")
    student_approve(actor=approver, student=student)
    consent_record(
        actor=approver,
        student=student,
        purpose=ConsentPurpose.DEVICE,
        granted=True,
        collected_on=timezone.localdate(),
    )
    student.refresh_from_db()
    return student


def ready_laptop(actor, team):
    return checked(actor, received(actor, team), GOOD_LAPTOP)


def ready_sim(actor, team):
    return checked(actor, received(actor, team, kind="sim"), good_sim())


def handed_over(actor, student, team, *, sim=None, device=None, **fields):
    today = timezone.localdate()
    return handover_record(
        actor=actor,
        student=student,
        device=device or ready_laptop(actor, team),
        sim=sim,
        team=team,
        handed_on=fields.pop("handed_on", today),
        place=fields.pop("place", "Nhà văn hóa thôn"),
        follow_up_on=fields.pop("follow_up_on", today + timedelta(days=30)),
        guidance_given=True,
        **fields,
    )
