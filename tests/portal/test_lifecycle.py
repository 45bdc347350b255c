import threading
import uuid
from datetime import timedelta

import pytest

from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal import specs
from portal.models import Counter, Device, DeviceEvent, DeviceStatus, Handover
from portal.services.devices import device_intake, device_transition
from portal.services.fund import sale_approve
from portal.tasks import warn_expiring_sims
from portal.workflows import DEVICE
from tests.factories.devices import (
    BROKEN_PHONE,
    GOOD_LAPTOP,
    checked,
    listed_for_sale,
    received,
    sale_recorded,
)
from tests.factories.students import approved, handed_over, ready_laptop

pytestmark = pytest.mark.django_db
S = DeviceStatus


def test_liquidated_is_final():
    assert DEVICE.table[S.LIQUIDATED] == frozenset()


def test_the_status_service_refuses_a_handover_or_a_liquidation_without_its_record(
    volunteer, coordinator, team
):
    """A handover needs its Handover (student, place, acknowledgement) and a liquidation its
    approved Sale (the money in the fund): the plain status change may make neither."""
    laptop = ready_laptop(volunteer, team)
    phone = listed_for_sale(volunteer, team)
    events_before = DeviceEvent.objects.count()

    with pytest.raises(ValidationError, match="Chỉ ghi trao tặng qua biểu mẫu trao tặng"):
        device_transition(actor=volunteer, device=laptop, to=S.HANDED_OVER)
    with pytest.raises(ValidationError, match="khi điều phối viên duyệt giao dịch bán"):
        device_transition(actor=coordinator, device=phone, to=S.LIQUIDATED)

    laptop.refresh_from_db()
    phone.refresh_from_db()
    assert (laptop.status, phone.status) == (S.READY, S.TO_LIQUIDATE)
    assert DeviceEvent.objects.count() == events_before
    assert not Handover.objects.exists()
    assert not Counter.objects.filter(
        key__in=["devices_handed_over", "devices_liquidated"]
    ).exists()


def test_by_hand_a_device_moves_only_where_no_other_record_is_due(volunteer, coordinator, team):
    """Walk a laptop through the table: each move a volunteer makes by hand is taken, each
    move that follows from a check, a handover or a sale is refused, with its reason."""
    laptop = ready_laptop(volunteer, team)
    # Reserving names a student (device_reserve); by hand it is refused before the table is asked.
    with pytest.raises(ValidationError, match="không chuyển bằng tay được"):
        device_transition(actor=volunteer, device=laptop, to=S.RESERVED)
    steps = [
        (S.HANDED_OVER, "Chỉ ghi trao tặng qua biểu mẫu trao tặng"),
        (S.CHECKING, None),
        (S.READY, "theo kết quả kiểm tra cấu hình"),
        (S.NEEDS_REPAIR, "theo kết quả kiểm tra cấu hình"),
        (S.UNREPAIRABLE, None),
        (S.TO_LIQUIDATE, None),
        (S.LIQUIDATED, "khi điều phối viên duyệt giao dịch bán"),
    ]
    for target, refusal in steps:
        laptop.refresh_from_db()
        assert DEVICE.allowed(laptop.status, target)  # the table alone would let it
        if refusal:
            with pytest.raises(ValidationError, match=refusal):
                device_transition(actor=volunteer, device=laptop, to=target)
        else:
            device_transition(actor=volunteer, device=laptop, to=target)

    taken = [target for target, refusal in steps if not refusal]
    after_the_check = list(laptop.events.values_list("to_status", flat=True))[4:]
    assert after_the_check == taken  # (received, its wipe noted, checking, ready came before)
    sale = sale_recorded(volunteer, laptop)
    sale_approve(actor=coordinator, sale=sale)
    laptop.refresh_from_db()
    assert laptop.status == S.LIQUIDATED


def test_the_device_page_offers_only_the_moves_made_by_hand(client, volunteer, team):
    laptop = ready_laptop(volunteer, team)
    client.force_login(volunteer)

    page = client.get(reverse("portal:device_detail", args=[laptop.pk])).content.decode()
    answer = client.post(
        reverse("portal:device_transition", args=[laptop.pk]), {"to": S.HANDED_OVER}, follow=True
    )

    assert 'value="checking"' in page
    assert 'value="handed_over"' not in page
    assert "Chỉ ghi trao tặng qua biểu mẫu trao tặng" in answer.content.decode()
    laptop.refresh_from_db()
    assert laptop.status == S.READY


def test_the_event_log_tells_the_whole_story(volunteer, team):
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)

    steps = list(laptop.events.values_list("from_status", "to_status", "actor"))

    assert steps == [
        ("", S.RECEIVED, volunteer.pk),
        (S.RECEIVED, S.RECEIVED, volunteer.pk),  # its data wiped: noted, no move
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
    phone = checked(volunteer, received(volunteer, team, kind="phone"), BROKEN_PHONE)
    device_transition(actor=volunteer, device=phone, to=S.UNREPAIRABLE)
    barrier, outcomes = threading.Barrier(2), []

    def list_for_sale(actor):
        barrier.wait()
        try:
            device_transition(actor=actor, device=phone, to=S.TO_LIQUIDATE)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=list_for_sale, args=(actor,)) for actor in (volunteer, leader)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(outcomes)[-1] == "ok"
    assert outcomes.count("ok") == 1
    assert "Không thể chuyển thiết bị" in sorted(outcomes)[0]
    assert phone.events.filter(to_status=S.TO_LIQUIDATE).count() == 1


def test_sim_given_to_a_student_warns_its_team_once_before_it_expires(
    volunteer, leader, team, teacher, school, mailoutbox, django_capture_on_commit_callbacks
):
    soon = received(
        volunteer, team, kind="sim", valid_until=timezone.localdate() + timedelta(days=100)
    )
    soon = checked(
        volunteer,
        soon,
        specs.Measurements(data_gb_per_day=soon.data_gb_per_day, valid_until=soon.valid_until),
    )
    handed_over(volunteer, approved(teacher, leader, school), team, sim=soon)
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

    assert len(results) == 2
    assert len(set(results)) == 1
    assert Device.objects.count() == 1
