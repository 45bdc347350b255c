"""The workflows: each table says every move a service makes, each service makes only moves
of its table, and a move outside the table is refused whoever asks for it."""

import importlib
import pkgutil

import pytest

from django.core.exceptions import ValidationError

import portal.services
from portal.models import DeviceEvent, DeviceStatus, OfferStatus, StudentStatus, SupportStatus
from portal.services.devices import device_transition
from portal.services.offers import offer_transition
from portal.services.students import student_approve
from portal.services.support import support_reopen
from portal.workflows import DEVICE, WORKFLOWS
from tests.factories.desk import offered, requested
from tests.factories.devices import received
from tests.factories.students import proposed
from tests.factories.teams import commune


def services() -> dict:
    """Every public function of the services, by name."""
    found = {}
    for module_info in pkgutil.iter_modules(portal.services.__path__):
        module = importlib.import_module(f"portal.services.{module_info.name}")
        for name, value in vars(module).items():
            if callable(value) and getattr(value, "__module__", "") == module.__name__:
                found[name] = value
    return found


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda workflow: workflow.name)
def test_every_status_has_its_row_and_moves_only_to_statuses(workflow):
    states = set(workflow.states.values)
    assert set(workflow.table) == states
    for targets in workflow.table.values():
        assert targets <= states


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda workflow: workflow.name)
def test_every_step_is_a_service(workflow):
    assert set(workflow.steps) <= set(services())


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda workflow: workflow.name)
def test_every_edge_has_a_service_and_every_step_is_an_edge(workflow):
    made = set()
    for name, step in workflow.steps.items():
        assert step.moves <= workflow.edges, name
        assert step.starts <= set(workflow.states.values), name
        made |= step.moves
    assert made == workflow.edges


@pytest.mark.django_db
def test_a_device_move_outside_the_table_is_refused_and_not_logged(volunteer, team):
    laptop = received(volunteer, team)
    events = DeviceEvent.objects.count()

    with pytest.raises(ValidationError, match="Không thể chuyển thiết bị từ “Mới tiếp nhận”"):
        device_transition(actor=volunteer, device=laptop, to=DeviceStatus.TO_LIQUIDATE)
    # The helper itself refuses, whichever step a caller names.
    with pytest.raises(ValidationError, match="Không thể chuyển thiết bị"):
        DEVICE.move(laptop, DeviceStatus.READY, step="spec_check_record", actor=volunteer)

    laptop.refresh_from_db()
    assert laptop.status == DeviceStatus.RECEIVED
    assert DeviceEvent.objects.count() == events


@pytest.mark.django_db
def test_an_offer_move_outside_the_table_is_refused(volunteer, team):
    offer = offered(commune("Bát Tràng"))

    # Received is in the table, but only receiving (which counts what came) goes there.
    for target in (OfferStatus.CLOSED, OfferStatus.RECEIVED):
        refusal = f"không chuyển sang “{target.label}” được"
        with pytest.raises(ValidationError, match=refusal):
            offer_transition(actor=volunteer, offer=offer, to=target)

    offer.refresh_from_db()
    assert offer.status == OfferStatus.NEW
    assert offer.events.count() == 1


@pytest.mark.django_db
def test_a_student_move_outside_the_table_is_refused(teacher, school, leader):
    student = proposed(teacher, school)

    with pytest.raises(ValidationError, match="không thể làm việc này"):
        student_approve(actor=leader, student=student)

    student.refresh_from_db()
    assert student.status == StudentStatus.PROPOSED
    assert not student.accesses.exists()


@pytest.mark.django_db
def test_a_support_move_outside_the_table_is_refused(team, volunteer):
    request = requested(commune("Bát Tràng"))

    with pytest.raises(ValidationError, match="chưa xử lý xong"):
        support_reopen(actor=volunteer, request=request, reason="Lại hỏng")

    request.refresh_from_db()
    assert request.status == SupportStatus.NEW
    assert request.notes.count() == 1
