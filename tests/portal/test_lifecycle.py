import threading
import uuid
from datetime import timedelta

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from portal import lifecycle, specs
from portal.models import Device, DeviceEvent, DeviceStatus
from portal.services.devices import device_intake, device_transition
from portal.tasks import warn_expiring_sims
from tests.factories.devices import BROKEN_PHONE, GOOD_LAPTOP, checked, received

pytestmark = pytest.mark.django_db
S = DeviceStatus


def test_every_status_has_its_row_and_liquidated_is_final():
    assert set(lifecycle.TRANSITIONS) == set(S.values)
    assert lifecycle.TRANSITIONS[S.LIQUIDATED] == frozenset()
    for targets in lifecycle.TRANSITIONS.values():
        assert targets <= set(S.values)


def test_a_device_that_has_not_passed_cannot_be_handed_over(volunteer, team):
    phone = checked(volunteer, received(volunteer, team, kind="phone"), BROKEN_PHONE)
    assert phone.status == S.NEEDS_REPAIR

    with pytest.raises(
        ValidationError,
        match="Không thể chuyển thiết bị từ “Cần sửa chữa, nâng cấp” sang “Đã trao tặng”",
    ):
        device_transition(actor=volunteer, device=phone, to=S.HANDED_OVER)

    phone.refresh_from_db()
    assert phone.status == S.NEEDS_REPAIR
    assert not DeviceEvent.objects.filter(to_status=S.HANDED_OVER).exists()


def test_a_passed_device_can_be_handed_over_once(volunteer, team):
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)

    device_transition(actor=volunteer, device=laptop, to=S.HANDED_OVER)

    with pytest.raises(ValidationError):
        device_transition(actor=volunteer, device=laptop, to=S.HANDED_OVER)


def test_the_event_log_tells_the_whole_story(volunteer, team):
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)

    steps = list(laptop.events.values_list("from_status", "to_status", "actor"))

    assert steps == [
        ("", S.RECEIVED, volunteer.pk),
        (S.RECEIVED, S.CHECKING, volunteer.pk),
        (S.CHECKING, S.READY, volunteer.pk),
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_volunteers_moving_the_same_device_at_once_cannot_both_win(
    live_database, volunteer, team, leader
):
    """On PostgreSQL the row lock makes the second wait and then see the new status."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has no row locks (select_for_update is ignored); CI runs this on PostgreSQL"
        )
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    barrier, outcomes = threading.Barrier(2), []

    def hand_over(actor):
        barrier.wait()
        try:
            device_transition(actor=actor, device=laptop, to=S.HANDED_OVER)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=hand_over, args=(actor,)) for actor in (volunteer, leader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(outcomes)[-1] == "ok" and outcomes.count("ok") == 1
    assert "Không thể chuyển thiết bị" in sorted(outcomes)[0]
    assert laptop.events.filter(to_status=S.HANDED_OVER).count() == 1


def test_sim_given_to_a_student_warns_its_team_once_before_it_expires(
    volunteer, leader, team, mailoutbox, django_capture_on_commit_callbacks
):

    soon = received(
        volunteer, team, kind="sim", valid_until=timezone.localdate() + timedelta(days=100)
    )
    soon = checked(volunteer, soon, None) if False else soon

    soon = checked(
        volunteer,
        soon,
        specs.Measurements(data_gb_per_day=soon.data_gb_per_day, valid_until=soon.valid_until),
    )
    device_transition(actor=volunteer, device=soon, to=S.HANDED_OVER)
    soon.valid_until = timezone.localdate() + timedelta(days=5)
    soon.save(update_fields=["valid_until"])

    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring_sims.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring_sims.delay().get() == 0

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [leader.email]
    assert soon.asset_code in mailoutbox[0].body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_intake_sent_twice_at_once_records_one_device(live_database, volunteer, team):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions; CI runs this on PostgreSQL")
    key, barrier, results = uuid.uuid4(), threading.Barrier(2), []

    def send():
        barrier.wait()
        try:
            results.append(
                device_intake(
                    actor=volunteer, team=team, fields={"kind": "phone"}, intake_key=key
                ).pk
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert len(results) == 2 and len(set(results)) == 1
    assert Device.objects.count() == 1
