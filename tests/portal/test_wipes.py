"""The data-wipe record: no device that can hold a donor's data is ready, handed over or sold
without one, and the record is kept by two different people."""

from datetime import timedelta

import pytest

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.models import DataWipe, DeviceStatus, Handover, Sale, WipeMethod
from portal.services.devices import device_reserve, device_unreserve, spec_check_record
from portal.services.fund import sale_approve
from portal.services.wipes import data_wipe_record
from portal.workflows.devices import STEPS
from tests.factories import MembershipFactory
from tests.factories.devices import (
    BROKEN_PHONE,
    GOOD_LAPTOP,
    checked,
    listed_for_sale,
    received,
    sale_recorded,
    wiped,
)
from tests.factories.students import approved, handed_over, ready_sim

pytestmark = pytest.mark.django_db
S = DeviceStatus
REFUSED = "Chưa có biên bản xoá dữ liệu"


def _legacy_ready(actor, team):
    """A laptop made ready before wipes were recorded: its record is gone."""
    laptop = checked(actor, received(actor, team), GOOD_LAPTOP)
    DataWipe.objects.filter(device=laptop).delete()
    return laptop


# The gate, at the service level, on every way to "ready", out, and to a sale.


def test_a_laptop_that_passes_its_check_without_a_wipe_is_refused_and_nothing_is_saved(
    volunteer, team
):
    laptop = received(volunteer, team)

    with pytest.raises(ValidationError, match="trước khi chuyển sang Sẵn sàng trao"):
        spec_check_record(actor=volunteer, device=laptop, measurements=GOOD_LAPTOP)

    laptop.refresh_from_db()
    assert laptop.status == S.RECEIVED
    assert not laptop.checks.exists()
    assert laptop.events.count() == 1


def test_once_wiped_the_same_check_makes_it_ready(volunteer, leader, team):
    laptop = received(volunteer, team)
    wiped(volunteer, laptop, verified_by=leader)

    spec_check_record(actor=volunteer, device=laptop, measurements=GOOD_LAPTOP)

    laptop.refresh_from_db()
    assert laptop.status == S.READY


def test_a_failed_check_needs_no_wipe(volunteer, team):
    phone = checked(volunteer, received(volunteer, team, kind="phone"), BROKEN_PHONE, wipe=False)

    assert phone.status == S.NEEDS_REPAIR


def test_a_sim_holds_no_data_and_is_ready_without_a_wipe(volunteer, team):
    sim = ready_sim(volunteer, team)

    assert sim.status == S.READY
    assert not DataWipe.objects.filter(device=sim).exists()
    with pytest.raises(ValidationError, match="không cần xoá"):
        wiped(volunteer, sim)


def test_a_ready_device_without_a_wipe_is_not_handed_over(volunteer, leader, teacher, school, team):
    laptop = _legacy_ready(volunteer, team)
    student = approved(teacher, leader, school)

    with pytest.raises(ValidationError, match="trước khi trao máy"):
        handed_over(volunteer, student, team, device=laptop)

    laptop.refresh_from_db()
    assert laptop.status == S.READY
    assert not Handover.objects.exists()


def test_a_reserved_device_without_a_wipe_is_not_released_to_ready_until_wiped(
    volunteer, leader, teacher, school, team
):
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    device_reserve(actor=volunteer, device=laptop, student=approved(teacher, leader, school))
    DataWipe.objects.filter(device=laptop).delete()

    with pytest.raises(ValidationError, match=REFUSED):
        device_unreserve(actor=volunteer, device=laptop)
    wiped(volunteer, laptop, verified_by=leader)
    device_unreserve(actor=volunteer, device=laptop)

    laptop.refresh_from_db()
    assert laptop.status == S.READY


def test_a_sale_is_not_recorded_before_the_wipe(volunteer, team):
    phone = listed_for_sale(volunteer, team, wipe=False)

    with pytest.raises(ValidationError, match="trước khi ghi bán thanh lý"):
        sale_recorded(volunteer, phone)

    assert not Sale.objects.exists()
    wiped(volunteer, phone)
    assert sale_recorded(volunteer, phone).device == phone


def test_a_sale_recorded_before_the_rule_is_not_approved_without_a_wipe(
    volunteer, coordinator, team
):
    phone = listed_for_sale(volunteer, team)
    sale = sale_recorded(volunteer, phone)
    DataWipe.objects.filter(device=phone).delete()

    with pytest.raises(ValidationError, match="trước khi duyệt bán thanh lý"):
        sale_approve(actor=coordinator, sale=sale)

    sale.refresh_from_db()
    phone.refresh_from_db()
    assert sale.approved_at is None
    assert sale.fund_entry is None
    assert phone.status == S.TO_LIQUIDATE


def test_the_gate_holds_on_every_move_into_ready_in_the_table():
    """Every way into "ready" is a service that calls the one gate (device_move); this lists
    them, so a new way in is seen here."""
    into_ready = sorted(
        name for name, step in STEPS.items() for _a, to in step.moves if to == S.READY
    )

    assert into_ready == ["device_unreserve", "spec_check_record"]


# The record itself.


def test_the_record_notes_the_wipe_on_the_device_journey_without_moving_it(volunteer, leader, team):
    laptop = received(volunteer, team)

    wipe = data_wipe_record(
        actor=volunteer,
        device=laptop,
        method=WipeMethod.NIST_CLEAR,
        tool="nwipe 0.34",
        wiped_on=timezone.localdate(),
        verified_by=leader,
    )

    laptop.refresh_from_db()
    event = laptop.events.last()
    assert laptop.status == S.RECEIVED
    assert (event.from_status, event.to_status, event.actor) == (S.RECEIVED, S.RECEIVED, volunteer)
    assert "nwipe 0.34" in event.note
    assert str(leader) in event.note
    assert (wipe.wiped_by, wipe.verified_by, wipe.recorded_by) == (volunteer, leader, volunteer)


@pytest.mark.parametrize(
    ("field", "change", "words"),
    [
        ("verified_by", "self", "phải là người khác với người xoá"),
        ("wiped_on", "tomorrow", "không được ở tương lai"),
        ("method", WipeMethod.FACTORY_RESET, "chỉ dùng cho điện thoại, máy tính bảng"),
    ],
)
def test_the_service_refuses_a_record_that_proves_nothing(
    volunteer, leader, team, field, change, words
):
    laptop = received(volunteer, team)
    arguments = {
        "method": WipeMethod.NIST_CLEAR,
        "wiped_on": timezone.localdate(),
        "verified_by": leader,
    }
    arguments[field] = {
        "self": volunteer,
        "tomorrow": timezone.localdate() + timedelta(days=1),
    }.get(change, change)

    with pytest.raises(ValidationError) as refused:
        data_wipe_record(actor=volunteer, device=laptop, tool="nwipe", **arguments)

    assert words in " ".join(refused.value.message_dict[field])
    assert not DataWipe.objects.exists()
    assert laptop.events.count() == 1


def test_a_factory_reset_is_a_method_for_a_tablet(volunteer, leader, team):
    tablet = received(volunteer, team, kind="tablet")

    wipe = wiped(volunteer, tablet, verified_by=leader, method=WipeMethod.FACTORY_RESET)

    assert wipe.get_method_display() == "Khôi phục cài đặt gốc khi máy đã mã hoá"


def test_the_verifier_must_be_someone_who_works_on_the_device(volunteer, other_volunteer, team):
    laptop = received(volunteer, team)

    with pytest.raises(ValidationError, match="người làm việc với thiết bị này"):
        wiped(volunteer, laptop, verified_by=other_volunteer)


def test_only_those_who_work_on_the_device_record_its_wipe(
    other_volunteer, volunteer, leader, team
):
    laptop = received(volunteer, team)

    with pytest.raises(PermissionDenied):
        wiped(other_volunteer, laptop, verified_by=leader)


def test_a_device_has_one_wipe_record(volunteer, leader, team):
    laptop = received(volunteer, team)
    wiped(volunteer, laptop, verified_by=leader)

    with pytest.raises(ValidationError, match="đã có biên bản xoá dữ liệu"):
        wiped(leader, laptop, verified_by=volunteer)

    assert DataWipe.objects.count() == 1


def test_no_wipe_is_recorded_for_a_device_already_with_a_student(
    volunteer, leader, teacher, school, team
):
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    handed_over(volunteer, approved(teacher, leader, school), team, device=laptop)
    DataWipe.objects.filter(device=laptop).delete()

    with pytest.raises(ValidationError, match="chương trình đang giữ"):
        wiped(volunteer, laptop, verified_by=leader)


# The portal form.


def _form(client, laptop):
    page = client.get(reverse("portal:device_wipe", args=[laptop.pk])).content.decode()
    key = page.split('name="form_key" value="')[1].split('"')[0]
    return page, key


def _data(key, verifier, **changes):
    return {
        "form_key": key,
        "method": WipeMethod.NIST_CLEAR,
        "tool": "nwipe 0.34",
        "wiped_on": timezone.localdate().isoformat(),
        "verified_by": verifier.pk,
        "notes": "",
        **changes,
    }


def test_the_form_records_the_wipe_once_however_often_it_is_sent(client, volunteer, leader, team):
    laptop = received(volunteer, team)
    client.force_login(volunteer)
    page, key = _form(client, laptop)
    url = reverse("portal:device_wipe", args=[laptop.pk])

    first = client.post(url, _data(key, leader))
    second = client.post(url, _data(key, leader))

    assert "Khôi phục cài đặt gốc" not in page  # a laptop is not wiped by a reset
    assert first.status_code == second.status_code == 302
    assert DataWipe.objects.filter(device=laptop).count() == 1
    assert laptop.events.count() == 2  # received, and the one wipe note


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"verified_by": "self"}, "Hãy chọn một lựa chọn hợp lệ"),  # oneself is not offered
        ({"wiped_on": "tomorrow"}, "không được ở tương lai"),
        ({"method": WipeMethod.FACTORY_RESET}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"tool": ""}, "bắt buộc"),
    ],
)
def test_the_form_says_what_is_wrong_at_the_top(client, volunteer, leader, team, changes, words):
    laptop = received(volunteer, team)
    client.force_login(volunteer)
    _page, key = _form(client, laptop)
    if changes.get("verified_by") == "self":
        changes["verified_by"] = volunteer.pk
    if changes.get("wiped_on") == "tomorrow":
        changes["wiped_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()

    answer = client.post(
        reverse("portal:device_wipe", args=[laptop.pk]), _data(key, leader, **changes)
    )

    html = answer.content.decode()
    assert answer.status_code == 200
    assert "error-summary" in html
    assert words in html
    assert not DataWipe.objects.exists()


def test_the_check_form_without_a_wipe_says_so_and_saves_nothing(client, volunteer, team):
    laptop = received(volunteer, team)
    client.force_login(volunteer)
    check = client.get(reverse("portal:device_check", args=[laptop.pk])).content.decode()
    key = check.split('name="form_key" value="')[1].split('"')[0]
    data = {
        "form_key": key,
        "os_name": "windows",
        "os_version": "10",
        "cpu_ghz": "1.6",
        "ram_gb": "4",
        "disk_gb": "240",
        "working_parts": ["screen", "keyboard", "speaker", "microphone", "webcam"],
        "has_charger": "on",
        "battery_good": "on",
    }

    answer = client.post(reverse("portal:device_check", args=[laptop.pk]), data)

    assert answer.status_code == 200
    assert "ghi lại việc xoá dữ liệu trước khi chuyển sang Sẵn sàng trao" in answer.content.decode()
    laptop.refresh_from_db()
    assert laptop.status == S.RECEIVED
    assert not laptop.checks.exists()


def test_the_sale_form_without_a_wipe_says_so_and_saves_nothing(client, volunteer, team):
    phone = listed_for_sale(volunteer, team, wipe=False)
    client.force_login(volunteer)

    answer = client.post(
        reverse("portal:device_sale", args=[phone.pk]),
        {
            "buyer_name": "Cửa hàng",
            "buyer_phone": "",
            "price_vnd": "100000",
            "sold_on": "2026-11-01",
        },
    )

    assert answer.status_code == 200
    assert "trước khi ghi bán thanh lý" in answer.content.decode()
    assert not Sale.objects.exists()


def test_the_device_page_shows_the_wipe_or_the_button_in_few_queries(
    client, volunteer, leader, team, django_assert_max_num_queries
):
    laptop = received(volunteer, team)
    other = received(volunteer, team)
    wiped(volunteer, laptop, verified_by=leader)
    client.force_login(volunteer)
    client.get(reverse("portal:device_detail", args=[other.pk]))  # the session warmed up

    with django_assert_max_num_queries(25):
        shown = client.get(reverse("portal:device_detail", args=[laptop.pk])).content.decode()
    waiting = client.get(reverse("portal:device_detail", args=[other.pk])).content.decode()

    assert "nwipe 0.34" in shown
    assert f"{volunteer} xoá, {leader} kiểm tra lại" in shown
    assert reverse("portal:device_wipe", args=[laptop.pk]) not in shown
    assert reverse("portal:device_wipe", args=[other.pk]) in waiting
    assert "Chưa có biên bản xoá dữ liệu" in waiting


def test_the_wipe_form_offers_the_team_s_members_as_the_second_person(
    client, volunteer, leader, team, other_volunteer
):
    retired = MembershipFactory(
        team=team, person__is_active=False, person__first_name="Nghỉ"
    ).person
    laptop = received(volunteer, team)
    client.force_login(volunteer)

    page, _key = _form(client, laptop)

    assert f'value="{leader.pk}"' in page
    assert f'value="{volunteer.pk}"' not in page
    assert f'value="{retired.pk}"' not in page
    assert f'value="{other_volunteer.pk}"' not in page


def test_a_sim_has_no_wipe_form(client, volunteer, team):
    sim = received(volunteer, team, kind="sim")
    client.force_login(volunteer)

    assert client.get(reverse("portal:device_wipe", args=[sim.pk])).status_code == 404
