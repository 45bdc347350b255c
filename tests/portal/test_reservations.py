"""A ready device kept for one approved student: the device page says for whom (the name
only to those who may see it), and the handover form offers it to that student alone."""

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import DeviceStatus
from portal.selectors.students import handable_devices
from portal.services.devices import device_reserve, device_unreserve
from tests.factories.students import approved, handed_over, ready_laptop

pytestmark = pytest.mark.django_db


@pytest.fixture
def reserved(teacher, school, leader, team):
    lan = approved(teacher, leader, school)
    laptop = device_reserve(actor=leader, device=ready_laptop(leader, team), student=lan)
    return lan, laptop


def test_a_reserved_device_says_for_whom(client, leader, coordinator_password_only, reserved):
    lan, laptop = reserved

    assert (laptop.status, laptop.reserved_for) == (DeviceStatus.RESERVED, lan)
    client.force_login(leader)
    page = client.get(reverse("portal:device_detail", args=[laptop.pk])).content.decode()
    assert f"Đã dành cho học sinh {lan.full_name}" in page
    # A coordinator without a second factor in this session learns only that it is kept.
    client.force_login(coordinator_password_only)
    page = client.get(reverse("portal:device_detail", args=[laptop.pk])).content.decode()
    assert "Đã dành cho một học sinh" in page
    assert lan.full_name not in page


def test_a_reserved_device_is_offered_only_to_its_student(teacher, school, leader, team, reserved):
    lan, laptop = reserved
    other = approved(teacher, leader, school, full_name="Trần Văn Minh")

    assert laptop in handable_devices(leader, sims=False, student=lan)
    assert laptop not in handable_devices(leader, sims=False, student=other)
    with pytest.raises(ValidationError, match="đã được dành cho một học sinh khác"):
        handed_over(leader, other, team, device=laptop)
    handed_over(leader, lan, team, device=laptop)
    laptop.refresh_from_db()
    assert (laptop.status, laptop.reserved_for) == (DeviceStatus.HANDED_OVER, None)


def test_a_reservation_is_released(leader, reserved):
    _lan, laptop = reserved

    laptop = device_unreserve(actor=leader, device=laptop)

    assert (laptop.status, laptop.reserved_for) == (DeviceStatus.READY, None)


def test_a_leader_reserves_from_the_device_page(client, teacher, school, leader, team):
    # Past 9 999 students (a city's program): an id written "12.345", with the Vietnamese
    # thousands separator, would send the form a student it does not know.
    lan = approved(teacher, leader, school, pk=12_345)
    laptop = ready_laptop(leader, team)
    client.force_login(leader)
    page = client.get(reverse("portal:device_detail", args=[laptop.pk])).content.decode()
    assert f'<option value="{lan.pk}">' in page

    client.post(reverse("portal:device_reserve", args=[laptop.pk]), {"student": lan.pk})

    laptop.refresh_from_db()
    assert laptop.reserved_for == lan
